/**
 * The seeded generator of bad YAML for the reliability corpus: valid manifests of the kinds a
 * homelab holds (ConfigMap, Deployment, Secret with the canary, Service, Flux Kustomization,
 * HelmRelease with a canary password), each damaged by one edit a person, an editor or an
 * attacker makes, optionally saved with a BOM or CRLF line ends. Every case states where the
 * error must be reported (a line range, and the rule or JSON path), worked out from the edit,
 * not from kiln's answer.
 */
import { pick, rng } from "../frp/mutate.ts";
import { CANARY, CANARY_B64 } from "./harness.ts";

export interface YamlCase {
  /** File name inside the corpus folder (unique). */
  file: string;
  text: string | Buffer;
  /** What was done, for the test title and docs/reliability.md's counts. */
  edit: string;
  base: string;
  /** Rule of the expected error (`yaml`, `schema/type`, …). */
  rule: RegExp;
  /** Inclusive line range the error must be reported in. */
  lines: [number, number];
  /** JSON path the error must name, for schema errors. */
  path?: string;
  /** What the message must say, where the wording matters. */
  message?: RegExp;
}

type Base = (name: string) => string[];

/** Lines of each base manifest; `name` keeps identities unique across the corpus. */
const BASES: Record<string, Base> = {
  configmap: (n) => [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    `  name: ${n}`,
    "  namespace: apps",
    "  labels:",
    "    app: web",
    "    tier: front",
    "data:",
    "  domain: example.org",
    "  replicas: '3'",
    "  mode: production",
  ],
  deployment: (n) => [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${n}`,
    "  namespace: apps",
    "spec:",
    "  replicas: 2",
    "  selector:",
    "    matchLabels:",
    `      app: ${n}`,
    "  template:",
    "    metadata:",
    "      labels:",
    `        app: ${n}`,
    "    spec:",
    "      containers:",
    "        - name: web",
    "          image: nginx:1.27",
    "          imagePullPolicy: IfNotPresent",
  ],
  secret: (n) => [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${n}`,
    "  namespace: apps",
    "type: Opaque",
    "stringData:",
    `  token: ${CANARY}`,
    "  user: admin",
    "data:",
    `  password: ${CANARY_B64}`,
  ],
  service: (n) => [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${n}`,
    "  namespace: apps",
    "spec:",
    "  type: ClusterIP",
    "  selector:",
    "    app: web",
    "  ports:",
    "    - name: http",
    "      port: 80",
    "      targetPort: 8080",
  ],
  kustomization: (n) => [
    "apiVersion: kustomize.toolkit.fluxcd.io/v1",
    "kind: Kustomization",
    "metadata:",
    `  name: ${n}`,
    "  namespace: flux-system",
    "spec:",
    "  interval: 10m",
    "  path: ./apps",
    "  prune: true",
    "  sourceRef:",
    "    kind: GitRepository",
    "    name: flux-system",
  ],
  helmrelease: (n) => [
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    "metadata:",
    `  name: ${n}`,
    "  namespace: apps",
    "spec:",
    "  interval: 30m",
    "  chart:",
    "    spec:",
    "      chart: podinfo",
    "      version: 6.7.0",
    "      sourceRef:",
    "        kind: HelmRepository",
    "        name: podinfo",
    "  values:",
    "    replicaCount: 2",
    "    auth:",
    "      username: admin",
    `      existingPassword: ${CANARY}`,
  ],
};

/** Typed scalar fields per base (line index → JSON path, expected type), for schema edits. */
const TYPED: Record<string, Array<[number, string, "integer" | "string"]>> = {
  deployment: [
    [6, "spec.replicas", "integer"],
    [17, "spec.template.spec.containers[0].image", "string"],
  ],
  service: [[11, "spec.ports[0].port", "integer"]],
  configmap: [[9, "data.domain", "string"]],
};

const KEY_LINE = /^( *)([A-Za-z][\w.-]*): (\S.*)$/;
const indentOf = (l: string) => /^ */.exec(l)![0].length;

interface Edited {
  lines: string[];
  rule: RegExp;
  range: [number, number];
  path?: string;
}
type Edit = (lines: string[], r: () => number, base: string) => Edited | undefined;

/** Line indices (0-based) of `key: scalar` lines, optionally filtered. */
const keyLines = (lines: string[], f: (i: number) => boolean = () => true) =>
  lines.map((l, i) => (KEY_LINE.test(l) && f(i) ? i : -1)).filter((i) => i >= 0);

const YAML = /^yaml$/;
const withValue = (lines: string[], i: number, value: string) => {
  const out = [...lines];
  out[i] = out[i]!.replace(KEY_LINE, (_m, ind, k) => `${ind}${k}: ${value}`);
  return out;
};

export const EDITS: Record<string, Edit> = {
  "tab indentation": (lines, r) => {
    const at = keyLines(lines, (i) => indentOf(lines[i]!) > 0);
    if (!at.length) return undefined;
    const i = pick(at, r);
    const out = [...lines];
    out[i] = `\t${out[i]!.trimStart()}`;
    return { lines: out, rule: YAML, range: [i + 1, i + 1] };
  },
  "sibling dedented by one space": (lines, r) => {
    const at = keyLines(
      lines,
      (i) =>
        i > 0 &&
        indentOf(lines[i]!) >= 2 &&
        KEY_LINE.test(lines[i - 1]!) &&
        indentOf(lines[i - 1]!) === indentOf(lines[i]!),
    );
    if (!at.length) return undefined;
    const i = pick(at, r);
    const out = [...lines];
    out[i] = out[i]!.slice(1);
    return { lines: out, rule: YAML, range: [i + 1, i + 2] };
  },
  "sibling indented by one space": (lines, r) => {
    const at = keyLines(
      lines,
      (i) => i > 0 && KEY_LINE.test(lines[i - 1]!) && indentOf(lines[i - 1]!) === indentOf(lines[i]!),
    );
    if (!at.length) return undefined;
    const i = pick(at, r);
    const out = [...lines];
    out[i] = ` ${out[i]}`;
    return { lines: out, rule: YAML, range: [i, i + 1] };
  },
  "duplicate key": (lines, r) => {
    const at = keyLines(lines);
    const i = pick(at, r);
    const out = [...lines];
    out.splice(i + 1, 0, lines[i]!);
    return { lines: out, rule: YAML, range: [i + 2, i + 2] };
  },
  "unclosed double quote": (lines, r) => {
    const i = pick(keyLines(lines), r);
    return {
      lines: withValue(lines, i, `"${KEY_LINE.exec(lines[i]!)![3]}`),
      rule: YAML,
      range: [i + 1, lines.length + 1],
    };
  },
  "invalid escape": (lines, r) => {
    const i = pick(keyLines(lines), r);
    return { lines: withValue(lines, i, '"a\\qb"'), rule: YAML, range: [i + 1, i + 1] };
  },
  "unclosed flow sequence": (lines, r) => {
    const i = pick(keyLines(lines), r);
    return { lines: withValue(lines, i, "[a, b"), rule: YAML, range: [i + 1, lines.length + 1] };
  },
  "undefined alias": (lines, r) => {
    const i = pick(keyLines(lines), r);
    return { lines: withValue(lines, i, "*nowhere"), rule: YAML, range: [i + 1, i + 1] };
  },
  "NUL byte in a value": (lines, r) => {
    const i = pick(keyLines(lines), r);
    const out = [...lines];
    out[i] = `${out[i]}\u0000x`;
    return { lines: out, rule: YAML, range: [i + 1, i + 1] };
  },
  "bad block scalar header": (lines, r) => {
    const i = pick(keyLines(lines), r);
    return { lines: withValue(lines, i, "|x"), rule: YAML, range: [i + 1, i + 1] };
  },
  "tab-indented document in a second --- document": (lines, r) => {
    const i = pick(
      keyLines(lines, (k) => indentOf(lines[k]!) > 0),
      r,
    );
    const second = [...lines];
    second[i] = `\t${second[i]!.trimStart()}`;
    second[3] = second[3]!.replace(/name: (.*)$/, "name: $1-b");
    return {
      lines: [...lines, "---", ...second],
      rule: YAML,
      range: [lines.length + 2 + i, lines.length + 2 + i],
    };
  },
  "value of the wrong type": (lines, r, base) => {
    const typed = TYPED[base];
    if (!typed) return undefined;
    const [i, p, type] = pick(typed, r);
    const value = type === "integer" ? "three" : "[a, b]";
    return { lines: withValue(lines, i, value), rule: /^schema\/type$/, range: [i + 1, i + 1], path: p };
  },
};

