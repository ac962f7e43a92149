/**
 * The typed step API: `defineFunction({ name, resources, input, steps })` builds a
 * `KilnFunction` (see contract.ts) that the gRPC server, `kiln render` and `kiln simulate` run.
 *
 * The runner adds the guarantees that users of other function languages have to get right by
 * hand (see docs/fn.md):
 * - an observed resource the steps did not compose this time is kept in desired (Crossplane
 *   deletes what a function leaves out), unless a step explicitly `release`s it;
 * - readiness is always explicit (READY_TRUE or READY_FALSE, never unspecified);
 * - while a declared resource is neither composed nor observed, the XR is held not ready
 *   (desired composite READY_FALSE) and its `ResourcesComposed` condition names what is missing;
 * - a bad input, a missing observed composite or an exception in a step is a FATAL result.
 */
import {
  Ready,
  type Resource,
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
  Status,
  Target,
} from "@crossplane-org/function-sdk-typescript";
import { KilnError } from "../../core/errors.ts";
import { isObject, setOwn } from "../../core/object.ts";
import { type CallState, StepContext } from "./context.ts";
import { KILN_FUNCTION, type KilnFunction } from "./contract.ts";
import { InputError, type InputType } from "./input.ts";
import { keptFromObserved } from "./keep.ts";
import { readyFromConditions } from "./readiness.ts";

/** One named step of a function; steps run in order and share one {@link StepContext}. */
export interface Step<Names extends string = string, I = unknown> {
  name: string;
  run(ctx: StepContext<Names, I>): void | Promise<void>;
}

/** What {@link defineFunction} takes. */
export interface FunctionDefinition<Names extends string, I> {
  /** The Function's name, as a Composition's `functionRef.name` refers to it. */
  name: string;
  /**
   * Every composed resource name the function will eventually compose, including those it
   * emits only once their inputs exist. kiln holds the XR not ready until all of them exist.
   */
  resources: readonly Names[];
  /** The step input's declared type (`inputSchema(…)` or `inputValidator(…)`). */
  input?: InputType<I>;
  steps: ReadonlyArray<Step<Names, I>>;
  /** How long Crossplane may cache the response (seconds). Default 60, as in the SDK. */
  ttlSeconds?: number;
}

/** The condition kiln sets on every XR it composes. */
export const RESOURCES_COMPOSED = "ResourcesComposed";

/** Builds a composition function from steps. Throws a KilnError for a malformed definition. */
export function defineFunction<const Names extends string, I = undefined>(
  def: FunctionDefinition<Names, I>,
): KilnFunction {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(def.name)) {
    throw new KilnError(`function name "${def.name}" is not a valid Kubernetes object name`);
  }
  const declared = new Set<string>(def.resources);
  if (declared.size !== def.resources.length) {
    const dup = def.resources.find((n, i) => def.resources.indexOf(n) !== i);
    throw new KilnError(`function ${def.name}: resource name "${dup}" is declared twice`);
  }
  const stepNames = def.steps.map((s) => s.name);
  const dupStep = stepNames.find((n, i) => stepNames.indexOf(n) !== i);
  if (dupStep !== undefined)
    throw new KilnError(`function ${def.name}: step name "${dupStep}" is used twice`);
  const ttl = { seconds: def.ttlSeconds ?? 60, nanos: 0 };
  return {
    kind: KILN_FUNCTION,
    name: def.name,
    ...(def.input?.schema ? { inputSchema: def.input.schema } : {}),
    run: async (req) => {
      try {
        return await runSteps(def, declared, ttl, req);
      } catch (e) {
        // Only a bug in kiln itself gets here; the contract says run() does not throw.
        return fatalResponse(req, ttl, `internal error in function ${def.name}: ${(e as Error).message}`);
      }
    },
  };
}

async function runSteps<Names extends string, I>(
  def: FunctionDefinition<Names, I>,
  declared: ReadonlySet<string>,
  ttl: { seconds: number; nanos: number },
  req: RunFunctionRequest,
): Promise<RunFunctionResponse> {
  if (!req.observed?.composite?.resource) {
    return fatalResponse(
      req,
      ttl,
      "the request has no observed composite resource (observed.composite.resource)",
    );
  }
  let input: I;
  try {
    input = def.input ? def.input.parse(req.input) : (req.input as I);
  } catch (e) {
    if (e instanceof InputError)
      return fatalResponse(req, ttl, `invalid input for function ${def.name}: ${e.message}`);
    throw e;
  }
  const state: CallState = {
    composed: new Map(),
    status: {},
    conditions: [],
    results: [],
    context: { ...(req.context ?? {}) },
    requirements: new Map(),
    schemaRequirements: new Map(),
    connectionDetails: new Map(),
    waiting: [],
    released: new Set(),
  };
  const ctx = new StepContext<Names, I>(req, input, declared, state);
  for (const s of def.steps) {
    try {
      await s.run(ctx);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return fatalResponse(req, ttl, `step ${s.name}: ${msg}`, state.context);
    }
  }
  return respond(req, ttl, declared, state);
}

