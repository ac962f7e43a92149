/**
 * `kiln secrets` as a user runs it (a real process, a real $EDITOR script). Every stdout and
 * stderr of every command here, failing ones included, is checked for the canary plaintext.
 */

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/env.ts";
import { CANARY, identity } from "./helpers.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-secrets-cli-"));
const a = await identity();
const keyFile = path.join(dir, "keys.txt");
writeFileSync(keyFile, a.text, { mode: 0o600 });
const env = { SOPS_AGE_KEY_FILE: keyFile, XDG_CONFIG_HOME: path.join(dir, "xdg") };
const outputs: Array<{ args: string[]; stdout: string; stderr: string }> = [];
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
  // test/helpers/cli.ts resolves tsx from the working directory; these runs need cwd = a temp dir.
  const tsx = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/esm/index.mjs")).href;
  const r = spawnSync(
    process.execPath,
    ["--import", tsx, path.join(ROOT, "src/cli/main.ts"), "secrets", ...args],
    {
      cwd: dir,
      env: { ...process.env, ...env, ...extra },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  outputs.push({ args, stdout: r.stdout, stderr: r.stderr });
  return r;
};
const plain = `stringData:\n    password: ${CANARY}\n    user: admin\n`;

/** A fake editor: records the path it got, then runs `body` (sh). */
function editor(name: string, body: string): string {
  const f = path.join(dir, name);
  writeFileSync(
    f,
    `#!/bin/sh\necho "$1" > "${dir}/${name}.path"\nstat -c %a "$1" > "${dir}/${name}.mode"\n${body}\n`,
  );
  chmodSync(f, 0o755);
  return f;
}
const seenPath = (name: string) => readFileSync(path.join(dir, `${name}.path`), "utf8").trim();

describe("kiln secrets", () => {
  it("keygen writes a 0600 identity and refuses to overwrite it", () => {
    const f = path.join(dir, "new.txt");
    const r = run(["keygen", "-o", f]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Public key: age1[0-9a-z]+\n$/);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, "utf8")).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    expect(run(["keygen", "-o", f]).status).toBe(1);
  });

  it("encrypt with .sops.yaml creation rules, decrypt --output, in place", () => {
    writeFileSync(
      path.join(dir, ".sops.yaml"),
      `creation_rules:\n  - path_regex: nomatch/.*\n    age: age1qqqq\n  - path_regex: \\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n    age: ${a.recipient}\n`,
    );
    writeFileSync(path.join(dir, "s.yaml"), plain);
    const e = run(["encrypt", "-i", "s.yaml"]);
    expect(e.status).toBe(0);
    const text = readFileSync(path.join(dir, "s.yaml"), "utf8");
    expect(text).not.toContain(CANARY);
    expect(text).toContain("encrypted_regex: ^(data|stringData)$");
    expect(run(["decrypt", "s.yaml", "--output", "p.yaml"]).status).toBe(0);
    expect(readFileSync(path.join(dir, "p.yaml"), "utf8")).toBe(plain);
    expect(statSync(path.join(dir, "p.yaml")).mode & 0o777).toBe(0o600);
    expect(run(["decrypt", "s.yaml", "-i", "--output", "x"]).status).toBe(2);
  });

  it("edit: the editor sees a 0600 temporary plaintext that is gone afterwards; unchanged values keep their ciphertext", () => {
    const before = readFileSync(path.join(dir, "s.yaml"), "utf8");
    const ed = editor("ed-ok", `sed -i 's/user: admin/user: root/' "$1"`);
    const r = run(["edit", "s.yaml"], { EDITOR: ed });
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, "ed-ok.mode"), "utf8").trim()).toBe("600");
    expect(existsSync(seenPath("ed-ok"))).toBe(false);
    expect(existsSync(path.dirname(seenPath("ed-ok")))).toBe(false);
    const after = readFileSync(path.join(dir, "s.yaml"), "utf8");
    const pw = (t: string) => t.split("\n").find((l) => l.includes("password:"));
    expect(pw(after)).toBe(pw(before));
    expect(run(["decrypt", "s.yaml"]).stdout).toContain("user: root");
  });

  it("edit: an editor crash leaves the file unchanged and no plaintext behind", () => {
    const before = readFileSync(path.join(dir, "s.yaml"), "utf8");
    const ed = editor("ed-crash", `sed -i 's/root/changed/' "$1"\nkill -SEGV $$`);
    const r = run(["edit", "s.yaml"], { EDITOR: ed });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /the editor (was killed by SIGSEGV|exited with status 139); the file is unchanged/,
    );
    expect(existsSync(path.dirname(seenPath("ed-crash")))).toBe(false);
    expect(readFileSync(path.join(dir, "s.yaml"), "utf8")).toBe(before);
  });

  it("edit: kiln killed by SIGTERM while the editor runs removes the plaintext", () => {
    const before = readFileSync(path.join(dir, "s.yaml"), "utf8");
    // Walk up from the editor to the node process running kiln, and terminate it.
    const ed = editor(
      "ed-term",
      `p=$PPID\nwhile [ "$(cat /proc/$p/comm)" != node ]; do p=$(cut -d' ' -f4 /proc/$p/stat); done\nkill -TERM $p\nsleep 1`,
    );
    const r = run(["edit", "s.yaml"], { EDITOR: ed });
    expect(r.status).not.toBe(0);
    expect(existsSync(path.dirname(seenPath("ed-term")))).toBe(false);
    expect(readFileSync(path.join(dir, "s.yaml"), "utf8")).toBe(before);
  });

  it("edit: invalid YAML from the editor is an error, the file is unchanged", () => {
    const before = readFileSync(path.join(dir, "s.yaml"), "utf8");
    const ed = editor("ed-bad", `printf 'a: [\\n' > "$1"`);
    const r = run(["edit", "s.yaml"], { EDITOR: ed });
    expect(r.status).toBe(1);
    expect(existsSync(path.dirname(seenPath("ed-bad")))).toBe(false);
    expect(readFileSync(path.join(dir, "s.yaml"), "utf8")).toBe(before);
  });

  it("rotate and updatekeys keep the file decryptable", async () => {
    const b = await identity();
    expect(run(["rotate", "-i", "s.yaml", "--add-age", b.recipient]).status).toBe(0);
    expect(run(["decrypt", "s.yaml"], { SOPS_AGE_KEY_FILE: "", SOPS_AGE_KEY: b.secret }).status).toBe(0);
    expect(run(["updatekeys", "-y", "s.yaml"]).status).toBe(0);
    const r = run(["decrypt", "s.yaml"], { SOPS_AGE_KEY_FILE: "", SOPS_AGE_KEY: b.secret });
    expect(r.status).toBe(1);
  });

  it("failures exit 1 with a located message", () => {
    const text = readFileSync(path.join(dir, "s.yaml"), "utf8");
    writeFileSync(path.join(dir, "t.yaml"), text.replace(/ {4}mac: .*\n/, ""));
    const r = run(["decrypt", "t.yaml"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: t\.yaml: sops\.mac: the file has no MAC/);
    expect(run(["decrypt", "s.yaml"], { SOPS_AGE_KEY_FILE: path.join(dir, "new.txt") }).status).toBe(1);
    expect(run(["decrypt", "missing.yaml"]).status).toBe(1);
  });

  it("no output of any command above holds the canary plaintext (except decrypt's stdout)", () => {
    expect(outputs.length).toBeGreaterThan(15);
    for (const o of outputs) {
      expect(o.stderr, o.args.join(" ")).not.toContain(CANARY);
      // decrypt to stdout is the one place the plaintext belongs.
      if (o.args[0] !== "decrypt" || o.args.includes("--output"))
        expect(o.stdout, o.args.join(" ")).not.toContain(CANARY);
    }
  });
});
