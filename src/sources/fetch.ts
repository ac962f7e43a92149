/**
 * Content resolution for a URL: cache → mirror → network, in that order. With a pin (sha256) the
 * content must hash to it wherever it comes from; without one, whatever is found is returned with
 * its hash so the caller can pin it. `offline` never touches the network.
 */
import { readFileSync } from "node:fs";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { type ContentCache, sha256 } from "./cache.ts";
import { mirrorPath } from "./mirror.ts";

export type ContentOrigin = "cache" | "mirror" | "network" | "file";

export interface FetchOptions {
  cache: ContentCache;
  mirror?: string | undefined;
  offline?: boolean | undefined;
  /** The pinned sha256; content that hashes differently is refused. */
  pin?: { sha256: string; size: number } | undefined;
  /** Network timeout in ms (default 30 s). */
  timeoutMs?: number;
}

export interface Content {
  bytes: Buffer;
  sha256: string;
  size: number;
  from: ContentOrigin;
}

/** A fetched file whose hash differs from its pin: upstream changed (or the mirror is wrong). */
export class PinMismatchError extends KilnError {}

/**
 * The content of `url`. Missing everywhere → one KilnError naming the URL and the three places
 * looked (cache, mirror, network). A pin mismatch → PinMismatchError.
 */
export async function fetchContent(url: string, opts: FetchOptions): Promise<Content> {
  const looked: string[] = [];
  if (opts.pin) {
    const hit = opts.cache.get(opts.pin.sha256);
    if (hit) return { bytes: hit, sha256: opts.pin.sha256, size: hit.length, from: "cache" };
    looked.push(`cache: no entry ${displayPath(opts.cache.pathOf(opts.pin.sha256))}`);
  } else {
    looked.push("cache: not pinned yet, so not looked up by hash");
  }
  if (opts.mirror) {
    const file = mirrorPath(opts.mirror, url);
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch {
      looked.push(`mirror: no file ${displayPath(file)}`);
    }
    if (bytes) return accept(url, bytes, "mirror", opts);
  } else {
    looked.push("mirror: none set (--mirror DIR or KILN_MIRROR)");
  }
  if (opts.offline) {
    looked.push("network: not tried (offline)");
  } else {
    let body: Buffer | undefined;
    try {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
        redirect: "follow",
      });
      if (res.ok) body = Buffer.from(await res.arrayBuffer());
      else looked.push(`network: HTTP ${res.status} ${res.statusText}`.trim());
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      looked.push(`network: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    // Outside the try: a pin mismatch must surface as such, not as a network failure.
    if (body) return accept(url, body, "network", opts);
  }
  throw new KilnError(`cannot get ${url}\n  looked in:\n${looked.map((l) => `    ${l}`).join("\n")}`);
}

function accept(url: string, bytes: Buffer, from: ContentOrigin, opts: FetchOptions): Content {
  const hash = sha256(bytes);
  if (opts.pin && opts.pin.sha256 !== hash) {
    throw new PinMismatchError(
      `${url}: content changed: kiln.lock pins sha256 ${opts.pin.sha256} (${opts.pin.size} bytes), the ${from} has ${hash} (${bytes.length} bytes); run \`kiln import --update\` to accept the new content`,
    );
  }
  opts.cache.put(bytes);
  return { bytes, sha256: hash, size: bytes.length, from };
}
