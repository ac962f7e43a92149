/**
 * `kiln/import`: CRD import from a script — pinned sources → TypeScript types, the schema model
 * and compiled validators (docs/import.md). The project config (`defineConfig`) is in `kiln`.
 */
export {
  type ImportOptions,
  type ImportResult,
  importAdHoc,
  importProject,
  loadImportedSchemas,
  type ProjectRef,
  uncheckedKinds,
} from "./project.ts";
export {
  compileValidator,
  coreSchemas,
  crdSchemasFromText,
  type KindSchema,
  type SchemaIssue,
  SchemaSet,
} from "./validator.ts";
