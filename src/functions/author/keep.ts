/**
 * What kiln puts in desired for an observed resource the steps did not compose this time.
 * Crossplane deletes a composed resource that a function leaves out of desired, so a resource
 * emitted only "while its inputs exist" would be deleted once the condition flips; keeping the
 * observed object prevents that. Only what a function may set is kept (apiVersion, kind, the
 * user-facing metadata and spec): status and server-managed metadata stay with the apiserver.
 */

const SERVER_METADATA = new Set([
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "ownerReferences",
  "finalizers",
  "selfLink",
]);

/** The part of an observed composed resource that is safe to send back as desired. */
export function keptFromObserved(observed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: observed.apiVersion, kind: observed.kind };
  const meta = observed.metadata as Record<string, unknown> | undefined;
  if (meta) {
    const m: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta)) if (!SERVER_METADATA.has(k)) m[k] = v;
    out.metadata = m;
  }
  if (observed.spec !== undefined) out.spec = observed.spec;
  return out;
}
