import type { Command } from "commander";
import { collect } from "../output.ts";
import { userCodeTimeout } from "./synth.ts";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "validate kiln output or any folder of Kubernetes YAML offline (schemas, CEL, references, policies)",
    )
    .argument("[paths...]", "files or folders of Kubernetes YAML (default: .)")
    .option("--crds <file|dir|url>", "CRDs to take schemas from (repeatable)", collect)
    .option("--catalog <projects>", "built-in catalog projects to use, comma-separated (default: all)")
    .option("--no-catalog", "do not use the built-in catalog of pinned upstream CRDs")
    .option("--mirror <dir>", "offline mirror of upstream files (default: $KILN_MIRROR)")
    .option("--offline", "never use the network (cache and mirror only)")
    .option("--strict", "unknown fields and kinds without a schema are errors")
    .option("-o, --output <format>", "pretty, json, junit, sarif or github", "pretty")
    .option(
      "--policy <file>",
      "TypeScript module exporting policies made with definePolicy (repeatable)",
      collect,
    )
    .option(
      "--decrypt",
      "decrypt SOPS files with your age identities (as sops finds them) and verify their MAC",
    )
    .option("--no-secret-policy", "allow plaintext kind: Secret (the built-in gate is on by default)")
    .option(
      "--repo-root <dir>",
      "repository root for Flux Kustomization paths (default: nearest .git above the first path)",
    )
    .option("--files", "validate file by file, even a folder holding Flux Kustomizations")
    .option("--workers <n>", "worker threads (0: none; default: automatic for large trees)")
    .option("--watch", "validate again on every change under the paths (Ctrl-C to stop)")
    .option(
      "--timeout <duration>",
      "stop --policy modules' own code after this long in all, e.g. 30s or 2m (default 1m)",
    )
    .action(async (paths: string[], flags) => {
      const { runValidateCommand } = await import("../../validate/command.ts");
      let sandbox: import("../../model/sandbox.ts").Sandbox | undefined;
      const run = async (): Promise<{ text: string; exitCode: number }> => {
        if (!flags.policy?.length) return await runValidateCommand(paths, flags);
        // User policies are user code: on a worker thread with a time limit, as build's code
        // is (their checks run on that thread only, so no worker threads of validate's own).
        // With --watch the worker, and the schemas it loaded, is kept between runs.
        const { Sandbox } = await import("../../model/sandbox.ts");
        const { timeout, watch, ...rest } = flags;
        sandbox ??= new Sandbox({
          timeoutMs: await userCodeTimeout(timeout),
          nothing: "nothing was reported",
          reuse: watch === true,
        });
        return await sandbox.run({
          module: new URL("../../validate/command.ts", import.meta.url).href,
          fn: "runValidateCommand",
          args: [paths, { ...rest, workers: "0" }],
        });
      };
      const once = async () => {
        const { text, exitCode } = await run();
        process.stdout.write(text);
        process.exitCode = exitCode;
      };
      if (!flags.watch) {
        try {
          return await once();
        } finally {
          await sandbox?.close();
        }
      }
      if (paths.includes("-")) {
        const { UsageError } = await import("../../core/errors.ts");
        throw new UsageError("--watch cannot watch standard input: name the files or folders");
      }
      const { watchLoop } = await import("../watch.ts");
      try {
        await watchLoop(once, { roots: paths.length ? paths : ["."] });
      } finally {
        await sandbox?.close();
      }
    });
}
