/**
 * Readiness and conditions of Kubernetes objects as composition functions see them. Crossplane
 * treats a composed resource as ready only when a function says READY_TRUE, so kiln always says
 * TRUE or FALSE explicitly; these helpers derive that answer from an observed object.
 */
import { getCondition, type ResourceCondition } from "@crossplane-org/function-sdk-typescript";

/** Condition types Crossplane owns on an XR; a function that sets one gets its response rejected. */
export const RESERVED_CONDITION_TYPES: ReadonlySet<string> = new Set([
  "Ready",
  "Synced",
  "Healthy",
  "UpToDate",
]);

/**
 * The condition of `type` on an object's `status.conditions`, or `{ type, status: "Unknown" }`
 * when the object, its status or the condition is absent.
 */
export function conditionOf(obj: object | undefined, type: string): ResourceCondition {
  return getCondition(obj as Record<string, unknown> | undefined, type);
}

/** True when the object has `status.conditions[type=Ready].status == "True"` (managed resources). */
export function readyFromConditions(obj: object | undefined): boolean {
  return conditionOf(obj, "Ready").status === "True";
}
