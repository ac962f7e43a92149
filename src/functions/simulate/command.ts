/**
 * `kiln simulate <dir> [--xr NAME] [--steps N] [--provider FILE] [--fault KEY=never-ready|error:MSG]`:
 * renders the control plane, then runs every XR (or one) to convergence against the simulated
 * provider and prints each trace.
 */
import path from "node:path";
import { KilnError, UsageError } from "../../core/errors.ts";
import { formatIdentity } from "../../core/identity.ts";
import { displayPath } from "../../core/paths.ts";
import { importUserModule } from "../../model/load.ts";
import { renderControlPlane } from "../../model/render.ts";
import { checkFunctionRefs } from "../render/load.ts";
import { pipelineOf } from "../render/pipeline.ts";
import { resolveRunners } from "../render/runners.ts";
import { simulate } from "./loop.ts";
import { asLoaded, findSimulationProject, projectDirOf } from "./project.ts";
import {
  defineProvider,
  isSimulatedProvider,
  type ManagedBehavior,
  type SimulatedProvider,
} from "./provider.ts";
import { formatTrace } from "./trace.ts";

export interface SimulateCommandFlags {
  xr?: string;
  steps?: string;
  /** TypeScript module default-exporting `defineProvider({...})`. */
  provider?: string;
  /** `KEY=never-ready` or `KEY=error:message`, KEY as in provider rules. */
  fault?: string[];
}

/** Runs the simulation; `ok` is false when any XR did not converge. */
export async function runSimulateCommand(
  dir: string,
  flags: SimulateCommandFlags,
): Promise<{ text: string; ok: boolean }> {
  const steps = parseSteps(flags.steps);
  const faults = parseFaults(flags.fault ?? []);
  let provider = flags.provider ? await loadProvider(flags.provider) : undefined;
  if (Object.keys(faults).length) {
    const rules: Record<string, ManagedBehavior> = { ...provider?.rules };
    for (const [k, f] of Object.entries(faults)) rules[k] = { ...rules[k], ...f };
    provider = defineProvider(rules);
  }
  const { graph, entry } = await renderControlPlane(dir);
  const projectDir = projectDirOf(entry, dir);
  const project = findSimulationProject(graph, projectDir, flags.xr);
  const blocks: string[] = [];
  let ok = true;
  for (const { xr, composition, functions } of project.xrs) {
    checkFunctionRefs(asLoaded(composition), functions);
    const runners = await resolveRunners(
      functions,
      pipelineOf(composition.object).map((s) => s.functionRef.name),
    );
    try {
      const r = await simulate({
        xr: xr.object,
        composition: composition.object,
        runners,
        ...(provider ? { provider } : {}),
        steps,
      });
      ok &&= r.converged;
      blocks.push(
        formatTrace(
          r,
          `simulate ${formatIdentity(xr.id)} (Composition ${composition.object.metadata.name}, at most ${steps} steps)`,
        ),
      );
    } finally {
      for (const run of runners.values()) run.close?.();
    }
  }
  return { text: `${blocks.join("\n\n")}\n`, ok };
}

function parseSteps(text: string | undefined): number {
  if (text === undefined) return 20;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--steps expects a whole number from 1 to 10000, got "${text}"`);
  return n;
}

function parseFaults(list: readonly string[]): Record<string, ManagedBehavior> {
  const out: Record<string, ManagedBehavior> = {};
  for (const raw of list) {
    const eq = raw.indexOf("=");
    const k = raw.slice(0, eq);
    const v = raw.slice(eq + 1);
    if (eq <= 0 || !(v === "never-ready" || (v.startsWith("error:") && v.length > 6))) {
      throw new UsageError(
        `--fault expects KEY=never-ready or KEY=error:MESSAGE (KEY: a composition resource name, Kind.group or Kind), got "${raw}"`,
      );
    }
    out[k] = v === "never-ready" ? { neverReady: true } : { error: v.slice(6) };
  }
  return out;
}

async function loadProvider(file: string): Promise<SimulatedProvider> {
  const abs = path.resolve(file);
  const mod = await importUserModule(abs);
  const p = mod.default ?? mod.provider;
  if (!isSimulatedProvider(p)) {
    throw new KilnError("the provider module must `export default defineProvider({...})`", {
      file: displayPath(abs),
    });
  }
  return p;
}
