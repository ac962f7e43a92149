/** Type-checks files with the repository's compiler options (strict, noUncheckedIndexedAccess, verbatimModuleSyntax). */
import path from "node:path";
import ts from "typescript";
import { ROOT } from "../helpers/env.ts";

/**
 * Diagnostics (as `file:line: message`) for files under `dir`. `kiln` resolves to the real
 * module that defines ObjectMeta and KubeObject (all generated code needs from kiln), which keeps
 * the program small: checking the whole public API would triple the time.
 */
export function typecheck(dir: string, files: string[]): string[] {
  const cfg = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { kiln: [path.join(ROOT, "src/core/identity.ts")] },
  };
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(dir))
    .map((d) => {
      const pos = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.relative(dir, d.file!.fileName)}:${pos.line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}
