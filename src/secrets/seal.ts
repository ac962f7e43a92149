/**
 * The SOPS step of `kiln build`: every `sopsSecret()` in the graph is encrypted, in memory, for
 * the `.sops.yaml` creation rule of its output path (found from that path up, as sops run in the
 * output folder would find it), keeping the ciphertext of the values the previous build wrote when
 * their plaintext is unchanged. Nothing in plaintext is written anywhere, not even a temporary file.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import type { ResourceGraph } from "../model/graph.ts";
import { SOPS_SECRET, sopsRequestOf } from "../model/sops.ts";
import { type AgeIdentity, loadIdentities } from "./age.ts";
import { encryptSopsSecret, type SopsSecretSpec } from "./authoring.ts";
import { creationRuleFor, findSopsConfig } from "./config.ts";
import { changedKeys, openEncrypted } from "./sops.ts";

export interface SealOptions {
  /** The output folder the build writes (previous files are read from it). */
  outDir: string;
  /** Folder relative value sources are read from (the control plane's folder). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Identities that open the previous output; default: sops' (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, keys.txt). */
  identities?: readonly AgeIdentity[];
  /** lastmodified of Secrets that changed; default now. */
  now?: Date;
  log?: (line: string) => void;
}

export interface SealedSecret {
  /** Output path, relative to `outDir`. */
  file: string;
  /** `unchanged`: byte-identical to the previous file; `changed`: some keys differ; `new`: no previous file; `fresh`: a previous file that could not be reused. */
  status: "unchanged" | "changed" | "new" | "fresh";
  /** Keys (paths) added, removed or changed since the previous file; never values. */
  changedKeys: string[];
}

/**
 * Encrypts the graph's `sopsSecret()`s (node key → output path from synth's `sopsSecretFiles`)
 * and seals them into the graph. A previous file no identity opens, or that fails its MAC, is
 * not reused: the Secret is encrypted afresh (a warning says so; every value's ciphertext
 * changes). A missing `.sops.yaml` or rule, or a missing value source, is a KilnError.
 */
export async function sealSopsSecrets(
  graph: ResourceGraph,
  files: ReadonlyMap<string, string>,
  o: SealOptions,
): Promise<SealedSecret[]> {
  const log = o.log ?? (() => {});
  const env = o.env ?? process.env;
  const identities = o.identities ?? loadIdentities(env);
  const out: SealedSecret[] = [];
  for (const [key, rel] of [...files].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const node = graph.get(key);
    if (!node) continue;
    const spec = sopsRequestOf(node.object) as SopsSecretSpec;
    const resource = `Secret ${node.id.namespace ?? ""}/${node.id.name}`;
    const file = path.join(o.outDir, rel);
    const conf = findSopsConfig(path.dirname(file));
    if (!conf)
      throw new KilnError(
        `no .sops.yaml in ${path.dirname(rel)} or any folder above the output: kiln build needs a creation rule with age recipients to encrypt it`,
        { file: rel, resource },
      );
    const { age, ...ruleOptions } = withResource(() => creationRuleFor(conf, file), resource);
    let previous = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    let status: SealedSecret["status"] = previous === undefined ? "new" : "changed";
    if (previous !== undefined) {
      try {
        await openEncrypted(previous, { file, identities });
      } catch (e) {
        if (!(e instanceof KilnError)) throw e;
        log(
          `warning: ${rel}: the previous file cannot be reused (${e.message}): encrypting it afresh, every value's ciphertext changes`,
        );
        previous = undefined;
        status = "fresh";
      }
    }
    const text = await withResource(
      () =>
        encryptSopsSecret(spec, {
          file,
          recipients: age,
          options: Object.keys(ruleOptions).length ? ruleOptions : undefined,
          ...(previous !== undefined ? { previous, identities } : {}),
          env,
          cwd: o.cwd,
          ...(o.now ? { now: o.now } : {}),
        }),
      resource,
    );
    let keys: string[] = [];
    if (previous !== undefined) {
      if (text === previous) status = "unchanged";
      else {
        const c = await changedKeys(previous, text, { file, identities });
        keys = [...c.added, ...c.removed, ...c.changed].sort();
      }
    }
    const object = (
      /\.json$/.test(rel) ? JSON.parse(text) : parseYamlDocuments(text, rel)[0]?.value
    ) as KubeObject;
    Object.defineProperty(object, SOPS_SECRET, { value: spec, enumerable: true });
    graph.sealSopsSecret(key, object, text);
    out.push({ file: rel, status, changedKeys: keys });
  }
  return out;
}

/** Runs `f`, naming `resource` in a KilnError that does not name one yet. */
function withResource<T>(f: () => T, resource: string): T {
  const add = (e: unknown) => {
    if (e instanceof KilnError && !e.location.resource) e.location.resource = resource;
    throw e;
  };
  try {
    const r = f();
    return r instanceof Promise ? (r.catch(add) as T) : r;
  } catch (e) {
    return add(e);
  }
}
