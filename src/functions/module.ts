/**
 * Loads a user's function module (TypeScript through tsx, like control-plane modules) and finds
 * the KilnFunction in it: the default export, or the only exported KilnFunction.
 */
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { importUserModule, resolveEntry } from "../model/load.ts";
import { isKilnFunction, type KilnFunction } from "./contract.ts";

/** Imports `file` and returns its KilnFunction; a KilnError names the file when there is none. */
export async function loadFunctionModule(file: string): Promise<KilnFunction> {
  const abs = resolveEntry(file);
  const mod = await importUserModule(abs);
  return pickFunction(mod, displayPath(abs));
}

/** The module's default export when it is a KilnFunction, else its only exported KilnFunction. */
export function pickFunction(mod: Record<string, unknown>, file: string): KilnFunction {
  if (isKilnFunction(mod.default)) return mod.default;
  const found = Object.entries(mod).filter(([, v]) => isKilnFunction(v));
  if (found.length === 1) return found[0]![1] as KilnFunction;
  if (found.length === 0) {
    throw new KilnError("the module exports no kiln function (export default defineFunction({ … }))", {
      file,
    });
  }
  throw new KilnError(
    `the module exports several kiln functions (${found.map(([k]) => k).join(", ")}); make the one to serve the default export`,
    { file },
  );
}
