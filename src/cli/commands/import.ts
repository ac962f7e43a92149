import path from "node:path";
import { type Command, Option } from "commander";

interface ImportFlags {
  project?: string;
  out?: string;
  update?: boolean;
  offline?: boolean;
  mirror?: string;
  validators?: boolean;
  workers?: string;
}

export function registerImport(program: Command): void {
  program
    .command("import")
    .description(
      "import pinned CRDs into TypeScript types and validators (.kiln/imports), pinning them in kiln.lock",
    )
    .argument("[sources...]", "ad hoc: CRD files, folders or URLs (needs --out; no config, no lockfile)")
    .option("-p, --project <dir>", "project folder with kiln.config.ts", ".")
    .option("-o, --output <dir>", "output folder for an ad hoc import")
    .addOption(new Option("--out <dir>").hideHelp())
    .option("--update", "accept changed upstream content and re-pin it in kiln.lock")
    .option("--offline", "never use the network (cache and mirror only)")
    .option(
      "--mirror <dir>",
      "folder laid out as HOST/PATH that stands in for the network (default: KILN_MIRROR)",
    )
    .option("--validators", "also compile every kind's validator into the cache now")
    .option("--workers <n>", "worker threads for parsing (default: by input size; 0 = main thread)")
    .action(async (sources: string[], flags: ImportFlags & { output?: string }) => {
      const { output, ...rest } = flags;
      await runImport(sources, output ? { ...rest, out: output } : rest);
    });
}

async function runImport(sources: string[], flags: ImportFlags): Promise<void> {
  const [{ UsageError, KilnError }, { displayPath }, project, v8] = await Promise.all([
    import("../../core/errors.ts"),
    import("../../core/paths.ts"),
    import("../../import/project.ts"),
    import("node:v8"),
  ]);
  // An import keeps most of what it allocates (the parsed schemas) until it writes, so V8's
  // young generation growing to its 2 × 16 MB maximum only adds resident memory: keeping it at
  // its initial size takes ~20 MB off the peak of a 70-CRD import at no measured time cost.
  // The flag is read when the young generation would grow, so setting it now takes effect.
  v8.default.setFlagsFromString("--semi-space-growth-factor=1");
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
    throw new UsageError(`--workers must be a whole number, got "${flags.workers}"`);
  }
  const opts = {
    update: Boolean(flags.update),
    offline: Boolean(flags.offline),
    validators: Boolean(flags.validators),
    ...(flags.mirror ? { mirror: flags.mirror } : {}),
    ...(workers !== undefined ? { workers } : {}),
    log: (l: string) => process.stderr.write(`${l}\n`),
  };
  let r: Awaited<ReturnType<typeof project.importProject>>;
  if (sources.length > 0) {
    if (!flags.out) throw new UsageError("an ad hoc import (sources given) needs --out DIR");
    r = await project.importAdHoc(sources, flags.out, opts);
  } else {
    if (flags.out)
      throw new UsageError("--out is for ad hoc imports; a project import writes <project>/.kiln/imports");
    const dir = path.resolve(flags.project ?? ".");
    // build.ts pulls in the whole pipeline; only a project import needs its config loader.
    const { loadProjectConfig } = await import("../../build.ts");
    const loaded = await loadProjectConfig(dir);
    if (!loaded)
      throw new KilnError(`no kiln.config.ts in ${displayPath(dir)} (or give CRD files/URLs and --out)`);
    r = await project.importProject({ dir, config: loaded.config, configFile: loaded.file }, opts);
  }
  const from = Object.entries(r.origins)
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");
  const groups = new Set(r.kinds.map((k) => k.apiVersion)).size;
  process.stdout.write(
    `imported ${r.kinds.length} kinds in ${groups} group versions (${from}) into ${displayPath(r.outDir)}` +
      `${r.lockChanged ? `; ${displayPath(r.lockFile!)} updated` : ""}\n`,
  );
}
