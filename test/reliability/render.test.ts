/**
 * `kiln render` with broken XRs, Compositions, Functions and flags, and function modules that
 * throw, loop, never settle or exit — each stopped by `--timeout` where it would hang.
 */

import { aliasBomb } from "./generate.ts";
import { CANARY, CANARY_B64, type CliCase, project, runCases, type Sandbox } from "./harness.ts";

const XR = "apiVersion: example.org/v1\nkind: XBucket\nmetadata:\n  name: b1\nspec:\n  region: ams3\n";
const COMPOSITION = `apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: xbucket
spec:
  compositeTypeRef:
    apiVersion: example.org/v1
    kind: XBucket
  mode: Pipeline
  pipeline:
    - step: compose
      functionRef:
        name: function-bucket
`;
const FUNCTIONS = `apiVersion: pkg.crossplane.io/v1
kind: Function
metadata:
  name: function-bucket
  annotations:
    kiln.dev/function-module: ./fn.ts
`;
/** A kiln function whose step runs `body` (with `ctx`), then composes one bucket. */
const fn = (body = "", top = "") => `import { defineFunction } from "kiln/function";
${top}
export default defineFunction({
  name: "function-bucket",
  resources: ["bucket"],
  steps: [
    {
      name: "compose",
      run: async (ctx) => {
        ${body}
        ctx.compose("bucket", { apiVersion: "example.org/v1", kind: "Bucket", metadata: {}, spec: {} });
      },
    },
  ],
});
`;

interface Files {
  xr?: string | Buffer;
  composition?: string;
  functions?: string;
  fn?: string;
}
const render =
  (f: Files = {}, ...extra: string[]) =>
  (sb: Sandbox) => {
    project(sb);
    sb.write("xr.yaml", f.xr ?? XR);
    sb.write("composition.yaml", f.composition ?? COMPOSITION);
    sb.write("functions.yaml", f.functions ?? FUNCTIONS);
    sb.write("fn.ts", f.fn ?? fn());
    return ["render", "xr.yaml", "composition.yaml", "functions.yaml", ...extra];
  };

