/** `--crds` URLs through src/sources (cache → mirror → network). */
import { ContentCache, defaultCacheDir } from "../sources/cache.ts";
import { fetchContent } from "../sources/fetch.ts";
import { mirrorFromEnv } from "../sources/mirror.ts";

export interface FetchOptions {
  /** Offline mirror root (default: $KILN_MIRROR). */
  mirror?: string;
  /** Cache root (default: $KILN_CACHE, else ~/.cache/kiln). */
  cacheDir?: string;
  /** Allow the network as the last resort (default true). */
  network?: boolean;
}

/** The text of `url`, from the mirror, else the network. */
export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  const c = await fetchContent(url, {
    cache: new ContentCache(opts.cacheDir ?? defaultCacheDir()),
    mirror: mirrorFromEnv(opts.mirror),
    offline: opts.network === false,
  });
  return c.bytes.toString("utf8");
}
