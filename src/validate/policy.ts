/**
 * Policies: rules about what may be committed, beyond what the apiserver accepts. Users write
 * their own with `definePolicy`; the built-in one is in `policies.ts`.
 */

import type { KubeObject } from "../core/identity.ts";

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
