/**
 * renderControlPlane(): entry module + overrides → ResourceGraph. This is the programmatic API
 * used by the CLI, by tests and by scripts.
 */
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { _Builder, type ControlPlane, isControlPlane } from "./control-plane.ts";
import type { ResourceGraph } from "./graph.ts";
import { applyOverrides, checkInputChoices, type InputSource } from "./inputs.ts";
import { importUserModule, resolveEntry, toUserError } from "./load.ts";
import { userCode } from "./sandbox.ts";

export interface RenderOptions {
  /** Nested partial inputs, checked against the defaults' types. Applied in order. */
  overrides?: unknown | unknown[];
  /** Label for override errors, e.g. `--set` or `values.yaml`. */
  overrideSource?: string;
  /** Where each override came from (by index; default `overrideSource`), for errors with lines. */
  overrideSources?: ReadonlyArray<string | InputSource>;
  /** The file a control plane passed as an object was loaded from, for messages. */
  entryFile?: string;
}

/** The loaded control plane and the inputs it was rendered with. */
export interface RenderResult {
  graph: ResourceGraph;
  controlPlane: ControlPlane<object>;
  inputs: object;
  entry?: string;
}

/** Loads a control plane module (a folder with main.ts, or a file). */
export async function loadControlPlane(
  entry: string,
): Promise<{ controlPlane: ControlPlane<object>; file: string }> {
  const file = resolveEntry(entry);
  const mod = await importUserModule(file);
  const cp = mod.default ?? mod.controlPlane;
  if (!isControlPlane(cp)) {
    throw new KilnError("the entry module must `export default defineControlPlane({...})`", {
      file: displayPath(file),
    });
  }
  return { controlPlane: cp, file };
}

/**
 * Renders a control plane into a resource graph (`.graph`), with the control plane and the
 * effective inputs. `entry` is a path (folder or file) or an already imported control plane.
 * (`kiln render` is another thing: a Crossplane composition, `renderComposition` in
 * `kiln/function`.)
 */
export async function renderControlPlane(
  entry: string | ControlPlane<object>,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const loaded =
    typeof entry === "string"
      ? await loadControlPlane(entry)
      : { controlPlane: entry, file: options.entryFile };
  const cp = loaded.controlPlane;
  const list = Array.isArray(options.overrides)
    ? options.overrides
    : options.overrides === undefined
      ? []
      : [options.overrides];
  let inputs: object = cp.inputs;
  if (cp.choices)
    checkInputChoices(
      inputs,
      cp.choices,
      `the defaults of ${loaded.file ? displayPath(loaded.file) : `control plane "${cp.name}"`}`,
    );
  list.forEach((o, i) => {
    const source = options.overrideSources?.[i] ?? options.overrideSource ?? "overrides";
    inputs = applyOverrides(inputs, o, source, [], cp.choices);
  });
  inputs = deepFreeze(structuredClone(inputs));
  const builder = new _Builder(cp.repoPath ?? ".");
  try {
    const context = builder.context(inputs);
    await userCode(
      loaded.file ? `build() of ${displayPath(loaded.file)}` : `build() of control plane "${cp.name}"`,
      async () => {
        await cp.build(context);
      },
    );
  } catch (e) {
    throw toUserError(e, loaded.file ?? "(control plane)");
  }
  return {
    graph: builder.finish(),
    controlPlane: cp,
    inputs,
    ...(loaded.file ? { entry: loaded.file } : {}),
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
