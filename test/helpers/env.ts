/**
 * Where tests find the things outside the repository: the pinned CRD mirror (../shared/mirror)
 * and the peer binaries .ci/run installs (crank, sops, kubeconform, age). Tests that need one
 * skip with a one-line reason when it is absent; CI always has both.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The offline CRD mirror, or undefined when it is not beside the checkout. */
export function mirrorDir(): string | undefined {
  const candidates = [process.env.KILN_MIRROR, path.resolve(ROOT, "../shared/mirror")].filter(
    Boolean,
  ) as string[];
  return candidates.find((d) => existsSync(path.join(d, "index.json")));
}

export const MIRROR_SKIP = "skipped: ../shared/mirror (pinned upstream CRDs) is not present";

/** GOBIN used by .ci/run for pinned peers. */
export const PEER_GOBIN = process.env.KILN_GOBIN ?? path.join(os.homedir(), ".cache/kiln/gobin");

/** Absolute path of a peer binary (GOBIN first, then PATH), or undefined. */
export function peer(name: string): string | undefined {
  const inGobin = path.join(PEER_GOBIN, name);
  if (existsSync(inGobin)) return inGobin;
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function peerSkip(name: string): string {
  return `skipped: ${name} is not installed (bash .ci/run installs it)`;
}
