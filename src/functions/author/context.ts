/**
 * What a step sees and does during one RunFunction call: typed reads of the observed state,
 * declarations of desired composed resources with explicit readiness, XR status and
 * conditions, results, pipeline context and required resources. The guarantees (duplicate
 * names, undeclared names, reserved conditions) are enforced here, at the call that breaks
 * them, so the FATAL message points at the step that did it.
 */
import type {
  Capability,
  ResourceSelector,
  RunFunctionRequest,
  SchemaSelector,
} from "@crossplane-org/function-sdk-typescript";
import { KilnError } from "../../core/errors.ts";
import type { KubeObject } from "../../core/identity.ts";
import { isObject, setOwn } from "../../core/object.ts";
import { RESERVED_CONDITION_TYPES, readyFromConditions } from "./readiness.ts";

/** A condition a function sets on the XR. `Ready`, `Synced`, `Healthy`, `UpToDate` are Crossplane's. */
export interface XrCondition {
  type: string;
  status: boolean | "True" | "False" | "Unknown";
  reason: string;
  message?: string;
}

/** Options of {@link StepContext.compose}. */
export interface ComposeOptions {
  /**
   * Whether Crossplane should count this resource as ready. Default: the observed object's
   * `Ready` condition is `True` (false while it does not exist yet).
   */
  ready?: boolean;
  /** Replace a resource of the same name that an earlier function in the pipeline desired. */
  override?: boolean;
}

/** A resource selector for required resources (`matchName` or `matchLabels`). */
export type RequiredSelector = Omit<ResourceSelector, "matchLabels"> & {
  matchLabels?: Record<string, string>;
};

/** The per-call state every step of one function shares; read by the runner when steps finish. */
export interface CallState {
  composed: Map<string, { resource: Record<string, unknown>; ready: boolean }>;
  status: Record<string, unknown>;
  conditions: Array<{ type: string; status: "True" | "False" | "Unknown"; reason: string; message?: string }>;
  results: Array<{ severity: "normal" | "warning"; message: string }>;
  context: Record<string, unknown>;
  requirements: Map<string, ResourceSelector>;
  schemaRequirements: Map<string, SchemaSelector>;
  /** Desired XR connection details set by steps, merged over the earlier functions' ones. */
  connectionDetails: Map<string, Buffer>;
  waiting: string[];
  released: Set<string>;
}

/** Thrown by {@link StepContext.fatal}: stops the function with a FATAL result. */
export class FatalResult extends Error {
  override readonly name = "FatalResult";
}

/**
 * The API a step uses. `Names` is the union of resource names the function declared; `I` is
 * its validated input type.
 */
export class StepContext<Names extends string = string, I = unknown> {
  /** The step's input, already validated against the function's declared input type. */
  readonly input: I;
  readonly #req: RunFunctionRequest;
  readonly #declared: ReadonlySet<string>;
  readonly #state: CallState;
  readonly #earlier: ReadonlySet<string>;

  /** @internal Built by the runner; user code receives it. */
  constructor(req: RunFunctionRequest, input: I, declared: ReadonlySet<string>, state: CallState) {
    this.#req = req;
    this.input = input;
    this.#declared = declared;
    this.#state = state;
    this.#earlier = new Set(Object.keys(req.desired?.resources ?? {}));
  }

  /** The observed composite resource (the XR) as the type the caller names. */
  composite<XR extends object = KubeObject>(): XR {
    return this.#req.observed!.composite!.resource as XR;
  }

  /** The observed composed resource of that name, or undefined while it does not exist. */
  observed<T extends object = KubeObject>(name: Names): T | undefined {
    return this.#req.observed?.resources?.[name]?.resource as T | undefined;
  }

