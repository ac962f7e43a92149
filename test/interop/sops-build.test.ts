/**
 * `kiln build` output holding a sopsSecret decrypts with the real sops 3.13.2 (the binary Flux's
 * kustomize-controller embeds), with an identity age-keygen made; a rebuild keeps the bytes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/build.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";
import { CANARY } from "../secrets/helpers.ts";

const sops = peer("sops");
const ageKeygen = peer("age-keygen");

describe.skipIf(!sops || !ageKeygen)(
  sops && ageKeygen ? "kiln build → sops -d" : peerSkip("sops and age-keygen"),
  () => {
    it("the encrypted Secret of a build decrypts with sops -d to the source values; a rebuild keeps its bytes", async () => {
      const work = mkdtempSync(path.join(os.tmpdir(), "kiln-sops-build-interop-"));
      const keyFile = path.join(work, "keys.txt");
      execFileSync(ageKeygen as string, ["-o", keyFile], { stdio: "ignore" });
      const recipient = /public key: (age1\w+)/.exec(readFileSync(keyFile, "utf8"))?.[1] as string;
      mkdirSync(path.join(work, "repo"));
      writeFileSync(
        path.join(work, "repo/.sops.yaml"),
        `creation_rules:\n  - path_regex: \\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n    age: ${recipient}\n`,
      );
      writeFileSync(path.join(work, "secrets.yaml"), `db_password: ${CANARY}\n`);
      writeFileSync(path.join(work, "token.txt"), "line one\nline two\n");
      const env = { ...process.env };
      process.env.KILN_FIXTURE_DB_USER = "admin";
      process.env.SOPS_AGE_KEY_FILE = keyFile;
      try {
        const out = path.join(work, "repo/out");
        const build = () =>
          runBuild(path.join(ROOT, "test/fixtures/sops"), {
            out,
            set: [
              `secretsFile=${path.join(work, "secrets.yaml")}`,
              `tokenFile=${path.join(work, "token.txt")}`,
            ],
            offline: true,
            log: () => {},
          });
        await build();
        const file = path.join(out, "clusters/home/apps/db/secret-db.sops.yaml");
        const first = readFileSync(file, "utf8");
        const r = spawnSync(sops as string, ["-d", file], {
          cwd: work,
          env: { PATH: process.env.PATH, HOME: work, SOPS_AGE_KEY_FILE: keyFile },
          encoding: "utf8",
        });
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe(
          `apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\n    namespace: apps\ntype: Opaque\nstringData:\n    password: ${CANARY}\n    token: |\n        line one\n        line two\n    user: admin\n`,
        );
        await build();
        expect(readFileSync(file, "utf8")).toBe(first);
      } finally {
        process.env = env;
      }
    });
  },
);
