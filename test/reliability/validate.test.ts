/**
 * `kiln validate` over the generated YAML corpus (one process for the whole folder, findings
 * checked per file), every reporter over the same folder, and the file-system cases: symlinks,
 * FIFOs, huge, empty and missing files, a closed pipe.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/env.ts";
import { hostileYaml, type YamlCase, yamlCorpus } from "./generate.ts";
import {
  assertFreshDist,
  CANARY,
  CANARY_B64,
  collect,
  expectHeld,
  expectNoCanary,
  expectNoTrace,
  kiln,
  type Run,
  Sandbox,
  type Snapshot,
  sandboxEnv,
} from "./harness.ts";

interface Diagnostic {
  severity: string;
  rule: string;
  message: string;
  file: string;
  line?: number;
  path?: string;
}

const YAML_CASES: YamlCase[] = [...yamlCorpus(160, 16), ...hostileYaml()];

const sb = new Sandbox("validate");
let before: Snapshot;
let json: Run;
let diags: Diagnostic[];
beforeAll(async () => {
  assertFreshDist();
  for (const c of YAML_CASES) sb.write(path.join("corpus", c.file), c.text);
  before = sb.snapshot();
  // A folder of unrelated bad files, checked file by file: the Flux Kustomization among the bases
  // would otherwise make it a Flux repository, where files no Kustomization applies are skipped.
  json = await kiln(sb, ["validate", "corpus", "--files", "--offline", "-o", "json"], { timeoutMs: 60_000 });
  diags = (JSON.parse(json.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}, 90_000);
afterAll(() => sb.remove());

describe(`kiln validate: ${YAML_CASES.length} bad YAML files in one run`, () => {
  it("exits 1 with no trace, no canary and nothing written", () => {
    expectHeld(json, sb, before, { exit: 1 });
  });

  it.each(YAML_CASES.map((c) => [`${c.file}: ${c.edit}`, c] as const))("%s", (_t, c) => {
    const mine = diags.filter((d) => path.basename(d.file) === c.file && d.severity === "error");
    const label = `${c.file} (${c.edit}), expected ${c.rule} at lines ${c.lines.join("-")}${c.path ? ` at ${c.path}` : ""}; got ${JSON.stringify(mine)}`;
    const hit = mine.find(
      (d) =>
        c.rule.test(d.rule) &&
        d.line !== undefined &&
        d.line >= c.lines[0] &&
        d.line <= c.lines[1] &&
        (c.path === undefined || d.path === c.path) &&
        (c.message === undefined || c.message.test(d.message)),
    );
    expect(hit, label).toBeDefined();
    for (const d of mine) expectNoCanary(d.message, c.file);
  });

  it.each(["pretty", "sarif", "junit", "github"])(
    "reporter %s names every file, no trace or canary",
    async (o) => {
      const r = await kiln(sb, ["validate", "corpus", "--files", "--offline", "-o", o], {
        timeoutMs: 60_000,
      });
      expectHeld(r, sb, before, { exit: 1 });
      for (const c of YAML_CASES) expect(r.stdout, `${o} misses ${c.file}`).toContain(c.file);
    },
  );

  it("survives a closed pipe (`kiln validate … | head -c 100`)", async () => {
    const child = spawn(
      "sh",
      [
        "-c",
        `node ${JSON.stringify(path.join(ROOT, "bin/kiln.js"))} validate corpus --offline | head -c 100 >/dev/null`,
      ],
      { cwd: sb.in, env: sandboxEnv(sb), stdio: ["pipe", "pipe", "pipe"] },
    );
    const r = await collect(child, Date.now(), { timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expectNoTrace(r.stderr, "stderr");
    expect(r.stderr).toBe("");
  });
});

/** One sandbox per case: a case may hang or abort the whole run. */
interface FsCase {
  title: string;
  setup: (s: Sandbox) => void;
  args?: string[];
  exit: number;
  where?: RegExp;
  /** Rules every good file beside the hostile entry must still get (proves the run went on). */
  still?: boolean;
}

const bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: beside\n  name: twice\n";
const beside = (s: Sandbox) => s.write("tree/beside.yaml", bad);

