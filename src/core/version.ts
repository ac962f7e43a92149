import { readFileSync } from "node:fs";

let version: string | undefined;
/** kiln's own version (from package.json, read once): caches and reports are keyed by it. */
export function kilnVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
  ).version;
  return version;
}
