/**
 * `postBuild` substitution of one rendered object, as kustomize-controller does it: the
 * variables from `substituteFrom` (in order) then `substitute`; envsubst over the object's YAML
 * text; the text parsed again. kiln holds objects, not text, so it substitutes each string leaf
 * and gives it back the type the substituted text would have in YAML — unless the source wrote
 * the value quoted or as a block scalar, where the text stays a string (kyaml keeps each node's
 * style when it prints the object, so `fsGroup: ${PUID:=1000}` becomes a number and
 * `name: "${APP}"` a string).
 */

import type { KubeObject } from "../core/identity.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { substitute, VARIABLE_NAME } from "./envsubst.ts";
import { isEncryptedValue, placeholder } from "./sops.ts";

type Json = Record<string, any>;

export const SUBSTITUTE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

export interface Substituted {
  object: KubeObject;
  /** Variables used without a value (strict mode makes each an error). */
  missing: string[];
  /** Expressions Flux's envsubst refuses: the Kustomization fails. */
  invalid: string[];
}

/** True for an object that opts out with the `kustomize.toolkit.fluxcd.io/substitute: disabled` label or annotation. */
export function substitutionDisabled(o: KubeObject): boolean {
  return (
    o.metadata?.labels?.[SUBSTITUTE_KEY] === "disabled" ||
    o.metadata?.annotations?.[SUBSTITUTE_KEY] === "disabled"
  );
}

/**
 * The variables of `postBuild`: each `substituteFrom` in order (ConfigMap data; Secret data
 * decoded and stringData; a SOPS-encrypted value is its placeholder, never the ciphertext), then
 * `substitute` (newlines removed, as the controller does), which wins. `missing` names the
 * non-optional sources that are not in `find`.
 */
export function substitutionVariables(
  spec: Json,
  find: (kind: string, name: string) => KubeObject | undefined,
): { values: Map<string, string>; missing: string[]; invalid: string[] } {
  const values = new Map<string, string>();
  const missing: string[] = [];
  const post = spec.postBuild as Json | undefined;
  const put = (k: string, v: unknown) => values.set(k, isEncryptedValue(v) ? placeholder(k) : String(v));
  for (const ref of Array.isArray(post?.substituteFrom) ? post.substituteFrom : []) {
    const kind = String(ref?.kind ?? "");
    const o = find(kind, String(ref?.name ?? "")) as Json | undefined;
    if (!o) {
      if (ref?.optional !== true) missing.push(`${kind} ${String(ref?.name ?? "")}`);
      continue;
    }
    if (o.kind === "Secret") {
      for (const [k, v] of Object.entries(o.data ?? {}))
        put(k, isEncryptedValue(v) ? v : Buffer.from(String(v), "base64").toString("utf8"));
      for (const [k, v] of Object.entries(o.stringData ?? {})) put(k, v);
    } else for (const [k, v] of Object.entries(o.data ?? {})) put(k, v);
  }
  const inline = post?.substitute;
  if (inline && typeof inline === "object")
    for (const [k, v] of Object.entries(inline)) values.set(k, String(v).replace(/\n/g, ""));
  const invalid = [...values.keys()].filter((k) => !VARIABLE_NAME.test(k));
  return { values, missing, invalid };
}

/** Substitutes every string leaf of `o` (into a copy). */
export function substituteObject(o: KubeObject, vars: ReadonlyMap<string, string>): Substituted {
  const missing = new Set<string>();
  const invalid = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    if (typeof v !== "string" || !v.includes("${")) return v;
    const r = substitute(v, vars);
    for (const m of r.missing) missing.add(m);
    for (const m of r.invalid) invalid.add(m);
    if (r.text === v) return v;
    return plainInGo(v) ? scalar(r.text) : r.text;
  };
  return { object: walk(o) as KubeObject, missing: [...missing].sort(), invalid: [...invalid].sort() };
}

/** What a plain scalar's text reads as in YAML (a number, a boolean, null, a flow list…). */
function scalar(text: string): unknown {
  if (text.includes("\n") || /^\s|\s$/.test(text)) return text;
  try {
    const docs = parseYamlDocuments(`v: ${text}\n`, "substitution");
    const v = (docs[0]?.value as Json | null)?.v;
    return docs.length === 1 && v !== undefined ? v : text;
  } catch {
    return text;
  }
}

/**
 * Whether go-yaml (kyaml's emitter) writes the string as a plain scalar: then the substituted
 * text is read back as YAML and may become a number or a boolean, however the source quoted it.
 * Strings it quotes or writes as blocks stay strings.
 */
function plainInGo(v: string): boolean {
  if (!v || v.includes("\n") || /^\s|\s$/.test(v)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/^-[^\s]/.test(v)) return false;
  if (v.includes(": ") || v.includes(" #") || v.endsWith(":")) return false;
  return scalar(v) === v;
}
