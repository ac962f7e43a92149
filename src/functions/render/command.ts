/**
 * `kiln render xr.yaml composition.yaml functions.yaml`: crank's inputs in, crank's output
 * stream out (crossplane/crossplane `cmd/crank/render/cmd.go`): the XR, then the composed
 * resources, then with `-r` the results and with `-c` the context, each after a `---`.
 */
import { readFileSync } from "node:fs";
import { KilnError, UsageError } from "../../core/errors.ts";
import type { KubeObject } from "../../core/identity.ts";
import { displayPath } from "../../core/paths.ts";
import { parseYamlDocuments } from "../../core/yaml.ts";
import {
  checkCompositionMatchesXR,
  checkFunctionRefs,
  loadCompositeResource,
  loadComposition,
  loadFunctions,
  loadObjects,
} from "./load.ts";
import { toCrankStream } from "./output.ts";
import { pipelineOf, renderComposition } from "./pipeline.ts";
import { resolveRunners } from "./runners.ts";
import { defaultFromXrd } from "./xrd.ts";

export interface RenderCommandFlags {
  observedResources?: string;
  requiredResources?: string;
  /** CompositeResourceDefinition whose schema defaults the XR. */
  xrd?: string;
  /** Secrets for steps' `credentials` (file or folder). */
  functionCredentials?: string;
  /** crank's deprecated alias of `--required-resources`. */
  extraResources?: string;
  includeFullXr?: boolean;
  includeFunctionResults?: boolean;
  includeContext?: boolean;
  /** `key=file` pairs; the file holds YAML or JSON. */
  contextFiles?: string[];
  /** `key=json` pairs; win over `--context-files`. */
  contextValues?: string[];
  /** `NAME=FILE`: run Function NAME from this TypeScript module. */
  functionModule?: string[];
  /** Go duration, e.g. `1m`, `30s`. */
  timeout?: string;
}

/** Renders and returns the whole output text (printed only once everything succeeded). */
export async function runRenderCommand(
  xrFile: string,
  compositionFile: string,
  functionsPath: string,
  flags: RenderCommandFlags,
): Promise<string> {
  const timeoutMs = parseGoDuration(flags.timeout ?? "1m");
  const modules = pairs(flags.functionModule ?? [], "--function-module", "NAME=FILE");
  const context = readContext(flags);
  const xr = loadCompositeResource(xrFile);
  if (flags.xrd) xr.object = defaultFromXrd(xr, flags.xrd) as typeof xr.object;
  const comp = loadComposition(compositionFile);
  checkCompositionMatchesXR(xr, comp);
  const functions = loadFunctions(functionsPath);
  for (const name of Object.keys(modules)) {
    if (!functions.some((f) => f.object.metadata.name === name)) {
      throw new UsageError(
        `--function-module ${name}=…: there is no Function "${name}" in ${displayPath(functionsPath)}`,
      );
    }
  }
  checkFunctionRefs(comp, functions);
  const observed = flags.observedResources
    ? loadObjects(flags.observedResources, "observed resources").map((o) => o.object)
    : [];
  const required = [
    ...(flags.extraResources ? loadObjects(flags.extraResources, "extra resources") : []),
    ...(flags.requiredResources ? loadObjects(flags.requiredResources, "required resources") : []),
  ].map((o) => o.object);

  const credentials = flags.functionCredentials
    ? loadObjects(flags.functionCredentials, "function credentials").map((o) => {
        if (o.object.apiVersion !== "v1" || o.object.kind !== "Secret") {
          throw new KilnError(`function credentials: expected v1 Secret, got ${o.object.kind}`, {
            file: o.file,
            line: o.doc.line,
          });
        }
        return o.object;
      })
    : [];

  const runners = await resolveRunners(
    functions,
    pipelineOf(comp.object).map((s) => s.functionRef.name),
    { modules },
  );
  try {
    const out = await renderComposition({
      xr: xr.object,
      composition: comp.object,
      runners,
      observed,
      requiredResources: required,
      functionCredentials: credentials,
      context,
      timeoutMs,
    });
    const rendered: unknown[] = [];
    if (flags.includeFullXr) {
      if (xr.object.spec === undefined)
        throw new KilnError("cannot get composite resource spec", { file: xr.file });
      out.xr.spec = structuredClone(xr.object.spec);
      out.xr.metadata = structuredClone(xr.object.metadata);
    }
    rendered.push(out.xr, ...out.composed);
    if (flags.includeFunctionResults) rendered.push(...out.results);
    // crank encodes a nil context as `null` when the last step returned none.
    if (flags.includeContext) rendered.push(out.context ?? null);
    return toCrankStream(rendered);
  } finally {
    for (const r of runners.values()) r.close?.();
  }
}

function pairs(list: readonly string[], flag: string, shape: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of list) {
    const eq = raw.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} expects ${shape}, got "${raw}"`);
    out[raw.slice(0, eq)] = raw.slice(eq + 1);
  }
  return out;
}

/** Context from `--context-files` then `--context-values` (values win), each YAML or JSON. */
function readContext(flags: RenderCommandFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, file] of Object.entries(pairs(flags.contextFiles ?? [], "--context-files", "key=file"))) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new KilnError(`cannot read context value for key "${k}": no such file`, {
        file: displayPath(file),
      });
    }
    out[k] = parseYamlDocuments(text, displayPath(file))[0]?.value ?? null;
  }
  for (const [k, text] of Object.entries(pairs(flags.contextValues ?? [], "--context-values", "key=json"))) {
    out[k] = parseYamlDocuments(text, `--context-values ${k}`)[0]?.value ?? null;
  }
  return out;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Go's time.ParseDuration for the `--timeout` values crank users already type (`90s`, `1m30s`,
 * `1.5h`). Written here because the npm duration parsers accept other grammars (`1 minute`, ms
 * by default) and would take values crank rejects.
 */
export function parseGoDuration(text: string): number {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = re.lastIndex;
  }
  if (!text || end !== text.length || total <= 0) {
    throw new UsageError(`--timeout expects a positive duration such as 30s, 1m or 1m30s, got "${text}"`);
  }
  return total;
}

export type { KubeObject };