const laughs = aliasBomb();
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: crossplane-system\ndata:\n  token: ${CANARY_B64}\n`;

const cases: CliCase[] = [
  { title: "a valid render (control)", setup: render(), exit: 0, where: /kind: Bucket/ },
  {
    title: "XR: a tab",
    setup: render({ xr: XR.replace("  region", "\tregion") }),
    exit: 1,
    where: /xr\.yaml:6:\d+/,
  },
  {
    title: "XR: a duplicate key",
    setup: render({ xr: `${XR}  region: fra1\n` }),
    exit: 1,
    where: /xr\.yaml:7:\d+: duplicate key/,
  },
  { title: "XR: a list", setup: render({ xr: "- a\n" }), exit: 1, where: /xr\.yaml/ },
  { title: "XR: empty", setup: render({ xr: "" }), exit: 1, where: /xr\.yaml/ },
  {
    title: "XR: binary",
    setup: render({ xr: Buffer.from([0x61, 0, 0xff]) }),
    exit: 1,
    where: /xr\.yaml:1:\d+/,
  },
  { title: "XR: billion laughs", setup: render({ xr: laughs }), exit: 1, where: /xr\.yaml.*alias/ },
  { title: "XR: two documents", setup: render({ xr: `${XR}---\n${XR}` }), exit: 1, where: /xr\.yaml/ },
  {
    title: "XR: of another kind than the Composition's",
    setup: render({ xr: XR.replace("XBucket", "XQueue") }),
    exit: 1,
    where: /XQueue|XBucket/,
  },
  {
    title: "Composition: mode Resources",
    setup: render({ composition: COMPOSITION.replace("Pipeline", "Resources") }),
    exit: 1,
    where: /composition\.yaml.*mode|mode.*composition\.yaml/,
  },
  {
    title: "Composition: a step without functionRef",
    setup: render({ composition: COMPOSITION.replace(/ {6}functionRef:\n {8}name: function-bucket\n/, "") }),
    exit: 1,
    where: /composition\.yaml/,
  },
  {
    title: "Composition: a step naming a missing Function",
    setup: render({ composition: COMPOSITION.replace("name: function-bucket", "name: function-nope") }),
    exit: 1,
    where: /function-nope/,
  },
  {
    title: "Composition: two steps with one name",
    setup: render({
      composition: `${COMPOSITION}    - step: compose\n      functionRef:\n        name: function-bucket\n`,
    }),
    exit: 1,
    where: /compose/,
  },
  {
    title: "Composition: a tab",
    setup: render({ composition: COMPOSITION.replace("  mode:", "\tmode:") }),
    exit: 1,
    where: /composition\.yaml:9:\d+/,
  },
  {
    title: "Functions: no module and no --function-module (needs Docker)",
    setup: render({ functions: FUNCTIONS.replace(/ {2}annotations:\n.*\n/, "") }),
    exit: 1,
    where: /function-bucket/,
  },
  {
    title: "Functions: a module that does not exist",
    setup: render({ functions: FUNCTIONS.replace("./fn.ts", "./nope.ts") }),
    exit: 1,
    where: /nope\.ts/,
  },
  {
    title: "Functions: a YAML error",
    setup: render({ functions: `${FUNCTIONS}  name: twice\n` }),
    exit: 1,
    where: /functions\.yaml:7:\d+/,
  },
  {
    title: "module: throws at load",
    setup: render({ fn: 'throw new Error("fn load boom");\n' }),
    exit: 1,
    where: /fn\.ts:1:\d+: fn load boom/,
  },
  {
    title: "module: exports no function",
    setup: render({ fn: "export default 42;\n" }),
    exit: 1,
    where: /fn\.ts/,
  },
  {
    title: "module: a step that throws",
    setup: render({ fn: fn('throw new Error("step boom");') }),
    exit: 1,
    where: /step boom/,
  },
  {
    title: "module: a step that loops forever (--timeout 2s)",
    setup: render({ fn: fn("for (;;) {}") }, "--timeout", "2s"),
    exit: 1,
    where: /2s|timed out|timeout/i,
    timeoutMs: 40_000,
  },
  {
    title: "module: a step whose promise never settles (--timeout 2s)",
    setup: render({ fn: fn("await new Promise(() => {});") }, "--timeout", "2s"),
    exit: 1,
    where: /2s|timed out|timeout/i,
    timeoutMs: 40_000,
  },
  {
    title: "module: a step that calls process.exit(0)",
    setup: render({ fn: fn("process.exit(0);") }),
    exit: 1,
    where: /process\.exit/,
  },
  {
    title: "module: a step that composes a function value",
    setup: render({
      fn: fn(
        'ctx.compose("x", { apiVersion: "v1", kind: "ConfigMap", metadata: {}, data: { f: (() => 1) as never } });',
      ),
    }),
    exit: 1,
    where: /compose|function/,
  },
  {
    title: "module: a step that composes a cycle",
    setup: render({
      fn: fn(
        'const o: any = { apiVersion: "v1", kind: "ConfigMap", metadata: {} }; o.data = o; ctx.compose("x", o);',
      ),
    }),
    exit: 1,
    where: /compose|cycle|circular/i,
  },
  { title: "--timeout soon", setup: render({}, "--timeout", "soon"), exit: 2, where: /--timeout/ },
  {
    title: "--context-values a={unclosed",
    setup: render({}, "--context-values", "a={unclosed"),
    exit: 1,
    where: /--context-values a/,
  },
  {
    title: "--context-values without =",
    setup: render({}, "--context-values", "novalue"),
    exit: 2,
    where: /--context-values/,
  },
  {
    title: "--context-files a missing file",
    setup: render({}, "--context-files", "a=missing.json"),
    exit: 1,
    where: /missing\.json/,
  },
  {
    title: "--observed-resources a missing folder",
    setup: render({}, "-o", "observed"),
    exit: 1,
    where: /observed/,
  },
  {
    title: "--observed-resources with a tab",
    setup: (sb) => {
      const args = render()(sb);
      sb.write("observed/a.yaml", "apiVersion: example.org/v1\nkind: Bucket\nmetadata:\n\tname: x\n");
      return [...args, "-o", "observed"];
    },
    exit: 1,
    where: /a\.yaml:4:\d+/,
  },
  {
    title: "--function-credentials: a Secret with the canary and a duplicate key",
    setup: (sb) => {
      const args = render()(sb);
      sb.write("creds.yaml", `${SECRET}  token: ${CANARY_B64}\n`);
      return [...args, "--function-credentials", "creds.yaml"];
    },
    exit: 1,
    where: /creds\.yaml:8:\d+: duplicate key/,
  },
  {
    title: "--function-credentials: a Secret whose data is not base64 (the canary)",
    setup: (sb) => {
      const args = render()(sb);
      sb.write("creds.yaml", SECRET.replace(CANARY_B64, `"${CANARY}!"`));
      return [...args, "--function-credentials", "creds.yaml"];
    },
    exit: [0, 1],
  },
  {
    title: "--xrd a file that is not an XRD",
    setup: (sb) => [...render()(sb), "--xrd", "xr.yaml"],
    exit: 1,
    where: /xr\.yaml/,
  },
  {
    title: "--function-module without =",
    setup: render({}, "--function-module", "fn.ts"),
    exit: 2,
    where: /--function-module/,
  },
  {
    title: "an XR file that does not exist",
    setup: (sb) => ["render", "nope.yaml", ...render()(sb).slice(2)],
    exit: 1,
    where: /nope\.yaml/,
  },
];

runCases("render: broken XRs, Compositions, Functions, modules and flags", cases);
