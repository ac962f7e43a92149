/**
 * Loads a user's function module (TypeScript through tsx, like control-plane modules) and finds
 * the KilnFunction in it: the default export, or the only exported KilnFunction.
 */
import { displayPath } from "../../core/paths.ts";
import { importUserModule, resolveEntry } from "../../model/load.ts";
import type { KilnFunction } from "../author/contract.ts";
import { pickFunction } from "./pick.ts";

/** Imports `file` and returns its KilnFunction; a KilnError names the file when there is none. */
export async function loadFunctionModule(file: string): Promise<KilnFunction> {
  const abs = resolveEntry(file);
  const mod = await importUserModule(abs);
  return pickFunction(mod, displayPath(abs));
}
