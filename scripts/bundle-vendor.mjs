// After `tsc`: bundles dist/core/cel-vendor.js (re-exports of @bufbuild/cel and
// @bufbuild/re2) into one file in place; see src/core/cel-vendor.ts for why.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const file = "dist/core/cel-vendor.js";
await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
// tsc's source map described the re-exports, not the bundle.
rmSync(`${file}.map`, { force: true });
