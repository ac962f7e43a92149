/** Starts `kiln fn serve` (from the sources, through tsx) as a child process for tests. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../helpers/env.ts";

export interface ServeProcess {
  child: ChildProcess;
  address: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns the CLI and resolves once the server logs its bound address. */
export function serveProcess(args: string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "src/cli/main.ts"), "fn", "serve", ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /"address":"([^"]+)"/.exec(err);
      if (m) resolve({ child, address: m[1]!, stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`kiln fn serve exited with ${code}: ${err}`)));
  });
}
