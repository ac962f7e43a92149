import type { Command } from "commander";
import { type RenderFlags, renderFlags, runBuildCommand } from "./synth.ts";

interface BuildFlags extends RenderFlags {
  strict?: boolean;
  offline?: boolean;
  mirror?: string;
}

export function registerBuild(program: Command): void {
  renderFlags(
    program
      .command("build")
      .description("render, write and validate a control plane's manifests")
      .argument("<dir>", "control plane folder (with main.ts) or entry file")
      .option("--strict", "treat kinds without a schema and unknown fields as errors")
      .option("--offline", "never use the network for CRDs (cache and mirror only; default: KILN_OFFLINE=1)")
      .option(
        "--mirror <dir>",
        "folder laid out as HOST/PATH that stands in for the network (default: KILN_MIRROR)",
      ),
  ).action(async (dir: string, flags: BuildFlags) => {
    const { offline, mirror, ...rest } = flags;
    // Absent flags fall back to KILN_OFFLINE / KILN_MIRROR inside runBuild.
    await runBuildCommand(dir, {
      ...rest,
      validate: true,
      ...(offline ? { offline: true } : {}),
      ...(mirror ? { mirror } : {}),
    });
  });
}
