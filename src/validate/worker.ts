/**
 * Worker thread entry: builds its own schema registry from the (serializable) options, then
 * answers requests (see serve.ts) until it is terminated.
 */
import { workerData } from "node:worker_threads";
import { serveTasks } from "../core/workers.ts";
import { SchemaRegistry } from "./registry.ts";
import {
  answer,
  type FileResults,
  type Reply,
  type ServeContext,
  stringifyResults,
  type WorkRequest,
} from "./serve.ts";
import { loadPolicyModules } from "./validate.ts";
import type { WorkerSettings } from "./workers.ts";

const settings = workerData as Omit<WorkerSettings, "progress">;
const ready: Promise<ServeContext> = (async () => ({
  registry: await SchemaRegistry.create(settings.schemas),
  policies: await loadPolicyModules(settings.policyModules),
  strict: settings.strict,
  secretPolicy: settings.secretPolicy,
  ...(settings.decrypt ? { decrypt: true } : {}),
  ...(settings.tree ? { tree: settings.tree } : {}),
}))();

serveTasks<WorkRequest, Reply, string>(async (req, emit) =>
  answer(await ready, req, (results: FileResults) => emit(stringifyResults(results))),
);
