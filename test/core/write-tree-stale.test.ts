import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORK_FOLDER, writeTreeAtomic } from "../../src/core/fs.ts";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-tree-"));
/** The pid of a process that has exited (pids are not reused this quickly on Linux). */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("writeTreeAtomic temporary trees", () => {
  it("writes its temporary tree inside a git-ignored folder and removes it after", async () => {
    const dir = tmp();
    const out = path.join(dir, "out");
    let seen: string[] = [];
    await writeTreeAtomic(out, new Map([["a.yaml", "a: 1\n"]]), {
      afterFile: () => {
        seen = readdirSync(dir);
        expect(readFileSync(path.join(dir, WORK_FOLDER, ".gitignore"), "utf8")).toBe("*\n");
      },
    });
    expect(seen.sort()).toEqual([WORK_FOLDER]);
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("removes trees left by a process that is gone, keeps those of live ones", async () => {
    const dir = tmp();
    const work = path.join(dir, WORK_FOLDER);
    const dead = path.join(work, `out.tmp-${deadPid()}-0a1b2c3d`);
    const live = path.join(work, `out.tmp-${process.ppid}-0a1b2c3d`);
    const other = path.join(work, `other.tmp-${deadPid()}-0a1b2c3d`);
    for (const d of [dead, live, other]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, "half.yaml"), "a: ");
    }
    await writeTreeAtomic(path.join(dir, "out"), new Map([["a.yaml", "a: 1\n"]]));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it("after a SIGKILL mid-write, the next run leaves nothing beside the output", async () => {
    const dir = tmp();
    const out = path.join(dir, "out");
    const script = `
      import { writeTreeAtomic } from ${JSON.stringify(path.resolve("src/core/fs.ts"))};
      const files = new Map(Array.from({ length: 50 }, (_, i) => [\`f\${i}.yaml\`, "a: 1\\n"]));
      await writeTreeAtomic(${JSON.stringify(out)}, files, { afterFile: (f) => {
        if (f === "f3.yaml") { process.stdout.write("ready\\n"); return new Promise(() => {}); }
      } });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(readdirSync(path.join(dir, WORK_FOLDER)).length).toBe(2); // .gitignore + the killed tree
    await writeTreeAtomic(out, new Map([["a.yaml", "a: 1\n"]]));
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("refuses a folder whose .kiln-output file the user wrote", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, ".kiln-output"), "my notes\n");
    writeFileSync(path.join(dir, "keep.txt"), "mine\n");
    await expect(writeTreeAtomic(dir, new Map([["a.yaml", "a: 1\n"]]))).rejects.toThrow(
      "its .kiln-output file was not written by kiln",
    );
    expect(readFileSync(path.join(dir, "keep.txt"), "utf8")).toBe("mine\n");
  });
});
