// One thread checking every file of a folder in one process, three times over: the per-file work
// of `kiln validate` (read, parse, schemas, CEL, metadata, facts, findings with lines) without
// process start, listing, worker threads, cross-resource checks or the report. The first pass
// includes V8's warm-up; the later ones show the work alone. Uses the built dist/ modules.
// Usage: node bench/validate/passes.mjs DIR MIRROR → JSON {passes: [{wallMs, cpuMs}]}
import { checkFile } from "../../dist/validate/file-check.js";
import { displayPaths, listManifestFiles } from "../../dist/validate/input.js";
import { SchemaRegistry } from "../../dist/validate/registry.js";

const [dir, mirror] = process.argv.slice(2);
const files = listManifestFiles([dir]);
const display = displayPaths(files);
const registry = await SchemaRegistry.create({ mirror, network: false });
const settings = { strict: true, tree: { treeRoot: dir } };
const passes = [];
for (let pass = 0; pass < 3; pass++) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < files.length; i++)
    await checkFile(files[i], display[i], registry.lookup, (g) => registry.ensureGroups(g), settings);
  const used = process.cpuUsage(cpu);
  passes.push({ wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 });
}
process.stdout.write(`${JSON.stringify({ files: files.length, passes })}\n`);
