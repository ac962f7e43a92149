import type { Command } from "commander";

/** `kiln secrets …`: SOPS files with age keys, compatible with sops 3.13.2. */
export function registerSecrets(program: Command): void {
  const secrets = program
    .command("secrets")
    .description(
      "SOPS-encrypted files with age keys (sops 3.13.2 compatible): encrypt, decrypt, edit, updatekeys, rotate, keygen",
    );
  const out = (c: Command) =>
    c
      .option("-i, --in-place", "write the result over FILE")
      .option("--output <file>", "write the result to this file")
      .option("--input-type <type>", "yaml, json or dotenv (default: from the file name)");
  out(secrets.command("encrypt").argument("<file>").description("encrypt a plaintext file (like sops -e)"))
    .option("--age <recipients>", "age recipients, comma-separated (default: .sops.yaml creation rule)")
    .option("--config <file>", "sops config (default: .sops.yaml found from the working directory up)")
    .option("--encrypted-regex <re>", "encrypt only values under keys matching this regular expression")
    .option("--encrypted-suffix <suffix>", "encrypt only values under keys ending in this suffix")
    .option(
      "--unencrypted-regex <re>",
      "leave values under keys matching this regular expression in plaintext",
    )
    .option("--unencrypted-suffix <suffix>", "leave values under keys ending in this suffix in plaintext")
    .option("--mac-only-encrypted", "only encrypted values count toward the MAC")
    .action(async (file: string, flags) => {
      const { runEncrypt } = await import("../../secrets/command.ts");
      process.stdout.write(await runEncrypt(file, flags));
    });
  out(
    secrets
      .command("decrypt")
      .argument("<file>")
      .description("decrypt a file and verify its MAC (like sops -d)"),
  ).action(async (file: string, flags) => {
    const { runDecrypt } = await import("../../secrets/command.ts");
    process.stdout.write(await runDecrypt(file, flags));
  });
  secrets
    .command("diff")
    .argument("<files...>", "OLD NEW, or FILE with --rev (git's external-diff arguments work too)")
    .description(
      "which keys of a SOPS file changed (never values): two files, or a file against a git revision",
    )
    .option("--rev <rev>", "compare FILE with its content at this git revision (e.g. HEAD)")
    .option("--input-type <type>", "yaml, json or dotenv (default: from the file name)")
    .action(async (files: string[], flags) => {
      const { runSecretsDiff } = await import("../../secrets/diff.ts");
      process.stdout.write(await runSecretsDiff(files, flags));
    });
  secrets
    .command("edit")
    .argument("<file>")
    .description("open the plaintext in $EDITOR (0600 temporary file, always removed), then re-encrypt")
    .option("--age <recipients>", "age recipients for a new file, comma-separated")
    .option("--config <file>", "sops config for a new file")
    .option("--input-type <type>", "yaml, json or dotenv")
    .action(async (file: string, flags) => {
      const { runEdit } = await import("../../secrets/command.ts");
      process.stderr.write(await runEdit(file, flags));
    });
  secrets
    .command("updatekeys")
    .argument("<file>")
    .description("re-wrap the data key for the recipients of the file's .sops.yaml creation rule")
    .option("-y, --yes", "do not ask (kiln never asks; accepted for sops compatibility)")
    .option("--config <file>", "sops config (default: .sops.yaml found from the working directory up)")
    .option("--input-type <type>", "yaml, json or dotenv")
    .action(async (file: string, flags) => {
      const { runUpdateKeys } = await import("../../secrets/command.ts");
      process.stderr.write(await runUpdateKeys(file, flags));
    });
  out(
    secrets
      .command("rotate")
      .argument("<file>")
      .description("new data key, every value re-encrypted (like sops rotate)"),
  )
    .option("--add-age <recipients>", "add these age recipients, comma-separated")
    .option("--rm-age <recipients>", "remove these age recipients, comma-separated")
    .action(async (file: string, flags) => {
      const { runRotate } = await import("../../secrets/command.ts");
      process.stdout.write(await runRotate(file, flags));
    });
  secrets
    .command("keygen")
    .description("generate an age identity (like age-keygen); with -o the file is created 0600")
    .option("-o, --output <file>", "write the identity to this new file")
    .action(async (flags) => {
      const { runKeygen } = await import("../../secrets/command.ts");
      const r = await runKeygen(flags);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
    });
}
