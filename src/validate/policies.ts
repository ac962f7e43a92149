/**
 * Policies: rules about what may be committed, beyond what the apiserver accepts. One is built
 * in (no plaintext Secret in Git-bound output); users add their own with `definePolicy`.
 */
import type { KubeObject } from "../model/identity.ts";

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

const SOPS_VALUE = /^ENC\[AES256_GCM,data:/;

function isSopsEncrypted(obj: KubeObject): boolean {
  const sops = obj.sops as Record<string, unknown> | undefined;
  if (!sops || typeof sops !== "object" || typeof sops.mac !== "string") return false;
  for (const field of ["data", "stringData"]) {
    const values = obj[field];
    if (!values || typeof values !== "object") continue;
    for (const v of Object.values(values as Record<string, unknown>)) {
      if (typeof v === "string" && v !== "" && !SOPS_VALUE.test(v)) return false;
    }
  }
  return true;
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
    if (keys.length === 0 || isSopsEncrypted(resource)) return [];
    return [
      {
        message: `plaintext Secret (${keys.length} key${keys.length === 1 ? "" : "s"}) in Git-bound output: encrypt it with SOPS (kiln secrets) or have a controller produce it in-cluster (e.g. an InfisicalSecret)`,
        path: resource.data ? "data" : "stringData",
      },
    ];
  },
};
