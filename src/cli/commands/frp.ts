import type { Command } from "commander";
import { collect } from "../output.ts";

export function registerFrp(program: Command): void {
  const frp = program
    .command("frp")
    .description("frp (fast reverse proxy) configs: verify like frpc/frps, check a client/server pair");
  templateOptions(
    frp
      .command("verify")
      .description("verify an frpc (or, with --server, frps) config like `frpc verify` / `frps verify`")
      .requiredOption("-c, --config <file>", "frpc or frps config (TOML, YAML or JSON)")
      .option("--server", "the file is an frps config"),
  ).action(async (flags) => {
    const { runFrpVerify } = await import("../../frp/command.ts");
    print(runFrpVerify(flags.config, flags));
  });
  templateOptions(
    frp
      .command("check")
      .description("verify an frpc and an frps config, then check that they fit together")
      .requiredOption("--client <file>", "frpc config")
      .requiredOption("--server <file>", "frps config"),
  ).action(async (flags) => {
    const { runFrpCheck } = await import("../../frp/command.ts");
    print(runFrpCheck(flags.client, flags.server, flags));
  });
}

/** What both commands take for frp's templates and unsafe features. */
function templateOptions(cmd: Command): Command {
  return cmd
    .option("--env <NAME=VALUE>", "value for {{ .Envs.NAME }} (repeatable)", collect)
    .option("--process-env", "also render templates with the process environment, as frp does")
    .option(
      "--allow-unsafe <feature>",
      "allow an unsafe feature, e.g. TokenSourceExec (repeatable)",
      collect,
    );
}

function print(out: { stdout: string; stderr: string; exitCode: number }): void {
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
