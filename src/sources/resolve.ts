/**
 * Resolves artifacts to pinned content and computes the lockfile that describes them. Pinned
 * artifacts must match their pin (unless `update`); new artifacts are pinned on first sight.
 */
import { readFileSync } from "node:fs";
import { KilnError } from "../core/errors.ts";
import { mapLimit } from "../core/workers.ts";
import { type ContentCache, sha256 } from "./cache.ts";
import { type Content, fetchContent, PinMismatchError } from "./fetch.ts";
import { type LockEntry, Lockfile } from "./lockfile.ts";
import type { Artifact } from "./spec.ts";

export interface ResolveOptions {
  lock: Lockfile;
  cache: ContentCache;
  /** Ignore pins and take current content (`kiln import --update`). */
  update?: boolean | undefined;
  offline?: boolean | undefined;
  mirror?: string | undefined;
}

export interface ResolvedArtifact extends Artifact, Content {
  /** The content as text (CRDs are YAML or JSON). */
  text: string;
}

/** Resolves every artifact (fetches run concurrently) and returns them with the lockfile pinning exactly them. */
export async function resolveArtifacts(
  artifacts: readonly Artifact[],
  opts: ResolveOptions,
): Promise<{ resolved: ResolvedArtifact[]; lock: Lockfile }> {
  const resolved = await mapLimit(artifacts, 8, (a) => resolveOne(a, opts));
  const lock = new Lockfile();
  for (const r of resolved) {
    const e: LockEntry = r.url
      ? { url: r.url, sha256: r.sha256, size: r.size }
      : { path: r.key, sha256: r.sha256, size: r.size };
    lock.set(e);
  }
  return { resolved, lock };
}

async function resolveOne(a: Artifact, opts: ResolveOptions): Promise<ResolvedArtifact> {
  const entry = opts.update ? undefined : opts.lock.get(a.key);
  const pin = entry ? { sha256: entry.sha256, size: entry.size } : undefined;
  let content: Content;
  if (a.url) {
    content = await fetchContent(a.url, {
      cache: opts.cache,
      mirror: opts.mirror,
      offline: opts.offline,
      pin,
    });
  } else {
    let bytes: Buffer;
    try {
      bytes = readFileSync(a.file!);
    } catch {
      throw new KilnError(`cannot read ${a.key}`);
    }
    const hash = sha256(bytes);
    if (pin && pin.sha256 !== hash) {
      throw new PinMismatchError(
        `${a.key}: file changed since it was pinned: kiln.lock has sha256 ${pin.sha256} (${pin.size} bytes), the file has ${hash} (${bytes.length} bytes); run \`kiln import --update\` to accept it`,
      );
    }
    content = { bytes, sha256: hash, size: bytes.length, from: "file" };
  }
  return { ...a, ...content, text: content.bytes.toString("utf8") };
}
