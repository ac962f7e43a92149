/**
 * `kiln simulate`'s loop: render the XR (kiln render's pipeline), hand the desired composed
 * resources to a simulated provider that reconciles them one pass per step, feed what it
 * observes (and the XR's new status) into the next render, until the XR is Ready and a pass
 * changes nothing, or the step limit is reached. Each step is recorded for the trace.
 */
import { isKilnError } from "../../core/errors.ts";
import { formatIdentity, identityOf, type KubeObject } from "../../core/identity.ts";
import { sortKeysGoYaml } from "../../core/yaml-emit.ts";
import { ANNOTATION_RESOURCE_NAME, type RenderInputs, renderComposition } from "../render/pipeline.ts";
import { behaviorFor, type ManagedState, reconcile, type SimulatedProvider } from "./provider.ts";

export interface SimulateInputs extends Omit<RenderInputs, "observed"> {
  /** Provider behaviour and faults; kiln's defaults apply where it has no rule. */
  provider?: SimulatedProvider;
  /** Step limit (default 20). */
  steps?: number;
}

/** What happened to one composed resource in a step. */
export interface ResourceStep {
  /** Composition resource name. */
  name: string;
  /** `Kind namespace/name` as the simulated cluster holds it. */
  object: string;
  /** Desired by this step's render (false: the provider deleted it). */
  desired: boolean;
  /** First desired in this step. */
  added: boolean;
  /** The function marked it READY_TRUE. */
  ready: boolean;
  /** The provider's pass: created, updated, deleted or unchanged. */
  change: "created" | "updated" | "deleted" | "unchanged";
  /** Observed conditions after the pass, e.g. `Ready=False (Creating)`. */
  conditions: string;
  /** atProvider fields that appeared or changed in this pass (not mirrored from forProvider). */
  reported: Record<string, unknown>;
}

export interface SimulationStep {
  step: number;
  /** The render failed (e.g. a FATAL result); desired state was not applied. */
  error?: string;
  /** Non-fatal results, e.g. `Warning: waiting for the IP`. */
  results: string[];
  /** XR conditions after this render, e.g. `Ready=False (Creating: Unready resources: droplet)`. */
  xrConditions: string[];
  /** XR status fields (other than conditions) that changed in this render. */
  xrStatus: Record<string, unknown>;
  resources: ResourceStep[];
}

export interface SimulationResult {
  xr: string;
  converged: boolean;
  /** Steps run. */
  steps: number;
  /** Why it did not converge. */
  reason?: string;
  trace: SimulationStep[];
  /** The XR as last observed (with the status the pipeline set). */
  observedXr: KubeObject;
  /** Composed resources as last observed, by composition resource name. */
  observed: Record<string, KubeObject>;
}

const key = (v: unknown) => JSON.stringify(sortKeysGoYaml(v));

