import type { Command } from "commander";
import { type RenderFlags, renderFlags } from "./synth.ts";

export function registerBuild(program: Command): void {
  renderFlags(
    program
      .command("build")
      .description("render, write and validate a control plane's manifests")
      .argument("<dir>", "control plane folder (with main.ts) or entry file")
      .option("--strict", "treat kinds without a schema and unknown fields as errors"),
  ).action(async (dir: string, flags: RenderFlags & { strict?: boolean }) => {
    const { runBuild } = await import("../../build.ts");
    await runBuild(dir, { ...flags, validate: true });
  });
}
