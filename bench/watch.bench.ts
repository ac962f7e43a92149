/**
 * `kiln build --watch` on examples/homelab (the built CLI, bin/kiln.js: run `npm run build`
 * first): a copy of the homelab outside the repository, one one-line change to a module
 * (`tls.ts`) after each finished rebuild, `BENCH_WATCH_REBUILDS` times (default 50). The rebuild
 * times are the watch's own `[watch] … done in N ms` lines; memory is the process's resident set
 * (Linux /proc) after the first and the last rebuild. A cold `kiln build` of the same copy is the
 * baseline, and the watch's output folder is compared with a cold build's, byte for byte.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readTree } from "../test/helpers/tree.ts";
import { fmtMs, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const REBUILDS = Number(process.env.BENCH_WATCH_REBUILDS ?? 50);
const COLD_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KILN = path.join(root, "bin/kiln.js");
const ENV = { ...process.env, KILN_OFFLINE: "1", CI: "true" };

/** The homelab as a project of its own: an ES module package with kiln installed. */
function homelabCopy(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-bench-watch-")), "homelab");
  cpSync(path.join(root, "examples/homelab"), dir, {
    recursive: true,
    filter: (f) => !/[\\/](out|\.kiln|\.kiln-tmp|node_modules)$/.test(f),
  });
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(root, path.join(dir, "node_modules/kiln"));
  return dir;
}

function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves with each `[watch] … done in N ms` figure, in order. */
export function watchLines(child: ChildProcess) {
  let text = "";
  const done: number[] = [];
  const waiters: Array<{ resolve: (ms: number) => void; reject: (e: Error) => void }> = [];
  let failed: Error | undefined;
  const onData = (d: Buffer) => {
    text += d;
    for (;;) {
      const m = /\[watch\] [^\n]*?done in (\d+) ms[^\n]*\n/.exec(text);
      if (!m) break;
      text = text.slice(m.index + m[0].length);
      const ms = Number(m[1]);
      const w = waiters.shift();
      if (w) w.resolve(ms);
      else done.push(ms);
    }
    if (/(^|\n)error: /.test(text)) {
      failed ??= new Error(`the watch failed:\n${text}`);
      for (const w of waiters.splice(0)) w.reject(failed);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return () =>
    new Promise<number>((resolve, reject) => {
      const ms = done.shift();
      if (ms !== undefined) resolve(ms);
      else if (failed) reject(failed);
      else waiters.push({ resolve, reject });
    });
}

/** Both folders hold the same files with the same bytes. */
const sameTree = (a: string, b: string) =>
  JSON.stringify([...readTree(a)]) === JSON.stringify([...readTree(b)]);

export default async function bench() {
  if (!existsSync(path.join(root, "dist/cli/main.js"))) throw new Error("run `npm run build` first");
  const dir = homelabCopy();
  // The first build imports the CRDs into .kiln/imports; the timed ones reuse them, as a user's do.
  const first = runCommand(process.execPath, [KILN, "build", dir], { env: ENV });
  if (first.status !== 0) throw new Error(`kiln build failed: ${first.stderr.slice(0, 400)}`);
  const cold = Array.from({ length: COLD_RUNS }, () =>
    runCommand(process.execPath, [KILN, "build", dir], { env: ENV }),
  );

  const child = spawn(process.execPath, [KILN, "build", dir, "--watch"], { env: ENV });
  const next = watchLines(child);
  await next();
  const tls = path.join(dir, "tls.ts");
  const source = readFileSync(tls, "utf8");
  // The line as it is in tls.ts, a template literal of its own.
  const line = ["privateKeySecretRef: { name: `$", "{ISSUER}-account-key` },"].join("");
  if (!source.includes(line)) throw new Error(`tls.ts no longer has the line the benchmark changes: ${line}`);
  const times: number[] = [];
  let rssFirst: number | undefined;
  for (let i = 1; i <= REBUILDS; i++) {
    writeFileSync(tls, source.replace(line, line.replace("-account-key", `-account-key-${i}`)));
    times.push(await next());
    if (i === 1) rssFirst = rssMb(child.pid!);
  }
  const rssLast = rssMb(child.pid!);
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
  const cold2 = path.join(path.dirname(dir), "cold-out");
  const check = runCommand(process.execPath, [KILN, "build", dir, "-o", cold2], { env: ENV });
  const identical = check.status === 0 && sameTree(path.join(dir, "out"), cold2);
  rmSync(path.dirname(dir), { recursive: true, force: true });

  const first10 = times.slice(0, 10);
  const load = os.loadavg().map((l) => l.toFixed(2));
  return {
    title: "Watch: kiln build examples/homelab --watch, one-line changes",
    markdown: `| what | figure |
|---|---|
| cold \`kiln build\` (wall, median of ${COLD_RUNS}) | ${fmtMs(median(cold.map((r) => r.ms)))} |
| rebuild after a one-line change, median of the first 10 | ${fmtMs(median(first10))} (${Math.min(...first10)}–${Math.max(...first10)} ms) |
| rebuild, median of all ${REBUILDS} | ${fmtMs(median(times))} (slowest ${Math.max(...times)} ms) |
| resident memory after rebuild 1 → ${REBUILDS} | ${rssFirst?.toFixed(0) ?? "?"} MB → ${rssLast?.toFixed(0) ?? "?"} MB |
| output after the last rebuild = a cold build's, byte for byte | ${identical ? "yes" : "**no**"} |

A copy of examples/homelab outside the repository; after each finished rebuild, one line of
\`tls.ts\` changes (the ClusterIssuer's key Secret name, so two manifests change). Times are the
watch's own \`[watch] … done in N ms\` lines (render, synth, validation; the debounce is not
included). Load average at the end: ${load.join(", ")} (${os.cpus().length} cores).`,
  };
}
