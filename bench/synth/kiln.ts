/** One kiln side of the synth benchmark: render a generated control plane and write it. Prints elapsed ms. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineControlPlane, renderControlPlane, synth } from "../../src/index.ts";
import { generate } from "./objects.ts";

const n = Number(process.argv[2] ?? 10000);
const placed = generate(n);
const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-synth-"));
const start = process.hrtime.bigint();
const cp = defineControlPlane({
  name: "bench",
  inputs: {},
  build({ cluster }) {
    const units = new Map<string, ReturnType<ReturnType<ReturnType<typeof cluster>["layer"]>["app"]>>();
    const clusters = new Map<string, ReturnType<typeof cluster>>();
    const layers = new Map<string, ReturnType<ReturnType<typeof cluster>["layer"]>>();
    for (const p of placed) {
      let c = clusters.get(p.cluster);
      if (!c) clusters.set(p.cluster, (c = cluster(p.cluster)));
      const lk = `${p.cluster}/${p.layer}`;
      let l = layers.get(lk);
      if (!l) layers.set(lk, (l = c.layer(p.layer)));
      const ak = `${lk}/${p.app}`;
      let a = units.get(ak);
      if (!a) units.set(ak, (a = l.app(p.app)));
      a.add(p.object);
    }
  },
});
const { graph } = await renderControlPlane(cp);
await synth(graph, path.join(dir, "out"), { files: (process.argv[3] as "unit" | "resource") ?? "resource" });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, resources: graph.size })}\n`);
