import type { Command } from "commander";

interface InitFlags {
  template?: string;
  force?: boolean;
  name?: string;
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("scaffold a kiln project that builds, validates and tests clean")
    .argument("[dir]", "project folder (created if missing)", ".")
    .option(
      "--template <name>",
      "control-plane, or function (adds a Crossplane composition function)",
      "control-plane",
    )
    .option("--name <name>", "project and package name (default: the folder's name)")
    .option("--force", "replace existing files (package.json is merged either way)")
    .action(async (dir: string, flags: InitFlags) => {
      const { initProject } = await import("../../scaffold/init.ts");
      const { displayPath } = await import("../../core/paths.ts");
      const r = initProject(dir, flags);
      const lines = [`created ${r.written.length} files in ${displayPath(r.dir)}: ${r.written.join(", ")}`];
      if (r.merged.length) lines.push(`package.json: ${r.merged.join("; ")}`);
      const cd = displayPath(r.dir) === "" || r.dir === process.cwd() ? "" : `cd ${displayPath(r.dir)} && `;
      lines.push(`next: ${cd}npm install && npx kiln build . && npm test`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
