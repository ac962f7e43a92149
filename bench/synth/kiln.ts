/** One kiln side of the synth benchmark: render a generated control plane and write it. Prints elapsed ms. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type ClusterUnit,
  defineControlPlane,
  type LayerUnit,
  renderControlPlane,
  synth,
  type Unit,
} from "../../src/index.ts";
import { generate } from "./objects.ts";

const n = Number(process.argv[2] ?? 10000);
const placed = generate(n);
const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-synth-"));
const start = process.hrtime.bigint();
const cp = defineControlPlane({
  name: "bench",
  inputs: {},
  build({ cluster }) {
    const units = new Map<string, Unit>();
    const memo = (key: string, make: () => Unit): Unit => {
      let u = units.get(key);
      if (!u) {
        u = make();
        units.set(key, u);
      }
      return u;
    };
    for (const p of placed) {
      const c = memo(p.cluster, () => cluster(p.cluster)) as ClusterUnit;
      const l = memo(`${p.cluster}/${p.layer}`, () => c.layer(p.layer)) as LayerUnit;
      memo(`${p.cluster}/${p.layer}/${p.app}`, () => l.app(p.app)).add(p.object);
    }
  },
});
const { graph } = await renderControlPlane(cp);
await synth(graph, path.join(dir, "out"), { files: (process.argv[3] as "unit" | "resource") ?? "resource" });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, resources: graph.size })}\n`);
