/**
 * Authoring SOPS-encrypted Secrets from TypeScript: values come from files, environment variables
 * or a local secrets file kept outside Git, and the manifest is encrypted for the recipients of
 * `.sops.yaml` with stable ciphertext, so rebuilding with unchanged values changes no bytes.
 * `sopsSecret()` declares one in a control plane (`kiln build` encrypts it, see seal.ts);
 * `encryptSopsSecret()` encrypts one directly.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from "../core/k8s-names.ts";
import { isObject } from "../core/object.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { SOPS_SECRET } from "../model/sops.ts";
import type { AgeIdentity } from "./age.ts";
import { creationRuleFor, type EncryptionOptions, findSopsConfig } from "./config.ts";
import { encryptDocuments, formatOf, optionsMatch, parseEncrypted, reencryptStable } from "./sops.ts";
import { SopsMap } from "./tree.ts";

export { fluxSopsDecryption } from "../model/sops.ts";

/** Where one value comes from (never written into source code). */
export type ValueSource =
  /** A file's whole content (relative paths from the control plane's folder; `~/` is home). */
  | { fromFile: string }
  | { fromEnv: string }
  /** A key of a local YAML/JSON map file outside Git, e.g. `~/.config/homelab/secrets.yaml`. */
  | { fromSecretsFile: string; key: string };

/**
 * Where one Secret value comes from: a source, or literal text and sources joined (`concat`), as
 * the operators' templates build e.g. `{"token":"…"}` from a token (no escaping is added).
 */
export type SecretValueSource = ValueSource | { concat: ReadonlyArray<string | ValueSource> };

export interface SopsSecretSpec {
  name: string;
  namespace: string;
  /** Secret type; default `Opaque`. */
  type?: string;
  /** `stringData` keys and where each value comes from. */
  stringData: Record<string, SecretValueSource>;
}

export interface SopsSecretOptions {
  /** The path the manifest will have (its format, and the path `.sops.yaml` path_regex sees). */
  file: string;
  /** age recipients; default: the `.sops.yaml` creation rule for `file` found from `cwd`. */
  recipients?: readonly string[];
  /** Options; default: the rule's, else Flux's `encrypted_regex: ^(data|stringData)$` + MAC of encrypted values only. */
  options?: EncryptionOptions;
  /** The previous encrypted manifest, to keep unchanged values' ciphertext. */
  previous?: string;
  /** Identities to open `previous` (without them a fresh encryption is made). */
  identities?: readonly AgeIdentity[];
  env?: NodeJS.ProcessEnv;
  /** Folder relative value files are read from, and `.sops.yaml` is looked for from. */
  cwd?: string;
  /** lastmodified when anything changed; default now. */
  now?: Date;
}

/** Flux's usual setting: only data/stringData encrypted, the MAC over encrypted values only. */
export const FLUX_OPTIONS: EncryptionOptions = {
  encryptedRegex: "^(data|stringData)$",
  macOnlyEncrypted: true,
};

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The spec checked as a Secret would be: a KilnError naming the field, never a value. */
function checkSpec(spec: SopsSecretSpec): void {
  const where = (p: string) => ({
    path: p,
    resource: `Secret ${String(spec?.namespace ?? "")}/${String(spec?.name ?? "")}`,
  });
  if (!isObject(spec)) throw new KilnError("sopsSecret expects a spec object");
  if (typeof spec.name !== "string" || !DNS1123_SUBDOMAIN.test(spec.name) || spec.name.length > 253)
    throw new KilnError("name must be a DNS-1123 subdomain", where("name"));
  if (typeof spec.namespace !== "string" || !DNS1123_LABEL.test(spec.namespace))
    throw new KilnError("namespace must be a DNS-1123 label", where("namespace"));
  if (!isObject(spec.stringData) || Object.keys(spec.stringData).length === 0)
    throw new KilnError("stringData needs at least one key", where("stringData"));
  for (const [k, src] of Object.entries(spec.stringData)) {
    if (!SECRET_KEY.test(k))
      throw new KilnError(
        "a Secret key holds only letters, digits, '-', '_' and '.'",
        where(`stringData.${k}`),
      );
    const concat = isObject(src) ? (src as { concat?: unknown }).concat : undefined;
    const parts = Array.isArray(concat) ? (concat as unknown[]) : [src];
    if (isObject(src) && "concat" in src && (!Array.isArray(concat) || Object.keys(src).length > 1))
      throw new KilnError("concat is a list of strings and sources, alone", where(`stringData.${k}`));
    parts.forEach((part, i) => {
      if (typeof part === "string" && parts.length > 1) return;
      if (!isSource(part))
        throw new KilnError(
          "a value needs exactly one source: { fromFile }, { fromEnv } or { fromSecretsFile, key } (or a concat of strings and those)",
          where(`stringData.${k}${parts.length > 1 ? `.concat[${i}]` : ""}`),
        );
    });
  }
}

function isSource(src: unknown): src is ValueSource {
  const kinds = isObject(src) ? ["fromFile", "fromEnv", "fromSecretsFile"].filter((f) => f in src) : [];
  return (
    kinds.length === 1 &&
    typeof (src as Record<string, unknown>)[kinds[0] as string] === "string" &&
    (kinds[0] !== "fromSecretsFile" || typeof (src as { key?: unknown }).key === "string")
  );
}