const EDIT_NAMES = Object.keys(EDITS);

/** `count` damaged manifests from `seed`: one edit each, a fifth saved with a BOM, a fifth with CRLF. */
export function yamlCorpus(count: number, seed: number): YamlCase[] {
  const r = rng(seed);
  const out: YamlCase[] = [];
  const bases = Object.keys(BASES);
  while (out.length < count) {
    const base = pick(bases, r);
    const editName = EDIT_NAMES[out.length % EDIT_NAMES.length]!;
    const n = out.length;
    const name = `${base}-${n}`;
    const e = EDITS[editName]!(BASES[base]!(name), r, base);
    if (!e) continue;
    const wrap = r();
    const saved = wrap < 0.2 ? "bom" : wrap < 0.4 ? "crlf" : "lf";
    let text = `${e.lines.join("\n")}\n`;
    if (saved === "crlf") text = text.replace(/\n/g, "\r\n");
    if (saved === "bom") text = `\ufeff${text}`;
    out.push({
      file: `${String(n).padStart(3, "0")}-${base}-${editName.replace(/\W+/g, "-")}-${saved}.yaml`,
      text,
      edit: `${editName}${saved === "lf" ? "" : ` (${saved.toUpperCase()})`}`,
      base,
      rule: e.rule,
      lines: e.range,
      ...(e.path ? { path: e.path } : {}),
    });
  }
  return out;
}

