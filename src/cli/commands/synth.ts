import { type Command, Option } from "commander";
import { collect } from "../output.ts";

export interface RenderFlags {
  out?: string;
  set?: string[];
  values?: string[];
  format?: "yaml" | "json";
  files?: "resource" | "unit";
}

/** Flags shared by every command that renders a control plane. */
export function renderFlags(cmd: Command): Command {
  // `-o` is `--output` in every kiln command; `--out` stays as a hidden alias.
  return cmd
    .option("-o, --output <dir>", "output folder (default: <dir>/out)")
    .addOption(new Option("--out <dir>").hideHelp())
    .on("option:output", (v: string) => cmd.setOptionValue("out", v))
    .option("--set <path=value>", "override an input (repeatable), e.g. --set domain=example.org", collect)
    .option("-f, --values <file>", "YAML file of input overrides (repeatable; later files win)", collect)
    .option("--format <format>", "manifest format: yaml or json", "yaml")
    .option(
      "--files <granularity>",
      "one file per resource, or one multi-document file per unit: resource or unit",
      "resource",
    );
}

export function registerSynth(program: Command): void {
  renderFlags(
    program
      .command("synth")
      .description("render a control plane and write its manifests (no validation)")
      .argument("<dir>", "control plane folder (with main.ts) or entry file"),
  ).action(async (dir: string, flags: RenderFlags) => {
    const { runBuild } = await import("../../build.ts");
    await runBuild(dir, { ...flags, validate: false });
  });
}
