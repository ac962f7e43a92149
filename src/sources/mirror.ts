/**
 * A mirror is a folder laid out by URL, like `wget -x`: the file for `https://HOST/PATH` is at
 * `DIR/HOST/PATH`. `../shared/mirror` has that layout, so it can stand in for the network.
 */
import path from "node:path";
import { KilnError } from "../core/errors.ts";

/** The mirror file for `url`, or a KilnError when the URL cannot map into the folder safely. */
export function mirrorPath(mirrorDir: string, url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new KilnError(`not a URL: ${url}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw new KilnError(`only http(s) URLs can be fetched: ${url}`);
  const segments = decodeURIComponent(u.pathname).split("/").filter(Boolean);
  if (segments.some((s) => s === ".." || s === ".") || segments.length === 0) {
    throw new KilnError(`URL path cannot be mapped into a mirror: ${url}`);
  }
  return path.join(path.resolve(mirrorDir), u.host, ...segments);
}

/** `--mirror DIR`, else `KILN_MIRROR`, else none. */
export function mirrorFromEnv(flag?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = flag ?? env.KILN_MIRROR;
  return dir ? path.resolve(dir) : undefined;
}
