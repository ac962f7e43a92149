import type { Command } from "commander";
import { collect } from "../output.ts";

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
    .action(async (dir: string, flags) => {
      const { runSimulateCommand } = await import("../../functions/simulate-command.ts");
      const { text, ok } = await runSimulateCommand(dir, flags);
      process.stdout.write(text);
      if (!ok) process.exitCode = 1;
    });
}