function respond(
  req: RunFunctionRequest,
  ttl: { seconds: number; nanos: number },
  declared: ReadonlySet<string>,
  state: CallState,
): RunFunctionResponse {
  const resources: Record<string, Resource> = { ...(req.desired?.resources ?? {}) };
  for (const [name, c] of state.composed) {
    resources[name] = {
      resource: c.resource,
      connectionDetails: {},
      ready: c.ready ? Ready.READY_TRUE : Ready.READY_FALSE,
    };
  }
  const observed = req.observed?.resources ?? {};
  const missing: string[] = [];
  for (const name of declared) {
    if (resources[name] || state.released.has(name)) continue;
    const o = observed[name]?.resource;
    if (o) {
      resources[name] = {
        resource: keptFromObserved(o),
        connectionDetails: {},
        ready: readyFromConditions(o) ? Ready.READY_TRUE : Ready.READY_FALSE,
      };
    } else missing.push(name);
  }

  const earlier = req.desired?.composite;
  const compositeResource = mergeStatus(earlier?.resource, state.status);
  let xrDetails = earlier?.connectionDetails ?? {};
  if (state.connectionDetails.size > 0) {
    xrDetails = { ...xrDetails };
    for (const [k, v] of state.connectionDetails) setOwn(xrDetails, k, v);
  }
  const composite: Resource = {
    resource: compositeResource,
    connectionDetails: xrDetails,
    ready: missing.length > 0 ? Ready.READY_FALSE : (earlier?.ready ?? Ready.READY_UNSPECIFIED),
  };

  const conditions = state.conditions.map((c) => ({
    type: c.type,
    status:
      c.status === "True"
        ? Status.STATUS_CONDITION_TRUE
        : c.status === "False"
          ? Status.STATUS_CONDITION_FALSE
          : Status.STATUS_CONDITION_UNKNOWN,
    reason: c.reason,
    ...(c.message !== undefined ? { message: c.message } : {}),
    target: Target.TARGET_COMPOSITE,
  }));
  if (!state.conditions.some((c) => c.type === RESOURCES_COMPOSED))
    conditions.push(composedCondition(missing, state.waiting));

  const rsp: RunFunctionResponse = {
    meta: { tag: req.meta?.tag ?? "", ttl },
    desired: { composite, resources },
    results: state.results.map((r) => ({
      severity: r.severity === "warning" ? Severity.SEVERITY_WARNING : Severity.SEVERITY_NORMAL,
      message: r.message,
    })),
    context: state.context,
    requirements:
      state.requirements.size > 0 || state.schemaRequirements.size > 0
        ? {
            extraResources: {},
            resources: Object.fromEntries(state.requirements),
            schemas: Object.fromEntries(state.schemaRequirements),
          }
        : undefined,
    conditions,
  };
  return rsp;
}

function composedCondition(missing: string[], waiting: string[]) {
  if (missing.length === 0) {
    return {
      type: RESOURCES_COMPOSED,
      status: Status.STATUS_CONDITION_TRUE,
      reason: "AllComposed",
      target: Target.TARGET_COMPOSITE,
    };
  }
  const why = waiting.length > 0 ? `: ${waiting.join("; ")}` : "";
  return {
    type: RESOURCES_COMPOSED,
    status: Status.STATUS_CONDITION_FALSE,
    reason: "WaitingForResources",
    message: `not composed yet: ${missing.join(", ")}${why}`,
    target: Target.TARGET_COMPOSITE,
  };
}

function mergeStatus(resource: Record<string, unknown> | undefined, status: Record<string, unknown>) {
  if (Object.keys(status).length === 0) return resource ?? {};
  const base = resource ?? {};
  const prev = (base.status ?? {}) as Record<string, unknown>;
  return { ...base, status: deepMerge(prev, status) };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    setOwn(out, k, isObject(cur) && isObject(v) ? deepMerge(cur, v) : v);
  }
  return out;
}

/**
 * A response that stops the pipeline: Crossplane applies nothing from a call with a FATAL
 * result, so the previous desired state is passed through untouched.
 */
export function fatalResponse(
  req: RunFunctionRequest,
  ttl: { seconds: number; nanos: number },
  message: string,
  context: Record<string, unknown> | undefined = req.context,
): RunFunctionResponse {
  return {
    meta: { tag: req.meta?.tag ?? "", ttl },
    desired: req.desired ?? { composite: undefined, resources: {} },
    results: [{ severity: Severity.SEVERITY_FATAL, message }],
    context,
    requirements: undefined,
    conditions: [],
  };
}
