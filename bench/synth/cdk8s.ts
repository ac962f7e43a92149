/** The cdk8s side of the synth benchmark: the same objects as ApiObjects in one Chart per unit. Prints elapsed ms. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiObject, App, Chart } from "cdk8s";
import { generate } from "./objects.ts";

const n = Number(process.argv[2] ?? 10000);
const placed = generate(n);
const dir = mkdtempSync(path.join(os.tmpdir(), "cdk8s-bench-synth-"));
const start = process.hrtime.bigint();
const app = new App({ outdir: dir });
const charts = new Map<string, Chart>();
for (const p of placed) {
  const key = `${p.cluster}-${p.layer}-${p.app}`;
  let chart = charts.get(key);
  if (!chart) {
    chart = new Chart(app, key, { disableResourceNameHashes: true });
    charts.set(key, chart);
  }
  const { apiVersion, kind, metadata, ...rest } = p.object;
  new ApiObject(chart, `${p.object.kind}-${p.object.metadata.name}`, { apiVersion, kind, metadata, ...rest });
}
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const files = readdirSync(dir).length;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, files })}\n`);
