/**
 * Worker side of parse-pool.ts: parses the CRD files handed over one at a time (errors travel
 * back through core/workers.ts with their location).
 */
import { serveTasks } from "../core/workers.ts";
import { crdSchemasFromText } from "./schemas.ts";

export interface ParseTask {
  text: string;
  source: string;
}

serveTasks((task: ParseTask) => crdSchemasFromText(task.text, task.source));
