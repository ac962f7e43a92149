/**
 * The composition pipeline as `crossplane render` runs it, without Docker: each step's Function
 * is called through a `StepRunner` (in-process kiln function or gRPC), desired state and context
 * flow from step to step, and the result is the XR and composed resources crank would print.
 *
 * Semantics follow crossplane/crossplane `cmd/crank/render/render.go` (v2.2) and
 * `internal/xfn/required_resources.go`; comments cite the parts that are easy to get wrong.
 */
import {
  Capability,
  type Condition,
  Ready,
  type Requirements,
  type Resource,
  type Resources,
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
  type State,
  Status,
} from "@crossplane-org/function-sdk-typescript";
import { KilnError } from "../../core/errors.ts";
import {
  formatIdentity,
  identityOf,
  type KubeObject,
  type ObjectMeta,
  type OwnerReference,
} from "../../core/identity.ts";
import { isObject } from "../../core/object.ts";
import { requirementsKey, selectResources } from "./requirements.ts";

export const ANNOTATION_RESOURCE_NAME = "crossplane.io/composition-resource-name";
export const LABEL_COMPOSITE = "crossplane.io/composite";
const LABEL_CLAIM_NAME = "crossplane.io/claim-name";
const LABEL_CLAIM_NAMESPACE = "crossplane.io/claim-namespace";

/** render.go's `conditionTime()`: a fixed time, because a real one would make every render differ. */
export const CONDITION_TIME = "2024-01-01T00:00:00Z";

/** xfn's MaxRequirementsIterations: a step is called at most this many times + 1. */
const MAX_REQUIREMENTS_ITERATIONS = 5;

/** Capabilities crank v2.2 advertises in RequestMeta. */
const CAPABILITIES = [
  Capability.CAPABILITY_CAPABILITIES,
  Capability.CAPABILITY_REQUIRED_RESOURCES,
  Capability.CAPABILITY_CREDENTIALS,
  Capability.CAPABILITY_CONDITIONS,
  Capability.CAPABILITY_REQUIRED_SCHEMAS,
];

/** Runs one Function: in-process (a kiln function) or over gRPC (Development runtime). */
export interface StepRunner {
  /** How the Function is reached, for messages: `kiln function in fn.ts`, `gRPC localhost:9443`. */
  readonly via: string;
  /** Calls RunFunction. Rejects only for transport failures; user errors come back as FATAL results. */
  run(req: RunFunctionRequest, deadline: Date): Promise<RunFunctionResponse>;
  /** Releases connections. */
  close?(): void;
}

export interface RenderInputs {
  /** The composite resource (XR), as read from xr.yaml (or as observed, with status). */
  xr: KubeObject;
  /** A Composition in Pipeline mode whose compositeTypeRef matches the XR. */
  composition: KubeObject;
  /** Runners by Function name (`functionRef.name`). */
  runners: ReadonlyMap<string, StepRunner>;
  /** Observed composed resources, matched to desired ones by `crossplane.io/composition-resource-name`. */
  observed?: readonly KubeObject[];
  /** Resources Functions may require (`--required-resources`). */
  requiredResources?: readonly KubeObject[];
  /** Secrets that steps' `credentials` name (`--function-credentials`); only functions see them. */
  functionCredentials?: readonly KubeObject[];
  /** Initial pipeline context by key. */
  context?: Readonly<Record<string, unknown>>;
  /** Whole-render deadline in ms (crank's `--timeout`, default 1m). */
  timeoutMs?: number;
}

export interface RenderOutputs {
  /** The XR as crank prints it: identity plus the desired status and the `Ready` condition. */
  xr: KubeObject;
  /** Desired composed resources with crank's metadata, sorted by composition resource name. */
  composed: KubeObject[];
  /** Non-fatal results as `render.crossplane.io/v1beta1` `Result` objects, in pipeline order. */
  results: KubeObject[];
  /** The context the last step returned, as a `render.crossplane.io/v1beta1` `Context`. */
  context?: KubeObject;
  /** Requirements each step returned, by step name. */
  requirements: Record<string, Requirements>;
  /** Composition resource names of desired resources not marked READY_TRUE, sorted. */
  unready: string[];
  /** True when the XR's `Ready` condition is True. */
  ready: boolean;
}

interface PipelineStep {
  step: string;
  functionRef: { name: string };
  input?: Record<string, unknown>;
  credentials?: Array<{ name: string; source?: string; secretRef?: { namespace?: string; name: string } }>;
  requirements?: {
    requiredResources?: BootstrapSelector[];
    requiredSchemas?: Array<{ requirementName: string }>;
  };
}

interface BootstrapSelector {
  requirementName: string;
  apiVersion: string;
  kind: string;
  name?: string;
  matchLabels?: Record<string, string>;
  namespace?: string;
}