  /** Names of every observed composed resource, sorted. */
  observedNames(): string[] {
    return Object.keys(this.#req.observed?.resources ?? {}).sort();
  }

  /** True when the observed resource exists and its `Ready` condition is `True`. */
  isReady(name: Names): boolean {
    return readyFromConditions(this.observed(name));
  }

  /**
   * The desired resource of that name so far: composed by an earlier step of this function, or
   * by an earlier function in the pipeline.
   */
  desired<T extends object = KubeObject>(name: Names): T | undefined {
    const mine = this.#state.composed.get(name);
    if (mine) return mine.resource as T;
    return this.#req.desired?.resources?.[name]?.resource as T | undefined;
  }

  /**
   * Declares a desired composed resource. The name must be one the function declared; a name
   * composed twice in one call, or already desired by an earlier function (without
   * `override`), is an error. The object is copied: later changes to it have no effect.
   */
  compose<T extends object>(name: Names, resource: T, opts: ComposeOptions = {}): void {
    this.#checkName(name);
    if (this.#state.composed.has(name)) throw new KilnError(`resource "${name}" is composed twice`);
    if (this.#earlier.has(name) && !opts.override) {
      throw new KilnError(
        `resource "${name}" is already desired by an earlier function in the pipeline (pass { override: true } to replace it)`,
      );
    }
    const copy = plain(resource, name);
    const ready = opts.ready ?? readyFromConditions(this.observed(name));
    this.#state.composed.set(name, { resource: copy, ready });
  }

  /** Overrides the readiness of a resource this function composed. */
  setReady(name: Names, ready: boolean): void {
    const c = this.#state.composed.get(name);
    if (!c) throw new KilnError(`setReady("${name}"): the resource is not composed by this function`);
    c.ready = ready;
  }

  /**
   * Records why a declared resource is not composed yet (e.g. "droplet: waiting for the Image
   * to become Ready"). Reasons appear in the XR's `ResourcesComposed` condition.
   */
  waitFor(reason: string): void {
    this.#state.waiting.push(reason);
  }

  /**
   * Lets an observed resource go: the only way to delete a composed resource this function
   * declared. Without it, an observed resource the steps did not compose is kept as it is.
   */
  release(name: Names): void {
    this.#checkName(name);
    if (this.#state.composed.has(name))
      throw new KilnError(`release("${name}"): the resource is composed in this call`);
    this.#state.released.add(name);
  }

  /** Merges fields into the XR's desired `status` (deep merge of plain objects; arrays replace). */
  setStatus(patch: Record<string, unknown>): void {
    mergeInto(this.#state.status, plain(patch, "status") as Record<string, unknown>);
  }

  /** Sets a condition on the XR. Crossplane's own condition types are refused. */
  setCondition(c: XrCondition): void {
    if (RESERVED_CONDITION_TYPES.has(c.type)) {
      throw new KilnError(`condition type "${c.type}" is reserved by Crossplane; use a type of your own`);
    }
    const status = c.status === true ? "True" : c.status === false ? "False" : c.status;
    const entry = {
      type: c.type,
      status,
      reason: c.reason,
      ...(c.message !== undefined ? { message: c.message } : {}),
    };
    const i = this.#state.conditions.findIndex((x) => x.type === c.type);
    if (i >= 0) this.#state.conditions[i] = entry;
    else this.#state.conditions.push(entry);
  }

  /** Adds a NORMAL result (shown as an event on the XR). */
  normal(message: string): void {
    this.#state.results.push({ severity: "normal", message });
  }

  /** Adds a WARNING result. */
  warning(message: string): void {
    this.#state.results.push({ severity: "warning", message });
  }

  /** Stops the function with a FATAL result; Crossplane keeps the previous state of everything. */
  fatal(message: string): never {
    throw new FatalResult(message);
  }

  /** A pipeline context value set by an earlier function or step. */
  getContext<T = unknown>(key: string): T | undefined {
    return (key in this.#state.context ? this.#state.context[key] : undefined) as T | undefined;
  }

  /** Sets a pipeline context value for later functions. */
  setContext(key: string, value: unknown): void {
    this.#state.context[key] = plain(value, `context.${key}`);
  }

  /**
   * The required resources Crossplane fetched for `name`, or undefined when it has not been
   * asked yet (call {@link require} and return; Crossplane calls the function again with them).
   */
  required<T extends object = KubeObject>(name: string): T[] | undefined {
    const r = this.#req.requiredResources?.[name] ?? this.#req.extraResources?.[name];
    return r ? r.items.map((i) => i.resource as T) : undefined;
  }

  /** Asks Crossplane to fetch resources matching the selector and pass them as `name`. */
  require(name: string, selector: RequiredSelector): void {
    const { matchLabels, ...rest } = selector;
    this.#state.requirements.set(name, {
      ...rest,
      ...(matchLabels ? { matchLabels: { labels: matchLabels } } : {}),
    });
  }

  /**
   * The OpenAPI v3 schema Crossplane fetched for `name` (`spec.versions[].schema.openAPIV3Schema`
   * of the kind's CRD); `null` when Crossplane looked and found no such kind; undefined when it
   * has not been asked yet (call {@link requireSchema} and return).
   */
  schema(name: string): Record<string, unknown> | null | undefined {
    const s = this.#req.requiredSchemas?.[name];
    if (!s) return undefined;
    return s.openapiV3 && Object.keys(s.openapiV3).length > 0 ? s.openapiV3 : null;
  }

  /**
   * What the calling Crossplane supports (`meta.capabilities`, e.g. `Capability.CAPABILITY_REQUIRED_SCHEMAS`).
   * Crossplane advertises capabilities since v2.2 (`CAPABILITY_CAPABILITIES`); before that the
   * list is empty and says nothing about support.
   */
  capabilities(): readonly Capability[] {
    return this.#req.meta?.capabilities ?? [];
  }

  /** Asks Crossplane for the OpenAPI schema of a kind, passed back as {@link schema}(`name`). */
  requireSchema(name: string, selector: { apiVersion: string; kind: string }): void {
    if (!selector.apiVersion || !selector.kind)
      throw new KilnError(`requireSchema("${name}"): apiVersion and kind are required`);
    this.#state.schemaRequirements.set(name, { apiVersion: selector.apiVersion, kind: selector.kind });
  }

  /**
   * The credentials named in the pipeline step's `credentials` (Crossplane loads them, e.g. from
   * a Secret), as raw bytes per key; undefined when the step has none of that name. Use
   * `.toString()` for text. kiln never logs them.
   */
  credentials(name: string): Readonly<Record<string, Buffer>> | undefined {
    return this.#req.credentials?.[name]?.credentialData?.data;
  }

  /** The observed connection details of a composed resource (e.g. a database's password). */
  observedConnectionDetails(name: Names): Readonly<Record<string, Buffer>> | undefined {
    return this.#req.observed?.resources?.[name]?.connectionDetails;
  }

  /** The XR's observed connection details. */
  compositeConnectionDetails(): Readonly<Record<string, Buffer>> {
    return this.#req.observed?.composite?.connectionDetails ?? {};
  }

  /**
   * Sets desired connection details of the XR (strings are UTF-8 encoded), merged over what
   * earlier functions set. Crossplane honours them for legacy (v1-style) XRs; a v2 XR ignores
   * them, so compose a Secret there instead.
   */
  setConnectionDetails(details: Record<string, string | Uint8Array>): void {
    for (const [k, v] of Object.entries(details)) {
      if (typeof v === "string") this.#state.connectionDetails.set(k, Buffer.from(v, "utf8"));
      else if (v instanceof Uint8Array) this.#state.connectionDetails.set(k, Buffer.from(v));
      else
        throw new KilnError(
          `setConnectionDetails: "${k}" must be a string or bytes, got ${v === null ? "null" : typeof v}`,
        );
    }
  }

  #checkName(name: string): void {
    if (!this.#declared.has(name)) {
      throw new KilnError(
        `resource "${name}" is not declared in the function's resources (${[...this.#declared].join(", ")})`,
      );
    }
  }
}

/**
 * A JSON-safe deep copy with JSON.stringify's semantics (drops `undefined` and functions in
 * objects, `null` for them in arrays and for non-finite numbers, honours `toJSON`), written out
 * because a JSON round trip costs several times more on the per-call path of a function server.
 * BigInt and cycles are refused: protobuf's Struct cannot carry them.
 */
function plain(value: unknown, what: string): Record<string, unknown> {
  return clone(value, what, 0) as Record<string, unknown>;
}

function clone(v: unknown, what: string, depth: number): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v : null;
    case "bigint":
      throw new KilnError(`${what}: a BigInt is not plain JSON data`);
    case "object": {
      if (depth > 200) throw new KilnError(`${what}: nested more than 200 levels deep (a cycle?)`);
      const o = v as Record<string, unknown> & { toJSON?: () => unknown };
      if (typeof o.toJSON === "function") return clone(o.toJSON(), what, depth + 1);
      if (Array.isArray(v)) {
        const n = v.length;
        const arr = new Array<unknown>(n);
        for (let i = 0; i < n; i++) {
          const x = v[i];
          arr[i] =
            x === undefined || typeof x === "function" || typeof x === "symbol"
              ? null
              : clone(x, what, depth + 1);
        }
        return arr;
      }
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
        const c = clone(x, what, depth + 1);
        if (k === "__proto__") setOwn(out, k, c);
        else out[k] = c;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    const cur = target[k];
    if (isObject(cur) && isObject(v)) mergeInto(cur, v);
    else target[k] = v;
  }
}
