/**
 * Hostile and broken control-plane modules, overrides and values files through `kiln synth`,
 * `kiln build`, `kiln simulate`, `kiln bootstrap` and `kiln fn package`: each a project a user
 * made with `npm i kiln`, in its own sandbox.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { aliasBomb } from "./generate.ts";
import { CANARY, type CliCase, project, runCases, type Sandbox } from "./harness.ts";

interface Module {
  /** Code before the control plane (imports, top-level statements). */
  top?: string;
  /** The body of `build(ctx)`; `c` is cluster "home", `apps` its layer "apps". */
  body?: string;
  /** Replaces the whole file. */
  text?: string;
  async?: boolean;
}

const INPUTS = `{ domain: "example.org", replicas: 2, token: 0, tags: ["a"] }`;

/** Writes in/cp/main.ts (a project with kiln installed) and returns "cp". */
function controlPlane(sb: Sandbox, m: Module): string {
  project(sb);
  const text =
    m.text ??
    `import { defineControlPlane } from "kiln";
${m.top ?? ""}
export default defineControlPlane({
  name: "hostile",
  inputs: ${INPUTS},
  ${m.async ? "async " : ""}build(ctx) {
    const c = ctx.cluster("home");
    const apps = c.layer("apps");
    void apps;
${m.body ?? ""}
  },
});
`;
  sb.write("cp/main.ts", text);
  return "cp";
}

const cm = (name: string, data = "{ a: 'b' }") =>
  `{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "${name}", namespace: "default" }, data: ${data} }`;

/** A synth of module `m` with extra arguments. */
const synth =
  (m: Module, ...extra: string[]) =>
  (sb: Sandbox) => ["synth", controlPlane(sb, m), "--out", sb.out, ...extra];
const build =
  (m: Module, ...extra: string[]) =>
  (sb: Sandbox) => ["build", controlPlane(sb, m), "--out", sb.out, "--offline", ...extra];

const MAIN = /cp\/main\.ts:\d+(:\d+)?/;

const nothingWritten = (_r: unknown, sb: Sandbox) => {
  let entries: string[] = [];
  try {
    entries = readdirSync(sb.out);
  } catch {}
  expect(entries, "a failed run leaves no output").toEqual([]);
};

/** A minimal kiln composition function module. */
export const FN = `import { defineFunction } from "kiln/function";
export default defineFunction({ name: "fn", resources: [], steps: [{ name: "s", run: () => {} }] });
`;

