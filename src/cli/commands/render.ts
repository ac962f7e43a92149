import type { Command } from "commander";
import { collect } from "../output.ts";

export function registerRender(program: Command): void {
  program
    .command("render")
    .description(
      "render an XR through its Composition's function pipeline, like `crossplane render` (no Docker)",
    )
    .argument("<xr>", "YAML file with the composite resource (XR)")
    .argument("<composition>", "YAML file with the Composition (mode: Pipeline)")
    .argument("<functions>", "YAML file or folder with the Functions")
    .option("-o, --observed-resources <path>", "YAML file or folder with observed composed resources")
    .option("-e, --required-resources <path>", "YAML file or folder with resources functions may require")
    .option("--extra-resources <path>", "deprecated alias of --required-resources")
    .option("--function-credentials <path>", "YAML file or folder with Secrets for steps' credentials")
    .option("-x, --include-full-xr", "include the input XR's spec and metadata in the rendered XR")
    .option("-r, --include-function-results", "include non-fatal function results as kind: Result")
    .option("-c, --include-context", "include the final pipeline context as kind: Context")
    .option("--context-files <key=file>", "context value from a YAML/JSON file (repeatable)", collect)
    .option(
      "--context-values <key=json>",
      "context value as JSON (repeatable; wins over --context-files)",
      collect,
    )
    .option(
      "--function-module <name=file>",
      "run Function NAME from this TypeScript module (repeatable)",
      collect,
    )
    .option("--xrd <file>", "CompositeResourceDefinition whose schema defaults are applied to the XR")
    .option("--timeout <duration>", "how long to run before timing out", "1m")
    .action(async (xr: string, composition: string, functions: string, flags) => {
      // Kiln functions run in-process: on a worker thread, so one stuck in a CPU loop can be
      // stopped when --timeout runs out (the render's own deadline cannot fire while it spins).
      const { parseGoDuration } = await import("../../functions/render/command.ts");
      const { runSandboxed } = await import("../../model/sandbox.ts");
      const task = {
        module: new URL("../../functions/render/command.ts", import.meta.url).href,
        fn: "runRenderCommand",
        args: [xr, composition, functions, flags],
      };
      const text = await runSandboxed<string>(task, {
        timeoutMs: parseGoDuration(flags.timeout),
        nothing: "nothing was printed",
      });
      process.stdout.write(text);
    });
}
