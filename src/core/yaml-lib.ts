/**
 * The `yaml` package, loaded on first use: loading it is costly (docs/benchmarks.md), and most
 * runs read with js-yaml and write with kiln's own emitter without it. Used by core's reader
 * (yaml.ts) and emitter (yaml-emit.ts), and by sops' YAML store, which needs the document tree.
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  yamlModule ??= require("yaml") as typeof Yaml;
  return yamlModule;
}
