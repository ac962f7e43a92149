/**
 * Authoring SOPS-encrypted Secrets from TypeScript: values come from files, environment variables
 * or a local secrets file kept outside Git, and the manifest is encrypted for the recipients of
 * `.sops.yaml` with stable ciphertext, so rebuilding with unchanged values changes no bytes.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import type { AgeIdentity } from "./age.ts";
import { creationRuleFor, type EncryptionOptions, findSopsConfig } from "./config.ts";
import { encryptDocuments, reencryptStable } from "./sops.ts";
import { SopsMap } from "./tree.ts";

/** Where one Secret value comes from (never written into source code). */
export type SecretValueSource =
  | { fromFile: string }
  | { fromEnv: string }
  /** A key of a local YAML/JSON map file outside Git, e.g. `~/.config/homelab/secrets.yaml`. */
  | { fromSecretsFile: string; key: string };

export interface SopsSecretSpec {
  name: string;
  namespace: string;
  /** Secret type; default `Opaque`. */
  type?: string;
  /** `stringData` keys and where each value comes from. */
  stringData: Record<string, SecretValueSource>;
}

export interface SopsSecretOptions {
  /** The path the manifest will have (matched against `.sops.yaml` path_regex). */
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
  cwd?: string;
  /** lastmodified when anything changed; default now. */
  now?: Date;
}

const FLUX_OPTIONS: EncryptionOptions = { encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true };

/** The `decryption` block a Flux Kustomization needs to apply SOPS-encrypted manifests. */
export function fluxSopsDecryption(secretName = "sops-age"): {
  provider: "sops";
  secretRef: { name: string };
} {
  return { provider: "sops", secretRef: { name: secretName } };
}

function resolveValue(key: string, src: SecretValueSource, o: SopsSecretOptions): string {
  const cwd = o.cwd ?? process.cwd();
  const where = { path: `stringData.${key}` };
  if ("fromFile" in src) {
    const f = path.resolve(cwd, src.fromFile);
    if (!existsSync(f)) throw new KilnError("secret value file not found", { ...where, file: src.fromFile });
    return readFileSync(f, "utf8");
  }
  if ("fromEnv" in src) {
    const v = (o.env ?? process.env)[src.fromEnv];
    if (v === undefined) throw new KilnError(`environment variable ${src.fromEnv} is not set`, where);
    return v;
  }
  const f = path.resolve(cwd, src.fromSecretsFile);
  if (!existsSync(f)) throw new KilnError("secrets file not found", { ...where, file: src.fromSecretsFile });
  const value = parseYamlDocuments(readFileSync(f, "utf8"), src.fromSecretsFile)[0]?.value as
    | Record<string, unknown>
    | undefined;
  const v = value?.[src.key];
  if (typeof v !== "string")
    throw new KilnError(`the secrets file has no string value for ${JSON.stringify(src.key)}`, {
      ...where,
      file: src.fromSecretsFile,
    });
  return v;
}

/**
 * The encrypted YAML of a `kind: Secret` built from `spec`. With `previous` and identities that
 * open it, every value whose plaintext is unchanged keeps its ciphertext (and an unchanged Secret
 * is byte-identical to `previous`).
 */
export async function sopsSecret(spec: SopsSecretSpec, o: SopsSecretOptions): Promise<string> {
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
  if (o.previous !== undefined && (o.identities?.length ?? 0) > 0)
    return reencryptStable(o.previous, [doc], {
      file: o.file,
      format: "yaml",
      identities: o.identities ?? [],
      ...(o.now ? { now: o.now } : {}),
      ...(o.recipients ? { recipients: o.recipients } : {}),
    });
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
  return encryptDocuments([doc], {
    file: o.file,
    format: "yaml",
    recipients,
    ...(o.now ? { now: o.now } : {}),
    ...(options ?? FLUX_OPTIONS),
  });
}
