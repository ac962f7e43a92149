/**
 * A seeded generator of mutated frp configs: the valid and invalid cases of the unit table, each
 * damaged by small edits a person or a bad template makes (a character lost or added, a value of
 * the wrong type, an unknown or differently cased key, a line repeated or moved). The interop
 * test runs every mutant through the real frpc/frps and through kiln and compares stdout.
 */
import { type Case, client, server } from "./cases.ts";

export interface Mutant {
  title: string;
  text: string;
  role: "client" | "server";
}

/** mulberry32: a small seeded PRNG, so the corpus is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ["=", "[", "]", '"', "'", "{", "}", ",", ".", "\n", "#", " ", "x", "1", "-", "\t", "\\"];
const VALUES = ['"text"', "42", "-1", "70000", "true", "3.5", '["a", "b"]', "{ a = 1 }", '""', "0"];
const KEYS = [
  "foo",
  "serverport",
  "SERVERADDR",
  "auth.tokne",
  "log.level",
  "transport.tls.enable",
  "webServer.port",
  "bindPort",
];

type Edit = (text: string, r: () => number) => string;
export const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;

const edits: Array<[string, Edit]> = [
  [
    "drop a character",
    (t, r) => {
      if (!t) return t;
      const i = Math.floor(r() * t.length);
      return t.slice(0, i) + t.slice(i + 1);
    },
  ],
  [
    "insert a character",
    (t, r) => {
      const i = Math.floor(r() * (t.length + 1));
      return t.slice(0, i) + pick(NOISE, r) + t.slice(i);
    },
  ],
  [
    "replace a value",
    (t, r) => {
      const lines = t.split("\n");
      const at = lines.map((l, i) => (/^\s*[\w.]+\s*=/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (at.length === 0) return `${t}serverPort = ${pick(VALUES, r)}\n`;
      const i = pick(at, r);
      lines[i] = lines[i]!.replace(/=.*$/, `= ${pick(VALUES, r)}`);
      return lines.join("\n");
    },
  ],
  [
    "add a key",
    (t, r) => {
      const lines = t.split("\n");
      const i = Math.floor(r() * (lines.length + 1));
      lines.splice(i, 0, `${pick(KEYS, r)} = ${pick(VALUES, r)}`);
      return lines.join("\n");
    },
  ],
  [
    "change a key's case",
    (t, r) => {
      const lines = t.split("\n");
      const at = lines.map((l, i) => (/^\s*[\w.]+\s*=/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (at.length === 0) return t;
      const i = pick(at, r);
      lines[i] = lines[i]!.replace(/^\s*[\w.]+/, (k) => (r() < 0.5 ? k.toUpperCase() : k.toLowerCase()));
      return lines.join("\n");
    },
  ],
  [
    "repeat a line",
    (t, r) => {
      const lines = t.split("\n");
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    },
  ],
  [
    "move a line",
    (t, r) => {
      const lines = t.split("\n");
      const [l] = lines.splice(Math.floor(r() * lines.length), 1);
      lines.splice(Math.floor(r() * (lines.length + 1)), 0, l!);
      return lines.join("\n");
    },
  ],
];

/** `count` mutants per role, from `seed`; one to three edits each, on TOML cases only. */
export function mutants(count: number, seed = 1): Mutant[] {
  const r = rng(seed);
  const out: Mutant[] = [];
  const base = (cases: Case[]) =>
    cases.filter(([, , , file]) => file === undefined || file.endsWith(".toml"));
  for (const [role, cases] of [
    ["client", base(client)],
    ["server", base(server)],
  ] as const) {
    for (let n = 0; n < count; n++) {
      const [title, text] = pick(cases, r);
      let t = text;
      const names: string[] = [];
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const [name, edit] = pick(edits, r);
        names.push(name);
        t = edit(t, r);
      }
      out.push({ title: `${role} #${n}: ${title}; ${names.join(", ")}`, text: t, role });
    }
  }
  return out;
}
