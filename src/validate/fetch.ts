/**
 * Catalog files through src/sources (cache → mirror → network, sha256-checked), with the
 * catalog's own wording when a pin does not match.
 */
import { KilnError } from "../core/errors.ts";
import { ContentCache, defaultCacheDir } from "../sources/cache.ts";
import { fetchContent, PinMismatchError } from "../sources/fetch.ts";
import { mirrorFromEnv } from "../sources/mirror.ts";

export interface FetchOptions {
  /** Offline mirror root (default: $KILN_MIRROR). */
  mirror?: string;
  /** Cache root (default: $KILN_CACHE, else ~/.cache/kiln). */
  cacheDir?: string;
  /** Allow the network as the last resort (default true). */
  network?: boolean;
}

/** The text of `url`; with a pin, content that does not hash to it is refused wherever it came from. */
export async function fetchPinned(
  url: string,
  pin: { sha256: string; size: number } | undefined,
  opts: FetchOptions = {},
): Promise<string> {
  try {
    const c = await fetchContent(url, {
      cache: new ContentCache(opts.cacheDir ?? defaultCacheDir()),
      mirror: mirrorFromEnv(opts.mirror),
      offline: opts.network === false,
      pin,
    });
    return c.bytes.toString("utf8");
  } catch (e) {
    if (e instanceof PinMismatchError && pin) {
      throw new KilnError(
        `${url}: content does not match the catalog's sha256 ${pin.sha256}; the mirror or cache holds a different file`,
      );
    }
    throw e;
  }
}
