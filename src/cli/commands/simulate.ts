import type { Command } from "commander";
import { collect } from "../output.ts";
import { userCodeTimeout } from "./synth.ts";

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("run each XR's composition to convergence against a simulated provider, step by step")
    .argument("<dir>", "control plane folder (with main.ts) or entry file")
    .option("--xr <name>", "simulate only this XR (name or namespace/name)")
    .option("--steps <n>", "step limit per XR", "20")
    .option("--provider <file>", "TypeScript module that default-exports defineProvider({...})")
    .option(
      "--fault <key=fault>",
      "inject a fault: KEY=never-ready or KEY=error:MESSAGE (repeatable)",
      collect,
    )
    .option(
      "--timeout <duration>",
      "stop the control plane's, functions' and provider's own code after this long in all (default 1m)",
    )
    .action(async (dir: string, flags) => {
      // The control plane, its kiln functions and the provider module are user code: on a worker
      // thread with a time limit, so an endless loop in any of them is stopped.
      const { runSandboxed } = await import("../../model/sandbox.ts");
      const { timeout, ...rest } = flags;
      const { text, ok } = await runSandboxed<{ text: string; ok: boolean }>(
        {
          module: new URL("../../functions/simulate/command.ts", import.meta.url).href,
          fn: "runSimulateCommand",
          args: [dir, rest],
        },
        {
          timeoutMs: await userCodeTimeout(timeout),
          nothing: "nothing was printed",
        },
      );
      process.stdout.write(text);
      if (!ok) process.exitCode = 1;
    });
}
