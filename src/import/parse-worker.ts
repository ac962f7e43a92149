/**
 * Worker side of parse-pool.ts: parses CRD files handed over one at a time. Errors travel back
 * as plain data (message + location) and are rebuilt as KilnErrors on the main thread.
 */
import { parentPort } from "node:worker_threads";
import { isKilnError } from "../core/errors.ts";
import { crdSchemasFromText } from "./schemas.ts";

parentPort?.on("message", (task: { id: number; text: string; source: string }) => {
  try {
    parentPort!.postMessage({ id: task.id, ok: crdSchemasFromText(task.text, task.source) });
  } catch (e) {
    const err = isKilnError(e)
      ? { message: e.message, location: e.location }
      : { message: String((e as Error)?.stack ?? e) };
    parentPort!.postMessage({ id: task.id, error: err, kiln: isKilnError(e) });
  }
});