/** Runs the render → provider loop for one XR. Never throws for pipeline failures: they end up in the trace. */
export async function simulate(inputs: SimulateInputs): Promise<SimulationResult> {
  const limit = inputs.steps ?? 20;
  const xrId = formatIdentity(identityOf(inputs.xr));
  const state = new Map<string, ManagedState & { desired: KubeObject }>();
  let xr = structuredClone(inputs.xr);
  const trace: SimulationStep[] = [];
  let unready: string[] = [];
  let lastError: string | undefined;

  for (let step = 1; step <= limit; step++) {
    const record: SimulationStep = { step, results: [], xrConditions: [], xrStatus: {}, resources: [] };
    trace.push(record);
    let desired: Map<string, { obj: KubeObject; ready: boolean }> | undefined;
    let xrReady = false;
    try {
      const out = await renderComposition({
        ...inputs,
        xr,
        observed: [...state.values()].map((s) => s.observed),
      });
      desired = new Map(
        out.composed.map((o) => {
          const name = o.metadata.annotations![ANNOTATION_RESOURCE_NAME]!;
          return [name, { obj: o, ready: !out.unready.includes(name) }];
        }),
      );
      record.results = out.results.map((r) => `${severityWord(String(r.severity))}: ${String(r.message)}`);
      const before = (xr.status ?? {}) as Record<string, unknown>;
      const after = (out.xr.status ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(after))
        if (k !== "conditions" && key(v) !== key(before[k])) record.xrStatus[k] = v;
      record.xrConditions = ((after.conditions ?? []) as Array<Record<string, unknown>>).map(formatCondition);
      xr = { ...xr, status: after };
      unready = out.unready;
      xrReady = out.ready;
      lastError = undefined;
    } catch (e) {
      if (!isKilnError(e)) throw e;
      lastError = e.message;
      record.error = e.message;
      record.xrConditions = [`Synced=False (ReconcileError: ${e.message})`];
    }

    // The provider pass. After a failed render Crossplane applies nothing, but the provider
    // keeps reconciling what exists.
    let changed = false;
    const names = new Set([...state.keys(), ...(desired?.keys() ?? [])]);
    for (const name of [...names].sort()) {
      const prev = state.get(name);
      const want = desired ? desired.get(name)?.obj : prev?.desired;
      if (!want) {
        state.delete(name);
        changed = true;
        record.resources.push({
          name,
          object: formatIdentity(identityOf(prev!.observed)),
          desired: false,
          added: false,
          ready: false,
          change: "deleted",
          conditions: "",
          reported: {},
        });
        continue;
      }
      const behavior = behaviorFor(inputs.provider, name, want);
      const next = reconcile(behavior, want, prev, step, `${xrId}/${name}`);
      const change = !prev
        ? "created"
        : key(specOf(prev.desired)) !== key(specOf(want))
          ? "updated"
          : "unchanged";
      if (change !== "unchanged") changed = true;
      state.set(name, { ...next, desired: want });
      record.resources.push({
        name,
        object: formatIdentity(identityOf(next.observed)),
        desired: desired !== undefined,
        added: !prev,
        ready: desired?.get(name)?.ready ?? false,
        change,
        conditions: conditionsOf(next.observed),
        reported: reportedFields(prev?.observed, next.observed),
      });
    }

    if (!lastError && xrReady && !changed) {
      return finish(true, step);
    }
  }
  return finish(false, limit);

  function finish(converged: boolean, steps: number): SimulationResult {
    const observed = Object.fromEntries([...state].map(([n, s]) => [n, s.observed]));
    const result: SimulationResult = { xr: xrId, converged, steps, trace, observedXr: xr, observed };
    if (!converged) result.reason = notConvergedReason(xrId, steps, lastError, unready, observed, xr);
    return result;
  }
}

function notConvergedReason(
  xrId: string,
  steps: number,
  error: string | undefined,
  unready: readonly string[],
  observed: Record<string, KubeObject>,
  xr: KubeObject,
): string {
  if (error) return `${error} (XR ${xrId}, after ${steps} steps)`;
  const conds = (
    (xr.status as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ?? []
  ).filter((c) => c.type === "Ready");
  const ready = conds.find((c) => c.status === "True");
  if (ready) return `XR ${xrId} is Ready but its desired state was still changing after ${steps} steps`;
  const why = unready.map((n) => `${n}: ${observed[n] ? problemOf(observed[n]) : "not created"}`);
  const msg = conds[0]?.message ? ` (${String(conds[0].message)})` : "";
  return `XR ${xrId} is not Ready after ${steps} steps${msg}${why.length ? `; ${why.join("; ")}` : ""}`;
}

function severityWord(s: string): string {
  return s === "SEVERITY_WARNING" ? "Warning" : s === "SEVERITY_NORMAL" ? "Normal" : s;
}

function formatCondition(c: Record<string, unknown>): string {
  const detail = [c.reason, c.message].filter(Boolean).map(String).join(": ");
  return `${String(c.type)}=${String(c.status)}${detail ? ` (${detail})` : ""}`;
}

function conditionsList(o: KubeObject): Array<Record<string, unknown>> {
  return ((o.status as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ??
    []) as Array<Record<string, unknown>>;
}

/** `Ready=True`, or every condition that is not True when something is wrong. */
function conditionsOf(o: KubeObject): string {
  const list = conditionsList(o);
  const bad = list.filter((c) => c.status !== "True");
  return (bad.length ? bad : list.filter((c) => c.type === "Ready")).map(formatCondition).join(", ");
}

function problemOf(o: KubeObject): string {
  const bad = conditionsList(o).filter((c) => c.status !== "True");
  return bad.length ? bad.map(formatCondition).join(", ") : "Ready=True but not marked ready by the function";
}

function specOf(o: KubeObject): unknown {
  return { spec: o.spec, labels: o.metadata.labels, annotations: o.metadata.annotations };
}

/** atProvider fields a pass added or changed, leaving out those that only mirror forProvider. */
function reportedFields(prev: KubeObject | undefined, next: KubeObject): Record<string, unknown> {
  const at = (o: KubeObject | undefined) =>
    (o?.status as { atProvider?: Record<string, unknown> } | undefined)?.atProvider ?? {};
  const fp = ((next.spec as { forProvider?: Record<string, unknown> } | undefined)?.forProvider ??
    {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(at(next))) {
    if (key(v) === key(fp[k])) continue;
    if (key(v) !== key(at(prev)[k])) out[k] = v;
  }
  return out;
}
