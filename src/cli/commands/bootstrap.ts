import type { Command } from "commander";
import { collect } from "../output.ts";

interface BootstrapFlags {
  cluster?: string;
  set?: string[];
  values?: string[];
  timeout?: string;
}

export function registerBootstrap(program: Command): void {
  program
    .command("bootstrap")
    .description("print the ordered manifests and commands that take an empty cluster to Flux reconciling it")
    .argument("<dir>", "control plane folder (with main.ts) or entry file")
    .option("--cluster <name>", "the cluster to bootstrap (default: the only one)")
    .option("--set <path=value>", "override an input (repeatable)", collect)
    .option("-f, --values <file>", "YAML file of input overrides (repeatable; later files win)", collect)
    .option("--timeout <duration>", "how long each kubectl wait may take", "10m")
    .action(async (dir: string, flags: BootstrapFlags) => {
      const { readValuesFiles } = await import("../../build.ts");
      const { parseSetFlags } = await import("../../model/inputs.ts");
      const { loadControlPlane, renderControlPlane } = await import("../../model/render.ts");
      const { bootstrapPlan, bootstrapScript } = await import("../../synth/bootstrap.ts");
      const { controlPlane } = await loadControlPlane(dir);
      const overrides: unknown[] = readValuesFiles(flags.values ?? []).map((v) => v.values);
      if (flags.set?.length) overrides.push(parseSetFlags(controlPlane.inputs, flags.set));
      const { graph } = await renderControlPlane(controlPlane, {
        overrides,
        overrideSource:
          [...(flags.values ?? []), ...(flags.set?.length ? ["--set"] : [])].join(", ") || "overrides",
      });
      // Built completely before anything is printed: an error leaves stdout empty.
      const script = bootstrapScript(
        bootstrapPlan(graph, flags.cluster, { timeout: flags.timeout ?? "10m" }),
      );
      process.stdout.write(script);
    });
}
