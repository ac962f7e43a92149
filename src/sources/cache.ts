/**
 * A content-addressed cache: files are stored under their sha256, so an entry can never be
 * stale and any pinned content found here is exactly the content that was pinned.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../core/fs.ts";

/** `KILN_CACHE`, else `$XDG_CACHE_HOME/kiln`, else `~/.cache/kiln`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KILN_CACHE) return path.resolve(env.KILN_CACHE);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(base, "kiln");
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export class ContentCache {
  /** Folder holding `sha256/<first two hex>/<hash>` entries. */
  readonly dir: string;

  constructor(root: string = defaultCacheDir()) {
    this.dir = path.join(root, "content");
  }

  /** Where the entry for `hash` lives (whether or not it exists). */
  pathOf(hash: string): string {
    return path.join(this.dir, "sha256", hash.slice(0, 2), hash);
  }

  /** The bytes stored under `hash`, or undefined. A corrupt entry (hash mismatch) counts as absent. */
  get(hash: string): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.pathOf(hash));
    } catch {
      return undefined;
    }
    return sha256(bytes) === hash ? bytes : undefined;
  }

  /** Stores `bytes` and returns their sha256. Written to a temp name and renamed: readers never see half an entry. */
  put(bytes: Uint8Array): string {
    const hash = sha256(bytes);
    const file = this.pathOf(hash);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, bytes);
    return hash;
  }
}