const FS_CASES: FsCase[] = [
  {
    title: "a file over the 32 MiB limit",
    setup: (s) => s.write("tree/huge.yaml", `data: ${"y".repeat(33 * 1024 * 1024)}\n`),
    exit: 1,
    where: /huge\.yaml[\s\S]*file is too large/,
  },
  {
    title: "a folder named x.yaml",
    setup: (s) => {
      beside(s);
      mkdirSync(path.join(s.in, "tree/folder.yaml/inner"), { recursive: true });
      s.write("tree/folder.yaml/inner/deep.yaml", "kind: [\n");
    },
    exit: 1,
    where: /deep\.yaml/,
    still: true,
  },
  { title: "an empty file", setup: (s) => s.write("tree/empty.yaml", ""), exit: 0 },
  {
    title: "a file of only comments and separators",
    setup: (s) => s.write("tree/c.yaml", "# nothing\n---\n# still nothing\n...\n"),
    exit: 0,
  },
  {
    title: "a path that does not exist",
    setup: () => {},
    args: ["validate", "missing.yaml", "--offline"],
    exit: 1,
    where: /missing\.yaml/,
  },
  {
    title: "a CRLF file and a BOM file that are valid",
    setup: (s) => {
      s.write("tree/crlf.yaml", "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n");
      s.write("tree/bom.yaml", "\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bom\n");
    },
    exit: 0,
  },
  {
    title: "a dangling symlink beside a bad file",
    setup: (s) => {
      beside(s);
      symlinkSync("nowhere.yaml", path.join(s.in, "tree/dangling.yaml"));
    },
    exit: 1,
    where: /dangling\.yaml/,
    still: true,
  },
  {
    title: "a two-link symlink loop beside a bad file",
    setup: (s) => {
      beside(s);
      symlinkSync("loop-b.yaml", path.join(s.in, "tree/loop-a.yaml"));
      symlinkSync("loop-a.yaml", path.join(s.in, "tree/loop-b.yaml"));
    },
    exit: 1,
    where: /loop-a\.yaml/,
    still: true,
  },
  {
    title: "a folder symlink to its parent (d/up -> ..)",
    setup: (s) => {
      beside(s);
      mkdirSync(path.join(s.in, "tree/d"), { recursive: true });
      symlinkSync("..", path.join(s.in, "tree/d/up"));
    },
    exit: 1,
    still: true,
  },
  {
    title: "a FIFO named x.yaml",
    setup: (s) => {
      beside(s);
      mkfifo(path.join(s.in, "tree/x.yaml"));
    },
    exit: 1,
    where: /x\.yaml/,
    still: true,
  },
];

const secretTree = (s: Sandbox) => {
  s.write(
    "tree/secret.yaml",
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\ndata:\n  token: "${CANARY}!"\n  other: ${CANARY_B64}\nstringData:\n  n: 5\n`,
  );
  s.write(
    "tree/helmrelease.yaml",
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: h\n  namespace: default\nspec:\n  interval: 5\n  chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}\n  values:\n    db:\n      password: ${CANARY}\n`,
  );
};
for (const o of ["pretty", "json", "sarif", "junit", "github"])
  FS_CASES.push({
    title: `a Secret with the canary in bad data, a HelmRelease with it as a password (-o ${o})`,
    setup: secretTree,
    args: ["validate", "tree", "--offline", "-o", o],
    exit: 1,
    where: /secret\.yaml[\s\S]*data\.token|data\.token[\s\S]*secret\.yaml/,
  });

function mkfifo(p: string): void {
  execFileSync("mkfifo", [p]);
}

async function runFs(c: FsCase): Promise<void> {
  const s = new Sandbox("fs");
  try {
    c.setup(s);
    const before = s.snapshot();
    const r = await kiln(s, c.args ?? ["validate", "tree", "--offline"], { timeoutMs: 20_000 });
    expectHeld(r, s, before, { exit: c.exit, ...(c.where ? { where: c.where } : {}) });
    if (c.still)
      expect(r.stdout, "the good files beside it were still checked").toMatch(
        /beside\.yaml[\s\S]*duplicate key/,
      );
  } finally {
    s.remove();
  }
}

describe("kiln validate: file-system cases", () => {
  it.each(FS_CASES.map((c) => [c.title, c] as const))("%s", async (_t, c) => runFs(c), 60_000);
});
