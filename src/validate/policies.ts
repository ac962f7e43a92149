/**
 * Policies: rules about what may be committed, beyond what the apiserver accepts. One is built
 * in (no plaintext Secret in Git-bound output); users add their own with `definePolicy`.
 */
import type { KubeObject } from "../model/identity.ts";
import { hasSopsMetadata, isOpaqueValue, sopsShapeProblems } from "../secrets/shape.ts";

/** What a policy reports for one resource. `path` is a JSON path inside the resource. */
export interface PolicyFinding {
  message: string;
  path?: string;
  /** Defaults to the policy's severity. */
  severity?: "error" | "warning";
}

/** Context a policy sees besides the resource. */
export interface PolicyContext {
  /** File the resource was read from (or its source file when it comes from a control plane). */
  file?: string;
}

/** A user policy: resource in, findings out. Must be pure (it may run in worker threads). */
export interface Policy {
  /** Stable id, shown as the finding's rule (`policy/<name>`). */
  name: string;
  description?: string;
  /** Severity of findings that do not set their own (default "error"). */
  severity?: "error" | "warning";
  check(resource: KubeObject, ctx: PolicyContext): PolicyFinding[] | Iterable<PolicyFinding> | undefined;
}

/** Identity helper that gives user policies full typing: `export default definePolicy({...})`. */
export function definePolicy(p: Policy): Policy {
  if (!p || typeof p.name !== "string" || !p.name || typeof p.check !== "function") {
    throw new TypeError("definePolicy needs { name: string, check(resource, ctx) }");
  }
  return p;
}

/**
 * Why a Secret with data is not safely SOPS-encrypted, or undefined when it is: its metadata must
 * have the shape sops writes (a MAC of the right form, recipients…) and every data and stringData
 * value must be ciphertext, whatever the file's encryption option says.
 */
function notEncryptedReason(obj: KubeObject): string | undefined {
  if (!hasSopsMetadata(obj)) return "not SOPS-encrypted";
  if (sopsShapeProblems(obj).length) return "its SOPS metadata is not what sops writes (see sops/metadata)";
  for (const field of ["data", "stringData"]) {
    const values = obj[field];
    if (!values || typeof values !== "object") continue;
    for (const v of Object.values(values as Record<string, unknown>))
      if (v !== "" && v !== null && !isOpaqueValue(v)) return `${field} holds values sops did not encrypt`;
  }
  return undefined;
}

/**
 * Built in: a `kind: Secret` with data must be SOPS-encrypted before it goes to Git. The
 * message never quotes the values.
 */
export const plaintextSecretPolicy: Policy = {
  name: "plaintext-secret",
  description: "no plaintext kind: Secret in Git-bound output unless SOPS-encrypted",
  check(resource) {
    if (resource.kind !== "Secret" || resource.apiVersion !== "v1") return [];
    const keys = ["data", "stringData"].flatMap((f) =>
      Object.keys((resource[f] as object | undefined) ?? {}),
    );
    const reason = keys.length === 0 ? undefined : notEncryptedReason(resource);
    if (!reason) return [];
    return [
      {
        message: `plaintext Secret (${keys.length} key${keys.length === 1 ? "" : "s"}; ${reason}) in Git-bound output: encrypt it with SOPS (kiln secrets encrypt) or have a controller produce it in-cluster (e.g. an InfisicalSecret)`,
        path: resource.data ? "data" : "stringData",
      },
    ];
  },
};
