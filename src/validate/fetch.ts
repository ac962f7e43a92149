/**
 * Resolves a pinned upstream file through cache → mirror → network, checking its sha256.
 * The mirror is laid out by URL (`https://HOST/PATH` → `MIRROR/HOST/PATH`), as `wget -x` does.
 * Used until src/sources offers its fetcher; the layout and cache keys are the same idea.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError } from "../core/errors.ts";

export interface FetchOptions {
  /** Offline mirror root (default: $KILN_MIRROR). */
  mirror?: string;
  /** Content-addressed cache (default: $KILN_CACHE or ~/.cache/kiln, subfolder `sources`). */
  cacheDir?: string;
  /** Allow the network as the last resort (default true). */
  network?: boolean;
}

export function defaultCacheDir(): string {
  return path.join(process.env.KILN_CACHE ?? path.join(os.homedir(), ".cache", "kiln"), "sources");
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** Mirror path of a URL, or undefined when the URL is not http(s). */
export function mirrorPath(mirror: string, url: string): string | undefined {
  const m = /^https?:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) return undefined;
  const rel = path.normalize(`${m[1]}/${m[2]}`);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return path.join(mirror, rel);
}

/**
 * Returns the file's text. With `expectSha256`, content that does not match is rejected
 * (KilnError naming the URL and both digests) wherever it came from.
 */
export async function fetchPinned(
  url: string,
  expectSha256: string | undefined,
  opts: FetchOptions = {},
): Promise<string> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const check = (buf: Buffer, from: string) => {
    if (expectSha256 && sha256(buf) !== expectSha256) {
      throw new KilnError(
        `sha256 mismatch for ${url} (from ${from}): expected ${expectSha256}, got ${sha256(buf)}`,
      );
    }
    return buf.toString("utf8");
  };
  if (expectSha256) {
    const cached = path.join(cacheDir, expectSha256);
    if (existsSync(cached)) return check(readFileSync(cached), "cache");
  }
  const mirror = opts.mirror ?? process.env.KILN_MIRROR;
  if (mirror) {
    const p = mirrorPath(mirror, url);
    if (p && existsSync(p)) return check(readFileSync(p), `mirror ${mirror}`);
  }
  if (opts.network === false)
    throw new KilnError(`${url} is not in the cache or mirror and the network is disabled`);
  let buf: Buffer;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    buf = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw new KilnError(
      `cannot fetch ${url}: ${(e as Error).message} (set KILN_MIRROR or --mirror to an offline mirror)`,
    );
  }
  const text = check(buf, "network");
  if (expectSha256) {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = path.join(cacheDir, `.${expectSha256}.${process.pid}`);
    writeFileSync(tmp, buf);
    renameSync(tmp, path.join(cacheDir, expectSha256));
  }
  return text;
}
