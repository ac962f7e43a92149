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
      // The control plane's code runs on the sandbox worker, stopped after synth's default limit
      // (this command's --timeout is kubectl's); the script is printed only once it is complete.
      const { DEFAULT_USER_CODE_TIMEOUT_MS, runSandboxed } = await import("../../model/sandbox.ts");
      const task = { module: import.meta.url, fn: "bootstrapText", args: [dir, flags] };
      process.stdout.write(
        await runSandboxed<string>(task, {
          timeoutMs: DEFAULT_USER_CODE_TIMEOUT_MS,
          nothing: "nothing was printed",
        }),
      );
    });
}

/** The bootstrap script for `dir` (runs the control plane's code). */
export async function bootstrapText(dir: string, flags: BootstrapFlags): Promise<string> {
  const { inputOverrides } = await import("../../build.ts");
  const { loadControlPlane, renderControlPlane } = await import("../../model/render.ts");
  const { bootstrapPlan, bootstrapScript } = await import("../../synth/bootstrap.ts");
  const { controlPlane, file } = await loadControlPlane(dir);
  const { graph } = await renderControlPlane(controlPlane, {
    entryFile: file,
    ...inputOverrides(controlPlane, flags.values ?? [], flags.set ?? []),
  });
  return bootstrapScript(bootstrapPlan(graph, flags.cluster, { timeout: flags.timeout ?? "10m" }));
}
