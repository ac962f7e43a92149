/**
 * kiln's command line. Kept light: only commander is loaded up front; each command imports its
 * implementation when it runs, so `kiln --version` and `--help` start fast.
 *
 * Exit codes: 0 ok; 1 user error or failed check; 2 usage or internal error.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.ts";
import { handleError } from "./output.ts";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command("kiln")
    .description("kiln — a TypeScript control-plane compiler for GitOps homelabs and small platforms")
    .version(version(), "-V, --version", "print kiln's version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  const first = argv[0];
  // Shell completion (@bomb.sh/tab) is loaded only when asked for: it costs a few tens of ms, and
  // every other start stays fast. The shell script it prints calls `kiln complete -- ARGS` back.
  if (first === "completion" || first === "complete") {
    const { default: tab } = await import("@bomb.sh/tab/commander");
    tab(program, { completionCommandName: "completion" });
  } else {
    program
      .command("completion")
      .description("print a shell completion script (bash, zsh, fish or powershell)")
      .argument("<shell>", "bash, zsh, fish or powershell");
  }
  program.commands.forEach(function override(c: Command) {
    c.exitOverride();
    c.commands.forEach(override);
  });
  // Bare `kiln` is a usage error, as with kubectl and flux: the help goes to stderr, exit 2.
  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    return 2;
  }
  // Commander shows the top-level help for `kiln <unknown> --help`; an unknown command is a usage error.
  if (
    first &&
    !first.startsWith("-") &&
    !program.commands.some((c) => c.name() === first || c.aliases().includes(first))
  ) {
    if (first !== "help" && first !== "complete") {
      process.stderr.write(`error: unknown command '${first}'\n(run with --help for usage)\n`);
      return 2;
    }
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return 2;
    }
    return handleError(e);
  }
}

// A closed pipe (`kiln validate … | head -1`) ends the output, not the process with a trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}
const code = await main(process.argv.slice(2));
process.exitCode = code;