/** Pipeline steps of a Composition; the loader has checked their shape. */
export function pipelineOf(composition: KubeObject): PipelineStep[] {
  const spec = composition.spec as { pipeline?: PipelineStep[] } | undefined;
  return spec?.pipeline ?? [];
}

/**
 * Renders an XR through its Composition's pipeline. Throws a KilnError when a step fails or
 * returns a FATAL result (crank's "pipeline step %q returned a fatal result").
 */
export async function renderComposition(inputs: RenderInputs): Promise<RenderOutputs> {
  const xrId = formatIdentity(identityOf(inputs.xr));
  const deadline = new Date(Date.now() + (inputs.timeoutMs ?? 60_000));
  const observedByName = new Map<string, KubeObject>();
  for (const o of inputs.observed ?? [])
    observedByName.set(o.metadata?.annotations?.[ANNOTATION_RESOURCE_NAME] ?? "", o);

  const observed: State = {
    composite: { resource: inputs.xr, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
    resources: Object.fromEntries(
      [...observedByName].map(([name, o]) => [
        name,
        { resource: o, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
      ]),
    ),
  };
  // The pipeline starts with empty desired state and an empty (but present) context.
  let desired: State | undefined = { composite: undefined, resources: {} };
  let context: Record<string, unknown> | undefined = { ...inputs.context };
  const results: KubeObject[] = [];
  const conditions: Array<Record<string, unknown>> = [];
  const requirements: Record<string, Requirements> = {};

  for (const step of pipelineOf(inputs.composition)) {
    const runner = inputs.runners.get(step.functionRef.name);
    if (!runner) {
      throw new KilnError(
        `unknown Function "${step.functionRef.name}" - does it exist in your Functions file?`,
        {
          resource: xrId,
        },
      );
    }
    const req: RunFunctionRequest = {
      meta: { tag: "", capabilities: CAPABILITIES },
      observed,
      desired,
      ...(step.input ? { input: step.input } : {}),
      ...(context ? { context } : {}),
      extraResources: {},
      credentials: stepCredentials(step, inputs.functionCredentials ?? [], xrId),
      requiredResources: {},
      requiredSchemas: {},
    };
    for (const sel of step.requirements?.requiredResources ?? []) {
      req.requiredResources[sel.requirementName] = selectResources(inputs.requiredResources ?? [], {
        apiVersion: sel.apiVersion,
        kind: sel.kind,
        ...(sel.name !== undefined
          ? { matchName: sel.name }
          : { matchLabels: { labels: sel.matchLabels ?? {} } }),
      });
    }
    // kiln has no schemas to offer; crank answers an unknown schema with an empty Schema.
    for (const sel of step.requirements?.requiredSchemas ?? []) req.requiredSchemas[sel.requirementName] = {};

    let rsp: RunFunctionResponse;
    try {
      rsp = await runWithRequirements(runner, req, inputs.requiredResources ?? [], deadline);
    } catch (e) {
      if (e instanceof KilnError) throw e;
      throw new KilnError(
        `cannot run pipeline step "${step.step}" (Function "${step.functionRef.name}" via ${runner.via}): ${(e as Error).message}`,
        {
          resource: xrId,
        },
      );
    }
    desired = rsp.desired;
    context = rsp.context;
    for (const c of rsp.conditions ?? []) conditions.push(toCondition(c));
    if (rsp.requirements) requirements[step.step] = rsp.requirements;
    for (const r of rsp.results ?? []) {
      if (r.severity === Severity.SEVERITY_FATAL) {
        throw new KilnError(`pipeline step "${step.step}" returned a fatal result: ${r.message}`, {
          resource: xrId,
        });
      }
      results.push({
        apiVersion: "render.crossplane.io/v1beta1",
        kind: "Result",
        step: step.step,
        severity: Severity[r.severity] ?? "SEVERITY_UNSPECIFIED",
        message: r.message,
      } as unknown as KubeObject);
    }
  }

  const composed: KubeObject[] = [];
  const unready: string[] = [];
  for (const [name, dr] of Object.entries(desired?.resources ?? {})) {
    if (dr.ready !== Ready.READY_TRUE) unready.push(name);
    const cd = structuredClone(dr.resource ?? {}) as KubeObject;
    cd.metadata ??= {};
    // An existing composed resource keeps its name and namespace (render.go: "maintain its name").
    const or = observedByName.get(name);
    if (or) {
      setOrDelete(cd.metadata, "namespace", or.metadata?.namespace);
      setOrDelete(cd.metadata, "name", or.metadata?.name);
      setOrDelete(cd.metadata, "generateName", or.metadata?.generateName);
    }
    setComposedResourceMetadata(cd, inputs.xr, name);
    composed.push(cd);
  }
  composed.sort((a, b) =>
    cmp(
      a.metadata.annotations![ANNOTATION_RESOURCE_NAME]!,
      b.metadata.annotations![ANNOTATION_RESOURCE_NAME]!,
    ),
  );
  unready.sort(cmp);

  const xr = renderedComposite(inputs.xr, desired?.composite, unready, conditions);
  const ready = ((xr.status as { conditions?: Array<Record<string, unknown>> }).conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True",
  );
  return {
    xr,
    composed,
    results,
    ...(context
      ? {
          context: {
            apiVersion: "render.crossplane.io/v1beta1",
            kind: "Context",
            fields: context,
          } as unknown as KubeObject,
        }
      : {}),
    requirements,
    unready,
    ready,
  };
}

/**
 * Calls a step until the requirements it returns stop changing, feeding it the required
 * resources it asked for (xfn's FetchingFunctionRunner).
 */
async function runWithRequirements(
  runner: StepRunner,
  req: RunFunctionRequest,
  available: readonly KubeObject[],
  deadline: Date,
): Promise<RunFunctionResponse> {
  let previous: string | undefined;
  for (let i = 0; i <= MAX_REQUIREMENTS_ITERATIONS; i++) {
    const rsp = await runner.run(req, deadline);
    if ((rsp.results ?? []).some((r) => r.severity === Severity.SEVERITY_FATAL)) return rsp;
    const key = requirementsKey(rsp.requirements);
    if (key === (previous ?? requirementsKey(undefined))) return rsp;
    previous = key;
    req.requiredResources = {};
    for (const [name, selector] of Object.entries(rsp.requirements?.resources ?? {})) {
      req.requiredResources[name] = selectResources(available, selector);
    }
    req.requiredSchemas = {};
    for (const name of Object.keys(rsp.requirements?.schemas ?? {})) req.requiredSchemas[name] = {};
    if (rsp.context) req.context = rsp.context;
    else delete req.context;
  }
  throw new KilnError(
    `requirements didn't stabilize after the maximum number of iterations (${MAX_REQUIREMENTS_ITERATIONS})`,
  );
}

/**
 * A step's credentials from the supplied Secrets (render.go: only `source: Secret` with a
 * secretRef; `data` values, base64-decoded as Kubernetes stores them).
 */
function stepCredentials(
  step: PipelineStep,
  secrets: readonly KubeObject[],
  xrId: string,
): RunFunctionRequest["credentials"] {
  const out: RunFunctionRequest["credentials"] = {};
  for (const c of step.credentials ?? []) {
    if (c.source !== "Secret" || !c.secretRef) continue;
    const ref = c.secretRef;
    const s = secrets.find(
      (x) => x.metadata.name === ref.name && (x.metadata.namespace ?? "") === (ref.namespace ?? ""),
    );
    if (!s) {
      throw new KilnError(
        `pipeline step "${step.step}": cannot get credentials from secret "${ref.name}": secret "${ref.name}" not found (see --function-credentials)`,
        { resource: xrId },
      );
    }
    const data = isObject(s.data) ? s.data : {};
    out[c.name] = {
      credentialData: {
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), "base64")])),
      },
    };
  }
  return out;
}

