/**
 * Finds the KilnFunction among a module's exports. Kept free of the module loader (tsx) because
 * packaged functions import it inside a bundle.
 */
import { KilnError } from "../../core/errors.ts";
import { isKilnFunction, type KilnFunction } from "../author/contract.ts";

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
