/**
 * SOPS: encrypt and decrypt (MAC verified) of a YAML file of 1,000 keys (`BENCH_SOPS_N`) for one
 * age recipient — kiln in process, `kiln secrets` as a command (the built CLI, bin/kiln.js: run
 * `npm run build` first), and the real `sops` 3.13.2 (`-e`, `-d`), side by side. The sops column is empty when the
 * binary is not in KILN_GOBIN or on PATH.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateIdentityFile } from "../src/secrets/age.ts";
import { decryptFileText, encryptFileText } from "../src/secrets/sops.ts";
import { peer as peerBinary } from "../test/helpers/env.ts";
import { fmtMs, fmtRatio, median, medianMs, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const N = Number(process.env.BENCH_SOPS_N ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export default async function bench() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-sops-"));
  const { text: idText, recipient } = await generateIdentityFile();
  const keyFile = path.join(dir, "keys.txt");
  writeFileSync(keyFile, idText, { mode: 0o600 });
  const secret = idText.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1")) as string;
  const lines = ["stringData:"];
  for (let i = 0; i < N; i++) lines.push(`    key${i}: value-${i}-${"x".repeat(i % 40)}`);
  const plain = `${lines.join("\n")}\n`;
  const plainFile = path.join(dir, "plain.yaml");
  writeFileSync(plainFile, plain);
  const encrypted = await encryptFileText(plain, { file: plainFile, recipients: [recipient] });
  const encFile = path.join(dir, "enc.yaml");
  writeFileSync(encFile, encrypted);
  const ids = [{ secret, source: keyFile }];

  const inEnc = await medianMs(RUNS, () =>
    encryptFileText(plain, { file: plainFile, recipients: [recipient] }),
  );
  const inDec = await medianMs(RUNS, () => decryptFileText(encrypted, { file: encFile, identities: ids }));
  const env = { ...process.env, SOPS_AGE_KEY_FILE: keyFile };
  const cli = (args: string[]) =>
    median(
      Array.from({ length: RUNS }, () => {
        const r = runCommand(process.execPath, [path.join(root, "bin/kiln.js"), "secrets", ...args], {
          cwd: root,
          env,
        });
        if (r.status !== 0) throw new Error(`kiln secrets ${args[0]} failed`);
        return r.ms;
      }),
    );
  const cliEnc = cli(["encrypt", "--age", recipient, plainFile]);
  const cliDec = cli(["decrypt", encFile]);
  const sops = peerBinary("sops");
  const peer = (args: string[]) =>
    sops
      ? median(
          Array.from({ length: RUNS }, () => {
            const r = runCommand(sops, args, { cwd: dir, env });
            if (r.status !== 0) throw new Error(`sops ${args[0]} failed`);
            return r.ms;
          }),
        )
      : undefined;
  const sopsEnc = peer(["-e", "--age", recipient, plainFile]);
  const sopsDec = peer(["-d", encFile]);
  const size = readFileSync(encFile).length;
  const row = (op: string, inProc: number, cmd: number, peerMs: number | undefined) =>
    `| ${op} | ${fmtMs(inProc)} | ${fmtMs(cmd)} | ${peerMs === undefined ? "—" : fmtMs(peerMs)} | ${peerMs === undefined ? "—" : fmtRatio(cmd / peerMs)} |`;
  return {
    title: `Secrets: SOPS encrypt/decrypt (${N} keys), kiln vs sops`,
    markdown: `| operation | kiln (in process) | \`kiln secrets\` (command) | \`sops\` 3.13.2 | command ÷ sops |
|---|---|---|---|---|
${row("encrypt", inEnc, cliEnc, sopsEnc)}
${row("decrypt + MAC check", inDec, cliDec, sopsDec)}

One YAML file of ${N} string values under \`stringData\` (${(size / 1024).toFixed(0)} KiB encrypted), one age
recipient; medians of ${RUNS} runs. The command column is the built CLI (\`bin/kiln.js\`), Node
start-up included; in process is the library call alone.`,
  };
}
