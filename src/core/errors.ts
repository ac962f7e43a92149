/**
 * Errors are values with a location; they become text only at the edge (CLI, reporters).
 * A `KilnError` is a user-facing failure: the CLI prints its message without a stack and exits 1.
 */

/** Where a problem was found. Every field is optional; the more the better. */
export interface Location {
  /** File path, as the user would type it (relative to the working directory when possible). */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** JSON path inside the object, e.g. `spec.chart.spec.version` or `spec.rules[0].host`. */
  path?: string;
  /** The resource identity, e.g. `HelmRelease flux-system/traefik`. */
  resource?: string;
}

export type Severity = "error" | "warning" | "info";

/** One finding: a located message with a severity and an optional rule id. */
export interface Diagnostic extends Location {
  severity: Severity;
  message: string;
  /** Short stable id of the check that produced it, e.g. `schema`, `cel`, `ref/dependsOn`. */
  rule?: string;
}

/** A failure caused by the user's input: printed without a stack trace, exit code 1. */
export class KilnError extends Error {
  override readonly name = "KilnError";
  readonly location: Location;
  readonly diagnostics: Diagnostic[];
  constructor(message: string, location: Location = {}, diagnostics: Diagnostic[] = []) {
    super(message);
    this.location = location;
    this.diagnostics = diagnostics;
  }
}

/** A failure caused by how the command was called (bad flags, missing args): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** True for errors that carry a user-facing message (no stack should be shown). */
export function isKilnError(e: unknown): e is KilnError {
  return e instanceof Error && (e as { name?: string }).name === "KilnError";
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && (e as { name?: string }).name === "UsageError";
}

/**
 * An error as it crosses a thread boundary (a structured clone keeps neither the class nor the
 * location): a KilnError keeps its message, location and diagnostics; any other error its message and stack.
 */
export type SerializedError =
  | { kiln: true; message: string; location: Location; diagnostics: Diagnostic[] }
  | { kiln: false; usage?: true; message: string; stack?: string };

export function serializeError(e: unknown): SerializedError {
  if (isKilnError(e))
    return { kiln: true, message: e.message, location: e.location, diagnostics: e.diagnostics };
  if (isUsageError(e)) return { kiln: false, usage: true, message: (e as Error).message };
  if (e instanceof Error) return { kiln: false, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { kiln: false, message: String(e) };
}

/** The error `serializeError` was made from: a KilnError again, or an Error with the worker's stack. */
export function deserializeError(s: SerializedError): Error {
  if (s.kiln) return new KilnError(s.message, s.location, s.diagnostics);
  if (s.usage) return new UsageError(s.message);
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}

/** Renders a location prefix such as `main.ts:12:5: HelmRelease flux-system/traefik: spec.chart:`. */
export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file) {
    let f = loc.file;
    if (loc.line !== undefined) f += `:${loc.line}`;
    if (loc.line !== undefined && loc.column !== undefined) f += `:${loc.column}`;
    parts.push(f);
  }
  if (loc.resource) parts.push(loc.resource);
  if (loc.path) parts.push(loc.path);
  return parts.join(": ");
}

/** One line per diagnostic: `error: file:line: resource: path: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  return `${d.severity}: ${where ? `${where}: ` : ""}${d.message}${d.rule ? ` [${d.rule}]` : ""}`;
}

/** Full message of a KilnError including its location. */
export function formatError(e: KilnError): string {
  const where = formatLocation(e.location);
  const head = where ? `${where}: ${e.message}` : e.message;
  const rest = e.diagnostics.map((d) => `  ${formatDiagnostic(d)}`);
  return [head, ...rest].join("\n");
}