/**
 * Declares a SOPS-encrypted `kind: Secret` for a control plane: add it to a layer or an app, and
 * `kiln build` resolves its values, encrypts it for the `.sops.yaml` recipients of its output
 * path (keeping unchanged values' ciphertext) and gives the layer's Flux Kustomization its
 * `decryption` block. Values are read only at build time and never written in plaintext; the
 * object holds their sources, not the values.
 */
export function sopsSecret(spec: SopsSecretSpec): KubeObject {
  checkSpec(spec);
  const object: KubeObject = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: spec.name, namespace: spec.namespace },
    type: spec.type ?? "Opaque",
  };
  // Enumerable so that a spread copy keeps it; serialization reads string keys only.
  Object.defineProperty(object, SOPS_SECRET, { value: structuredClone(spec), enumerable: true });
  return object;
}

const resolvePath = (cwd: string, p: string) =>
  p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : path.resolve(cwd, p);

function resolveValue(key: string, src: SecretValueSource, o: SopsSecretOptions): string {
  if ("concat" in src)
    return src.concat.map((p) => (typeof p === "string" ? p : resolveSource(key, p, o))).join("");
  return resolveSource(key, src, o);
}

function resolveSource(key: string, src: ValueSource, o: SopsSecretOptions): string {
  const cwd = o.cwd ?? process.cwd();
  const where = { path: `stringData.${key}` };
  if ("fromFile" in src) {
    const f = resolvePath(cwd, src.fromFile);
    if (!existsSync(f)) throw new KilnError("secret value file not found", { ...where, file: src.fromFile });
    return readFileSync(f, "utf8");
  }
  if ("fromEnv" in src) {
    const v = (o.env ?? process.env)[src.fromEnv];
    if (v === undefined) throw new KilnError(`environment variable ${src.fromEnv} is not set`, where);
    return v;
  }
  const f = resolvePath(cwd, src.fromSecretsFile);
  if (!existsSync(f)) throw new KilnError("secrets file not found", { ...where, file: src.fromSecretsFile });
  let value: Record<string, unknown> | undefined;
  try {
    value = parseYamlDocuments(readFileSync(f, "utf8"), src.fromSecretsFile)[0]?.value as typeof value;
  } catch (e) {
    // The parser's message may quote the file (an unresolved `*alias` is named): only the line is kept.
    const line = e instanceof KilnError ? e.location.line : undefined;
    throw new KilnError("the secrets file is not valid YAML or JSON", {
      ...where,
      file: src.fromSecretsFile,
      ...(line ? { line } : {}),
    });
  }
  const v = value?.[src.key];
  if (typeof v !== "string")
    throw new KilnError(`the secrets file has no string value for ${JSON.stringify(src.key)}`, {
      ...where,
      file: src.fromSecretsFile,
    });
  return v;
}

/** Recipients and options for `o.file`: the given ones, else its `.sops.yaml` rule's, else Flux's options. */
export function sopsTarget(o: SopsSecretOptions): {
  recipients: readonly string[];
  options: EncryptionOptions;
} {
  let recipients = o.recipients;
  let options = o.options;
  if (!recipients || !options) {
    const conf = findSopsConfig(o.cwd);
    const rule = conf ? creationRuleFor(conf, path.resolve(o.cwd ?? process.cwd(), o.file)) : undefined;
    recipients ??= rule?.age ?? [];
    if (!options && rule) {
      const { age: _a, ...ruleOptions } = rule;
      options = Object.keys(ruleOptions).length ? ruleOptions : FLUX_OPTIONS;
    }
  }
  return { recipients, options: options ?? FLUX_OPTIONS };
}

/**
 * The encrypted text of a `kind: Secret` built from `spec`. With `previous` (encrypted with the
 * same options) and identities that open it, every value whose plaintext is unchanged keeps its
 * ciphertext, and an unchanged Secret is byte-identical to `previous`; otherwise it is encrypted
 * afresh. `previous` must verify (MAC) when given with identities.
 */
export async function encryptSopsSecret(spec: SopsSecretSpec, o: SopsSecretOptions): Promise<string> {
  checkSpec(spec);
  const keys = Object.keys(spec.stringData).sort();
  const data = new SopsMap(keys.map((k) => [k, resolveValue(k, spec.stringData[k] as SecretValueSource, o)]));
  const doc = new SopsMap([
    ["apiVersion", "v1"],
    ["kind", "Secret"],
    [
      "metadata",
      new SopsMap([
        ["name", spec.name],
        ["namespace", spec.namespace],
      ]),
    ],
    ["type", spec.type ?? "Opaque"],
    ["stringData", data],
  ]);
  const { recipients, options } = sopsTarget(o);
  const format = formatOf(o.file);
  if (
    o.previous !== undefined &&
    (o.identities?.length ?? 0) > 0 &&
    optionsMatch(parseEncrypted(o.previous, o.file, format).metadata, options)
  )
    return reencryptStable(o.previous, [doc], {
      file: o.file,
      format,
      identities: o.identities ?? [],
      recipients,
      ...(o.now ? { now: o.now } : {}),
    });
  return encryptDocuments([doc], {
    file: o.file,
    format,
    recipients,
    ...(o.now ? { now: o.now } : {}),
    ...options,
  });
}
