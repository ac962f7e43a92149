/**
 * Builds the homelab with its `lab` cluster's Secrets from SOPS: the build output goes into a
 * temporary repository whose `.sops.yaml` names the test-only recipient committed in
 * test/fixtures/homelab-sops (never in examples/), the values come from a local secrets file
 * holding canaries, and the test identity opens the previous output.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_PATH } from "../../examples/homelab/main.ts";
import { runBuild } from "../../src/build.ts";
import { mirrorDir, ROOT } from "../helpers/env.ts";
import { CANARY } from "../secrets/helpers.ts";

export const HOMELAB = path.join(ROOT, "examples/homelab");
export const FIXTURE = path.join(ROOT, "test/fixtures/homelab-sops");
/** The test-only age identity (its recipient is in FIXTURE/.sops.yaml). */
export const TEST_IDENTITY = path.join(FIXTURE, "age-test-identity.txt");
export const SECRET_VALUES = { FRP_TOKEN: `${CANARY}-frp`, DIGITALOCEAN_TOKEN: `${CANARY}-do` };

export interface SopsHomelab {
  repo: string;
  out: string;
  build(): Promise<string[]>;
}

/** A temporary repository with `.sops.yaml` and a secrets file, and a build of the homelab into it. */
export function sopsHomelab(): SopsHomelab {
  const repo = mkdtempSync(path.join(os.tmpdir(), "kiln-homelab-sops-"));
  copyFileSync(path.join(FIXTURE, ".sops.yaml"), path.join(repo, ".sops.yaml"));
  const secretsFile = path.join(repo, "..", `${path.basename(repo)}-secrets.yaml`);
  writeFileSync(
    secretsFile,
    Object.entries(SECRET_VALUES)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join(""),
  );
  const out = path.join(repo, REPO_PATH);
  mkdirSync(path.dirname(out), { recursive: true });
  const mirror = mirrorDir();
  return {
    repo,
    out,
    async build() {
      const lines: string[] = [];
      const env = { ...process.env };
      process.env.SOPS_AGE_KEY_FILE = TEST_IDENTITY;
      delete process.env.SOPS_AGE_KEY;
      process.env.XDG_CONFIG_HOME = path.join(repo, "no-config");
      try {
        await runBuild(HOMELAB, {
          out,
          set: ["clusters.lab.secrets=sops", `defaults.secrets.sops.secretsFile=${secretsFile}`],
          offline: true,
          ...(mirror ? { mirror } : {}),
          log: (l) => lines.push(l),
        });
      } finally {
        process.env = env;
      }
      return lines;
    },
  };
}