const modules: CliCase[] = [
  {
    title: "build() throws an Error",
    setup: synth({ body: 'throw new Error("boom");' }),
    exit: 1,
    where: /cp\/main\.ts:\d+:\d+: boom/,
  },
  {
    title: "build() throws a string",
    setup: synth({ body: 'throw "plain string";' }),
    exit: 1,
    where: /main\.ts.*plain string/,
  },
  { title: "build() throws null", setup: synth({ body: "throw null;" }), exit: 1, where: /main\.ts/ },
  {
    title: "build() throws an object with a poisoned toString",
    setup: synth({ body: 'throw { toString() { throw new Error("nested"); } };' }),
    exit: 1,
    where: /main\.ts/,
  },
  {
    title: "async build() rejects",
    setup: synth({ async: true, body: 'await Promise.resolve(); throw new Error("late");' }),
    exit: 1,
    where: /main\.ts:\d+:\d+: late/,
  },
  {
    title: "a top-level throw",
    setup: synth({ top: 'throw new Error("at load");' }),
    exit: 1,
    where: /main\.ts:\d+:\d+: at load/,
  },
  {
    title: "a syntax error",
    setup: synth({
      text: 'import { defineControlPlane } from "kiln";\nexport default defineControlPlane({\n  name: "x",,\n});\n',
    }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "a TypeScript type error is not a build error (tsx strips types)",
    setup: synth({ body: "const n: number = 'str' as unknown as number; void n;" }),
    exit: 0,
  },
  {
    title: "an import of a package that is not installed",
    setup: synth({ top: 'import "left-pad-not-installed";' }),
    exit: 1,
    where: /main\.ts.*left-pad-not-installed/,
  },
  {
    title: "an import of a missing relative file",
    setup: synth({ top: 'import "./nope.ts";' }),
    exit: 1,
    where: /main\.ts.*nope\.ts/,
  },
  { title: "no default export", setup: synth({ text: "export const x = 1;\n" }), exit: 1, where: /main\.ts/ },
  {
    title: "a default export that is a number",
    setup: synth({ text: "export default 42;\n" }),
    exit: 1,
    where: /main\.ts/,
  },
  {
    title: "process.exit(3) at load",
    setup: synth({ top: "process.exit(3);" }),
    exit: 1,
    where: /process\.exit/,
  },
  {
    title: 'file("") ',
    setup: synth({ body: 'ctx.file("", "x");' }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: 'file("../escape.txt")',
    setup: synth({ body: 'ctx.file("../escape.txt", "x");' }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: 'file("/etc/kiln-owned")',
    setup: synth({ body: 'ctx.file("/etc/kiln-owned", "x");' }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: "file() with a NUL in the name",
    setup: synth({ body: 'ctx.file("a\\u0000b.txt", "x");' }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: "file() with non-string content",
    setup: synth({ body: 'ctx.file("a.txt", 42 as never);' }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: "file x and x/y both",
    setup: synth({ body: 'ctx.file("x", "1"); ctx.file("x/y", "2");' }),
    exit: 1,
    where: /cp\/main\.ts:\d+:\d+: file\(\): x\/y would be both a file and a folder/,
    check: nothingWritten,
  },
  {
    title: "a resource that contains itself",
    setup: synth({ body: `const o: any = ${cm("cyc")}; o.data.self = o; apps.add(o);` }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: "a function value",
    setup: synth({ body: `apps.add(${cm("fn", "{ f: (() => 1) as never }")});` }),
    exit: 1,
    where: MAIN,
    check: nothingWritten,
  },
  {
    title: "a Symbol value",
    setup: synth({ body: `apps.add(${cm("sym", '{ s: Symbol("s") as never }')});` }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "a BigInt value",
    setup: synth({ body: `apps.add(${cm("big", "{ b: 10n as never }")});` }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "a NaN value",
    setup: synth({ body: `apps.add(${cm("nan", "{ n: Number.NaN as never }")});` }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "an Infinity value",
    setup: synth({ body: `apps.add(${cm("inf", "{ n: Infinity as never }")});` }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "a Map value",
    setup: synth({ body: `apps.add(${cm("map", "{ m: new Map([[1, 2]]) as never }")});` }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "the same resource twice",
    setup: synth({ body: `apps.add(${cm("twice")}); apps.add(${cm("twice")});` }),
    exit: 1,
    where: /twice/,
    check: nothingWritten,
  },
  {
    title: "a cluster name with spaces",
    setup: synth({ body: 'ctx.cluster("Bad Name");' }),
    exit: 1,
    where: MAIN,
  },
  {
    title: "build: a layer that depends on an unknown layer",
    setup: build({ body: 'c.layer("x", { dependsOn: ["nope"] });' }),
    exit: 1,
    where: /nope/,
  },
  {
    title: "build: layers that depend on each other",
    setup: build({ body: 'c.layer("a", { dependsOn: ["b"] }); c.layer("b", { dependsOn: ["a"] });' }),
    exit: 1,
    where: /cycle|circular/i,
  },
  {
    title: "an uncaught exception in a timer after build()",
    setup: synth({ body: 'setTimeout(() => { throw new Error("from a timer"); }, 0);' }),
    exit: 1,
    where: /from a timer/,
  },
  {
    title: "an unhandled rejection after build()",
    setup: synth({ body: 'void Promise.reject(new Error("unhandled"));' }),
    exit: 1,
    where: /unhandled/,
  },
  {
    title: "a module that overrides JSON.stringify",
    setup: synth({
      top: 'JSON.stringify = () => { throw new Error("hijacked"); };',
      body: `apps.add(${cm("j")});`,
    }),
    exit: 0,
  },
  {
    title: "a module that pollutes Object.prototype",
    setup: synth({ top: "(Object.prototype as any).polluted = 'yes';", body: `apps.add(${cm("p")});` }),
    exit: 0,
    check: (_r, sb) => {
      const files = readdirSync(sb.out, { recursive: true }) as string[];
      expect(files.length).toBeGreaterThan(0);
    },
  },
  {
    title: "build() loops forever (synth --timeout 2s)",
    setup: synth({ body: "for (;;) {}" }, "--timeout", "2s"),
    exit: 1,
    where: /main\.ts.*2 ?s|2 ?s.*main\.ts/,
    timeoutMs: 30_000,
    check: nothingWritten,
  },
  {
    title: "build() loops forever (build --timeout 2s)",
    setup: build({ body: "while (true) {}" }, "--timeout", "2s"),
    exit: 1,
    where: /main\.ts/,
    timeoutMs: 30_000,
    check: nothingWritten,
  },
  {
    title: "a top-level endless loop (synth --timeout 2s)",
    setup: synth({ top: "for (;;) {}" }, "--timeout", "2s"),
    exit: 1,
    where: /main\.ts/,
    timeoutMs: 30_000,
  },
  {
    title: "process.exit(0) inside build()",
    setup: synth({ body: "process.exit(0);" }),
    exit: 1,
    where: /process\.exit/,
    check: nothingWritten,
  },
  {
    title: "process.exit(0) at load",
    setup: synth({ top: "process.exit(0);" }),
    exit: 1,
    where: /process\.exit/,
    check: nothingWritten,
  },
  {
    title: "a top-level await that never settles",
    setup: synth({ top: "await new Promise(() => {});" }),
    exit: 1,
    where: /main\.ts/,
    check: nothingWritten,
  },
  {
    title: "an async build() that never settles",
    setup: synth({ async: true, body: "await new Promise(() => {});" }),
    exit: 1,
    where: /main\.ts/,
    check: nothingWritten,
  },
  { title: "--timeout soon", setup: synth({ body: "" }, "--timeout", "soon"), exit: 2, where: /--timeout/ },
  {
    title: "build: a Deployment with replicas of the wrong type (JSON path named)",
    setup: build({
      body: `apps.add({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "default" },
  spec: { replicas: "three" as never, selector: { matchLabels: { a: "b" } },
    template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } } } });`,
    }),
    exit: 1,
    where: /spec\.replicas/,
  },
  {
    title: "build: a plaintext Secret holding the canary is refused and not left in the output",
    setup: build({
      body: `apps.add({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, stringData: { token: process.env.TOKEN! } });`,
    }),
    env: { TOKEN: CANARY },
    exit: 1,
    where: /plaintext Secret/,
    // The module itself wrote the value into the Secret: build writes, then validates (Limits).
    canaryAllowedIn: ["out"],
    check: (_r, sb) =>
      expect(readdirSync(sb.out, { recursive: true })).toContain("clusters/home/apps/secret-s.yaml"),
  },
];

const VALUES = "values.yaml";
/** A synth of a plain module with `-f values.yaml` holding `text`. */
const withValues = (text: string | Buffer) => (sb: Sandbox) => {
  const args = synth({ body: `apps.add(${cm("v")});` })(sb);
  sb.write(VALUES, text);
  return [...args, "-f", VALUES];
};
const sets = (...pairs: string[]) =>
  synth({ body: `apps.add(${cm("s")});` }, ...pairs.flatMap((p) => ["--set", p]));

const overrides: CliCase[] = [
  { title: "--set __proto__.polluted=1", setup: sets("__proto__.polluted=1"), exit: 2, where: /__proto__/ },
  {
    title: "--set constructor.prototype.x=1",
    setup: sets("constructor.prototype.x=1"),
    exit: 2,
    where: /constructor/,
  },
  { title: "--set tags.__proto__=x", setup: sets("tags.__proto__=x"), exit: 2, where: /__proto__/ },
  { title: "--set x (no =)", setup: sets("replicas"), exit: 2, where: /replicas/ },
  { title: "--set =1 (no path)", setup: sets("=1"), exit: 2 },
  { title: "--set an unknown input", setup: sets("nope=1"), exit: 1, where: /unknown input nope/ },
  {
    title: "--set a number input to text",
    setup: sets("replicas=lots"),
    exit: 1,
    where: /replicas expects a number/,
  },
  { title: "--set a deep path under a scalar", setup: sets("domain.x.y=1"), exit: 1, where: /domain/ },
  {
    title: "--set 10,000 times",
    setup: sets(...Array.from({ length: 10000 }, (_, i) => `replicas=${i}`)),
    exit: 0,
  },
  {
    title: "--set token=<canary> on a number input",
    setup: sets(`token=${CANARY}`),
    exit: 1,
    where: /input token expects a number/,
  },
  { title: "--set tags=<canary> on a list input", setup: sets(`tags=${CANARY}`), exit: 1, where: /tags/ },
  {
    title: "-f: the canary in a list where a number is expected",
    setup: withValues(`replicas: [${CANARY}]\n`),
    exit: 1,
    where: /replicas/,
  },
  {
    title: "-f: the canary as a map where a string is expected",
    setup: withValues(`domain: {a: ${CANARY}}\n`),
    exit: 1,
    where: /domain/,
  },
  {
    title: "-f: tab indentation",
    setup: withValues("domain: a\n\treplicas: 3\n"),
    exit: 1,
    where: /values\.yaml:2:\d+/,
  },
  {
    title: "-f: a duplicate key",
    setup: withValues("domain: a\ndomain: b\n"),
    exit: 1,
    where: /values\.yaml:2:1: duplicate key/,
  },
  {
    title: "-f: billion laughs",
    setup: withValues(aliasBomb()),
    exit: 1,
    where: /values\.yaml:\d+:\d+: .*alias/,
  },
  {
    title: "-f: a __proto__ key",
    setup: withValues("__proto__:\n  polluted: 1\n"),
    exit: 1,
    where: /values\.yaml.*__proto__|__proto__.*values\.yaml/,
  },
  {
    title: "-f: a constructor key",
    setup: withValues("constructor:\n  prototype:\n    x: 1\n"),
    exit: 1,
    where: /constructor/,
  },
  {
    title: "-f: binary bytes",
    setup: withValues(Buffer.from([0x64, 0x3a, 0x00, 0xff, 0xfe])),
    exit: 1,
    where: /values\.yaml:1:\d+/,
  },
  { title: "-f: a list, not a map", setup: withValues("- a\n- b\n"), exit: 1, where: /values\.yaml/ },
  {
    title: "-f: a BOM and CRLF (valid)",
    setup: withValues("\ufeffdomain: crlf.example\r\nreplicas: 4\r\n"),
    exit: 0,
  },
  {
    title: "-f: an unknown key",
    setup: withValues("domian: typo.example\n"),
    exit: 1,
    where: /unknown input domian.*values\.yaml/,
  },
  {
    title: "-f: a missing file",
    setup: (sb) => [...synth({ body: "" })(sb), "-f", "missing.yaml"],
    exit: 1,
    where: /missing\.yaml/,
  },
  {
    title: "-f: a folder",
    setup: (sb) => {
      mkdirSync(path.join(sb.in, "valuesdir"));
      return [...synth({ body: "" })(sb), "-f", "valuesdir"];
    },
    exit: 1,
    where: /valuesdir/,
  },
];

const outputs: CliCase[] = [
  {
    title: "--out is a user's folder with files kiln did not create",
    setup: (sb) => {
      sb.write("mine/notes.txt", "my notes\n");
      return [...synth({ body: `apps.add(${cm("o")});` })(sb).slice(0, 2), "--out", "mine"];
    },
    exit: 1,
    where: /mine/,
    writable: ["cache", "tmp/tsx-*"],
  },
  {
    title: "--out is a user's file",
    setup: (sb) => {
      sb.write("file.txt", "keep me\n");
      return [...synth({ body: "" })(sb).slice(0, 2), "--out", "file.txt"];
    },
    exit: 1,
    where: /file\.txt/,
    writable: ["cache", "tmp/tsx-*"],
  },
  {
    title: "--out is the project folder itself",
    setup: (sb) => [...synth({ body: "" })(sb).slice(0, 2), "--out", "cp"],
    exit: 1,
    where: /cp/,
    writable: ["cache", "tmp/tsx-*"],
  },
  {
    title: "--out holds a user's own .kiln-output file",
    setup: (sb) => {
      const args = synth({ body: "" })(sb);
      mkdirSync(sb.out, { recursive: true });
      writeFileSync(path.join(sb.out, ".kiln-output"), "mine\n");
      return args;
    },
    exit: 1,
    where: /\.kiln-output/,
    writable: ["cache", "tmp/tsx-*"],
  },
  { title: "--format xml", setup: synth({ body: "" }, "--format", "xml"), exit: 2, where: /--format/ },
  { title: "--files bogus", setup: synth({ body: "" }, "--files", "bogus"), exit: 2, where: /--files/ },
  {
    title: "a project folder that does not exist",
    setup: (sb) => ["synth", "nowhere", "--out", sb.out],
    exit: 1,
    where: /nowhere/,
  },
  {
    title: "an entry that is a YAML file",
    setup: (sb) => {
      sb.write("cp.yaml", "a: 1\n");
      return ["synth", "cp.yaml", "--out", sb.out];
    },
    exit: 1,
    where: /cp\.yaml/,
  },
];

const otherCommands: CliCase[] = [
  {
    title: "simulate: build() throws",
    setup: (sb) => ["simulate", controlPlane(sb, { body: 'throw new Error("sim boom");' })],
    exit: 1,
    where: /main\.ts:\d+:\d+: sim boom/,
  },
  {
    title: "simulate: --steps abc",
    setup: (sb) => ["simulate", controlPlane(sb, { body: "" }), "--steps", "abc"],
    exit: 2,
    where: /--steps/,
  },
  {
    title: "simulate: --fault without =",
    setup: (sb) => ["simulate", controlPlane(sb, { body: "" }), "--fault", "broken"],
    exit: 2,
    where: /--fault/,
  },
  {
    title: "simulate: a provider module that throws",
    setup: (sb) => {
      const dir = controlPlane(sb, { body: "" });
      sb.write("provider.ts", 'throw new Error("provider boom");\n');
      return ["simulate", dir, "--provider", "provider.ts"];
    },
    exit: 1,
    where: /provider\.ts.*provider boom/,
  },
  {
    title: "bootstrap: build() throws",
    setup: (sb) => [
      "bootstrap",
      controlPlane(sb, { body: 'throw new Error("boot boom");' }),
      "--cluster",
      "home",
    ],
    exit: 1,
    where: /main\.ts:\d+:\d+: boot boom/,
  },
  {
    title: "fn package: a module that does not exist",
    setup: (sb) => ["fn", "package", "nope.ts", "--out", sb.out],
    exit: 1,
    where: /nope\.ts/,
  },
  {
    title: "fn package: a module that throws at load",
    setup: (sb) => {
      project(sb);
      sb.write("fn.ts", 'throw new Error("fn boom");\n');
      return ["fn", "package", "fn.ts", "--out", sb.out];
    },
    exit: 1,
    where: /fn\.ts.*fn boom/,
  },
  {
    title: "fn serve: a module whose default export is not a function",
    setup: (sb) => {
      project(sb);
      sb.write("fn.ts", "export default { name: 1 };\n");
      return ["fn", "serve", "fn.ts", "--insecure", "--address", "127.0.0.1:0"];
    },
    exit: 1,
    where: /fn\.ts/,
  },
  {
    title: "fn serve: --max-message-size lots",
    setup: () => ["fn", "serve", "x.ts", "--insecure", "--max-message-size", "lots"],
    exit: 2,
    where: /--max-message-size/,
  },
  {
    title: "fn serve: --deadline forever",
    setup: () => ["fn", "serve", "x.ts", "--insecure", "--deadline", "forever"],
    exit: 2,
    where: /--deadline/,
  },
  {
    title: "fn serve: --address not-an-address",
    setup: (sb) => {
      project(sb);
      sb.write("fn.ts", FN);
      return ["fn", "serve", "fn.ts", "--insecure", "--address", "::::"];
    },
    exit: 1,
    where: /cannot listen on .*::::/,
  },
];

runCases("synth and build: hostile modules", modules);
runCases("synth: --set and -f values", overrides);
runCases("synth: output folders", outputs);
runCases("simulate, bootstrap, fn package, fn serve: broken modules and flags", otherCommands);
