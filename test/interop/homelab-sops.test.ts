/**
 * examples/homelab with a SOPS cluster: `kiln build` output decrypts with the real sops 3.13.2
 * using the test-only identity committed in test/fixtures/homelab-sops.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { peer, peerSkip } from "../helpers/env.ts";
import { SECRET_VALUES, sopsHomelab, TEST_IDENTITY } from "../homelab/sops-cluster.ts";

const sops = peer("sops");

describe.skipIf(!sops)(sops ? "homelab SOPS cluster → sops -d" : peerSkip("sops"), () => {
  const h = sopsHomelab();
  afterAll(() => rmSync(h.repo, { recursive: true, force: true }));

  it("both of lab's Secrets decrypt with sops -d to the values of the local secrets file", async () => {
    await h.build();
    const decrypt = (f: string) => {
      const r = spawnSync(sops as string, ["-d", path.join(h.out, "clusters/lab/configs", f)], {
        cwd: h.repo,
        env: { PATH: process.env.PATH, HOME: h.repo, SOPS_AGE_KEY_FILE: TEST_IDENTITY },
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      return r.stdout;
    };
    expect(decrypt("secret-frp-token.sops.yaml")).toBe(
      `apiVersion: v1\nkind: Secret\nmetadata:\n    name: frp-token\n    namespace: frp\ntype: Opaque\nstringData:\n    token: ${SECRET_VALUES.FRP_TOKEN}\n`,
    );
    expect(decrypt("secret-digitalocean-credentials.sops.yaml")).toContain(
      `    credentials: '{"token":"${SECRET_VALUES.DIGITALOCEAN_TOKEN}"}'\n`,
    );
  });
});
