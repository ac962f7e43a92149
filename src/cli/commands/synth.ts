import { type Command, Option } from "commander";
import { collect } from "../output.ts";

export interface RenderFlags {
  out?: string;
  set?: string[];
  values?: string[];
  format?: "yaml" | "json";
  files?: "resource" | "unit";
  timeout?: string;
  watch?: boolean;
}

/**
 * Runs a build (or synth) once, or with `--watch` again on every change in the project's folder
 * and the values files (never in the output folder it writes). The watch keeps one sandbox
 * worker warm between rebuilds and updates the output folder in place (docs/build.md, Watch).
 */
export async function runBuildCommand(
  dir: string,
  opts: Omit<import("../../build.ts").BuildOptions, "log"> & { timeout?: string; watch?: boolean },
): Promise<void> {
  const { watch, ...rest } = opts;
  if (!watch) return await runBuildSandboxed(dir, rest);
  const [{ statSync }, path, { watchLoop }, { Sandbox }] = await Promise.all([
    import("node:fs"),
    import("node:path"),
    import("../watch.ts"),
    import("../../model/sandbox.ts"),
  ]);
  const base = statSync(dir, { throwIfNoEntry: false })?.isFile() ? path.dirname(dir) : dir;
  const { timeout, ...build } = rest;
  const sandbox = new Sandbox({ timeoutMs: await userCodeTimeout(timeout) });
  try {
    await watchLoop(() => sandbox.run<void>(buildTask(dir, { ...build, inPlace: true })), {
      roots: [base, ...(rest.values ?? [])],
      ignore: [rest.out ?? path.join(base, "out")],
    });
  } finally {
    await sandbox.close();
  }
}

/**
 * Runs the build pipeline on a worker thread, so the user's code (module top level, `build()`)
 * can be stopped after `--timeout` (default 1m) and cannot end kiln with `process.exit()`.
 */
export async function runBuildSandboxed(
  dir: string,
  opts: Omit<import("../../build.ts").BuildOptions, "log"> & { timeout?: string },
): Promise<void> {
  const { runSandboxed } = await import("../../model/sandbox.ts");
  const { timeout, ...rest } = opts;
  await runSandboxed(buildTask(dir, rest), { timeoutMs: await userCodeTimeout(timeout) });
}

function buildTask(dir: string, opts: Omit<import("../../build.ts").BuildOptions, "log">) {
  return { module: new URL("../../build.ts", import.meta.url).href, fn: "runBuild", args: [dir, opts] };
}

/** A `--timeout` for user code (e.g. `30s`, `2m`) in milliseconds; absent: the default 1m. */
export async function userCodeTimeout(flag: string | undefined): Promise<number> {
  const { DEFAULT_USER_CODE_TIMEOUT_MS } = await import("../../model/sandbox.ts");
  if (flag === undefined) return DEFAULT_USER_CODE_TIMEOUT_MS;
  const { parseGoDuration } = await import("../../functions/render/command.ts");
  return parseGoDuration(flag);
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
    )
    .option("--watch", "build again on every change to the project's files (Ctrl-C to stop)")
    .option(
      "--timeout <duration>",
      "stop the control plane's own code (its modules' top level and build()) after this long in all, e.g. 30s or 2m (default 1m)",
    );
}

export function registerSynth(program: Command): void {
  renderFlags(
    program
      .command("synth")
      .description("render a control plane and write its manifests (no validation)")
      .argument("<dir>", "control plane folder (with main.ts) or entry file"),
  ).action(async (dir: string, flags: RenderFlags) => {
    await runBuildCommand(dir, { ...flags, validate: false });
  });
}
