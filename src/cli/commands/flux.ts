import type { Command } from "commander";

export function registerFlux(program: Command): void {
  const flux = program
    .command("flux")
    .description("a Flux repository as Flux would apply it, offline: build Kustomizations, show their tree");
  flux
    .command("build")
    .description("print what one Kustomization (or every one) applies, like `flate build ks`")
    .argument("[name]", "Kustomization name (default: all)")
    .option("-p, --path <dir>", "repository root (default: .)")
    .option("-n, --namespace <ns>", "only Kustomizations in this namespace")
    .option("-o, --output <format>", "yaml or json", "yaml")
    .option("--strict", "an unset substitution variable is an error")
    .option("--secrets", "include Secrets (their values are always placeholders)")
    .option("--enable-helm", "render HelmReleases' charts with helm (on PATH) and print their objects")
    .action(async (name: string | undefined, flags) => {
      const { runFluxBuild } = await import("../../flux/command.ts");
      print(await runFluxBuild(name, flags));
    });
  flux
    .command("tree")
    .description("print the Kustomization tree: who applies whom, sources, dependsOn, object counts")
    .option("-p, --path <dir>", "repository root (default: .)")
    .option("--strict", "an unset substitution variable is an error")
    .action(async (flags) => {
      const { runFluxTree } = await import("../../flux/command.ts");
      print(await runFluxTree(flags));
    });
  flux
    .command("charts")
    .description("kiln's offline chart cache for HelmReleases")
    .command("pull")
    .description(
      "fetch the charts HelmReleases need from chart repositories into kiln's cache (runs helm pull; networked)",
    )
    .option("-p, --path <dir>", "repository root (default: .)")
    .action(async (flags) => {
      const { runChartsPull } = await import("../../flux/helm-pull.ts");
      print(await runChartsPull(flags));
    });
}

function print(out: { stdout: string; stderr: string; exitCode: number }): void {
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
