import type { Command } from "commander";

export function registerScan(program: Command): void {
  program
    .command("scan")
    .description(
      "find credentials committed in plaintext (keys, tokens, plaintext Secrets); SOPS files are fine",
    )
    .argument("[paths...]", "files or folders to scan (default: .)")
    .option("--staged", "scan the files staged for the next commit, as staged (for a pre-commit hook)")
    .option("--ignore-file <file>", "allowlist file (default: the nearest .kilnscanignore)")
    .option("-o, --output <format>", "pretty, json, junit, sarif or github", "pretty")
    .action(async (paths: string[], flags) => {
      const { runScanCommand } = await import("../../scan/command.ts");
      const { text, exitCode } = runScanCommand(paths, flags);
      process.stdout.write(text);
      process.exitCode = exitCode;
    });
}
