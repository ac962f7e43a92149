import type { Command } from "commander";

export function registerHooks(program: Command): void {
  const hooks = program.command("hooks").description("git hooks that run kiln's checks");
  hooks
    .command("install")
    .description("write a git pre-commit hook that runs `kiln scan --staged`")
    .option("--force", "replace a pre-commit hook kiln did not write")
    .action(async (flags: { force?: boolean }) => {
      const { installPreCommitHook } = await import("../../scan/hooks.ts");
      const { displayPath } = await import("../../core/paths.ts");
      const r = installPreCommitHook(process.cwd(), flags);
      process.stdout.write(`${displayPath(r.file)}: ${r.status}\n`);
    });
}