/**
 * Billion laughs: nine anchors of nine aliases each (9^9 nodes once expanded), its first value
 * `first`, every line under `indent`.
 */
export function aliasBomb(first = "x", indent = ""): string {
  const lines = [`${indent}a: &a [${[first, ...Array(8).fill("x")].join(", ")}]`];
  for (let k = 1; k < 9; k++) {
    const prev = String.fromCharCode(96 + k);
    const cur = String.fromCharCode(97 + k);
    lines.push(`${indent}${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** Hand-written hostile YAML: resource exhaustion, odd encodings, documents that are not objects. */
export function hostileYaml(): YamlCase[] {
  const big = `big: &big [${Array.from({ length: 2000 }, (_, i) => `v${i}`).join(", ")}]`;
  const refs = Array.from({ length: 1500 }, (_, i) => `r${i}: *big`);
  const secret = (extra: string[]) => [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: hostile-secret",
    "stringData:",
    `  token: ${CANARY}`,
    ...extra,
  ];
  const c = (
    file: string,
    edit: string,
    text: string | Buffer,
    rule: RegExp,
    lines: [number, number],
  ): YamlCase => ({
    file: `h-${file}`,
    text,
    edit,
    base: "hostile",
    rule,
    lines,
  });
  return [
    c("billion-laughs.yaml", "billion laughs (9^9 aliases)", aliasBomb(), YAML, [1, 9]),
    c(
      "huge-anchor.yaml",
      "2,000-item anchor aliased 1,500 times",
      `${[big, ...refs].join("\n")}\n`,
      YAML,
      [1, 1501],
    ),
    {
      ...c(
        "deep-flow.yaml",
        "20,000 nested flow sequences",
        `a: ${"[".repeat(20000)}${"]".repeat(20000)}\n`,
        YAML,
        [1, 1],
      ),
      message: /^nested too deeply/,
    },
    {
      ...c(
        "deep-block.yaml",
        "3,000 nested block mappings",
        `${Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} 1\n`,
        YAML,
        [1, 3000],
      ),
      message: /^nested too deeply/,
    },
    c(
      "binary.yaml",
      "4 KiB of binary bytes",
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      YAML,
      [1, 4096],
    ),
    c("scalar.yaml", "a document that is a string", "just a string\n", /^yaml\/not-an-object$/, [1, 1]),
    c("list.yaml", "a document that is a list", "- a\n- b\n", /^yaml\/not-an-object$/, [1, 1]),
    c(
      "no-kind.yaml",
      "an object without kind",
      "apiVersion: v1\nmetadata: {name: a}\n",
      /^yaml\/not-an-object$/,
      [1, 1],
    ),
    c(
      "secret-tab.yaml",
      "tab inside a Secret holding the canary",
      `${secret(["\tuser: x"]).join("\n")}\n`,
      YAML,
      [7, 7],
    ),
    c(
      "secret-quote.yaml",
      "unclosed quote before the canary",
      `${secret([`  other: "${CANARY}`]).join("\n")}\n`,
      YAML,
      [7, 8],
    ),
    c(
      "secret-dup.yaml",
      "the canary key twice",
      `${secret([`  token: ${CANARY}`]).join("\n")}\n`,
      YAML,
      [7, 7],
    ),
    c(
      "python-tag.yaml",
      "a !!python/object tag",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: py\ndata:\n  x: !!python/object/apply:os.system ['id']\n",
      /^(yaml|schema\/type)$/,
      [6, 6],
    ),
    c(
      "merge-proto.yaml",
      "a YAML merge key carrying __proto__",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n  <<: {__proto__: {polluted: 1}}\n  namespace: 3\n",
      /^schema\/type$/,
      [6, 6],
    ),
    c(
      "directive.yaml",
      "a %YAML 9.9 directive",
      "%YAML 9.9\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  name: e\n",
      YAML,
      [1, 7],
    ),
    c("utf16.yaml", "UTF-16 text", Buffer.from("\ufeffapiVersion: v1\nkind: [\n", "utf16le"), YAML, [1, 2]),
    c(
      "only-separators.yaml",
      "a stream of --- and ... with a bad key",
      "---\n...\n---\n: :\n  - ]\n",
      YAML,
      [4, 5],
    ),
    c("long-key.yaml", "a 1 MiB key", `${"k".repeat(1 << 20)}: [\n`, YAML, [1, 2]),
  ];
}
