import type { Command } from "commander";
import {
  DEFAULT_ADDRESS,
  DEFAULT_BASE_IMAGE,
  DEFAULT_TLS_SERVER_CERTS_DIR,
} from "../../functions/serve/defaults.ts";

interface PackageFlags {
  out: string;
  baseImage?: string;
}

export function registerFn(program: Command): void {
  const fn = program
    .command("fn")
    .description("composition functions: serve or package a kiln function module");
  fn.command("serve")
    .description("serve a function module as a Crossplane composition function (gRPC, mutual TLS)")
    .argument("<module>", "TypeScript module whose default export is a kiln function")
    .option("--address <host:port>", "address to listen on", DEFAULT_ADDRESS)
    .option("--insecure", "plain-text gRPC without TLS (local development, e.g. crossplane render)")
    .option(
      "--tls-server-certs-dir <dir>",
      "folder with tls.key, tls.crt and ca.crt; clients need a cert signed by ca.crt",
      process.env.TLS_SERVER_CERTS_DIR ?? DEFAULT_TLS_SERVER_CERTS_DIR,
    )
    .option("--max-message-size <size>", "largest request or response (bytes, or with Ki/Mi)", "4Mi")
    .option("--deadline <duration>", "time one RunFunction may take before a FATAL result", "30s")
    .option("-d, --debug", "log every call (counts and timings only)")
    .action(async (module: string, flags: Record<string, string | boolean | undefined>) => {
      const [{ loadFunctionModule }, { serveOptions, serveUntilSignal }] = await Promise.all([
        import("../../functions/serve/module.ts"),
        import("../../functions/serve/main.ts"),
      ]);
      serveOptions(flags); // bad flag values fail before the module loads
      const f = await loadFunctionModule(module);
      await serveUntilSignal(f, flags);
    });
  fn.command("package")
    .description(
      "write a Dockerfile, crossplane.yaml (and the input CRD) and a bundled entry for a function module",
    )
    .argument("<module>", "TypeScript module whose default export is a kiln function")
    .requiredOption("--out <dir>", "output folder (replaced; kiln only replaces folders it created)")
    .option("--base-image <image>", "runtime base image", DEFAULT_BASE_IMAGE)
    .action(async (module: string, flags: PackageFlags) => {
      const { packageFunction } = await import("../../functions/serve/package.ts");
      const r = await packageFunction(module, {
        out: flags.out,
        ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
      });
      process.stdout.write(`packaged function ${r.name} into ${flags.out}: ${r.files.join(", ")}\n`);
    });
}