/** Go's sort of strings: byte order, which for the names Kubernetes allows equals code-unit order. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function setOrDelete(
  meta: ObjectMeta,
  key: "name" | "namespace" | "generateName",
  value: string | undefined,
): void {
  if (value) meta[key] = value;
  else delete meta[key];
}

/**
 * Standard composed-resource metadata derived from the XR (render.go `SetComposedResourceMetadata`,
 * mirroring the composition controller): generateName, namespace, the resource-name annotation,
 * the composite label (the root XR's name for nested XRs), claim labels, and the XR as controller.
 */
export function setComposedResourceMetadata(cd: KubeObject, xr: KubeObject, name: string): void {
  const xrLabels = xr.metadata?.labels ?? {};
  const prefix = xrLabels[LABEL_COMPOSITE] || xr.metadata?.name || "";
  const meta = cd.metadata;
  if (!meta.name && !meta.generateName) meta.generateName = `${prefix}-`;
  if (xr.metadata?.namespace) meta.namespace = xr.metadata.namespace;
  meta.annotations = { ...meta.annotations, [ANNOTATION_RESOURCE_NAME]: name };
  meta.labels = { ...meta.labels, [LABEL_COMPOSITE]: prefix };
  if (xrLabels[LABEL_CLAIM_NAME] && xrLabels[LABEL_CLAIM_NAMESPACE]) {
    meta.labels[LABEL_CLAIM_NAMESPACE] = xrLabels[LABEL_CLAIM_NAMESPACE];
    meta.labels[LABEL_CLAIM_NAME] = xrLabels[LABEL_CLAIM_NAME];
  }
  const uid = typeof xr.metadata?.uid === "string" ? xr.metadata.uid : "";
  const ref = {
    apiVersion: xr.apiVersion,
    kind: xr.kind,
    name: xr.metadata?.name ?? "",
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
  const refs: OwnerReference[] = Array.isArray(meta.ownerReferences) ? [...meta.ownerReferences] : [];
  const other = refs.find((r) => r.controller === true && r.uid !== uid);
  if (other) {
    throw new KilnError(
      `cannot set composite resource "${xr.metadata?.name}" as controller ref of composed resource "${name}": it is already controlled by ${String(other.kind)} ${String(other.name)}`,
    );
  }
  const same = refs.findIndex((r) => r.uid === uid);
  if (same >= 0) refs[same] = ref;
  else refs.push(ref);
  meta.ownerReferences = refs;
}

const SYSTEM_CONDITIONS = new Set(["Ready", "Synced", "Healthy"]);

/** The XR crank prints: the desired composite with the input's identity and the Ready condition. */
function renderedComposite(
  input: KubeObject,
  desired: Resource | undefined,
  unready: readonly string[],
  fnConditions: ReadonlyArray<Record<string, unknown>>,
): KubeObject {
  const xr = structuredClone(desired?.resource ?? {}) as KubeObject;
  xr.apiVersion = input.apiVersion;
  xr.kind = input.kind;
  xr.metadata = isObject(xr.metadata) ? xr.metadata : {};
  setOrDelete(xr.metadata, "name", input.metadata?.name);
  setOrDelete(xr.metadata, "namespace", input.metadata?.namespace);

  let ready: Record<string, unknown> = { type: "Ready", status: "True", reason: "Available" };
  const want = desired?.ready ?? Ready.READY_UNSPECIFIED;
  if (want === Ready.READY_FALSE) ready = { type: "Ready", status: "False", reason: "Creating" };
  else if (want === Ready.READY_UNSPECIFIED && unready.length > 0) {
    ready = {
      type: "Ready",
      status: "False",
      reason: "Creating",
      message: `Unready resources: ${stableNAndSomeMore(3, unready)}`,
    };
  }
  ready.lastTransitionTime = CONDITION_TIME;

  const status = isObject(xr.status) ? xr.status : {};
  const list = (Array.isArray(status.conditions) ? status.conditions : [])
    .filter(isObject)
    .map(normalizeCondition);
  setCondition(list, ready);
  // Functions may not set system conditions (render.go: "Do not let users update system conditions").
  for (const c of fnConditions) if (!SYSTEM_CONDITIONS.has(String(c.type))) setCondition(list, c);
  xr.status = { ...status, conditions: list };
  return xr;
}

/** crossplane-runtime's ConditionedStatus.SetConditions: replace by type unless equal ignoring time, else append. */
function setCondition(list: Array<Record<string, unknown>>, c: Record<string, unknown>): void {
  let exists = false;
  list.forEach((existing, i) => {
    if (existing.type !== c.type) return;
    exists = true;
    const equal = (["status", "reason", "message", "observedGeneration"] as const).every(
      (k) => (existing[k] ?? "") === (c[k] ?? ""),
    );
    if (!equal) list[i] = c;
  });
  if (!exists) list.push(c);
}

/** A condition as crossplane-runtime's Condition struct round-trips it (omitempty fields dropped). */
function normalizeCondition(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime ?? null,
    reason: c.reason,
  };
  if (c.message) out.message = c.message;
  if (c.observedGeneration) out.observedGeneration = c.observedGeneration;
  return out;
}

function toCondition(c: Condition): Record<string, unknown> {
  const status =
    c.status === Status.STATUS_CONDITION_TRUE
      ? "True"
      : c.status === Status.STATUS_CONDITION_FALSE
        ? "False"
        : "Unknown";
  const out: Record<string, unknown> = {
    type: c.type,
    status,
    lastTransitionTime: CONDITION_TIME,
    reason: c.reason,
  };
  if (c.message) out.message = c.message;
  return out;
}

/** crossplane-runtime's StableNAndSomeMore: sorted, the first n, then ", and N more". */
export function stableNAndSomeMore(n: number, names: readonly string[]): string {
  const s = [...names].sort(cmp);
  if (s.length > n) return `${s.slice(0, n).join(", ")}, and ${s.length - n} more`;
  if (s.length === n) return `${s.slice(0, n - 1).join(", ")}, and ${s[n - 1]}`;
  return s.join(", ");
}

export type { Resources };
