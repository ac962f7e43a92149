import { formatError, isKilnError, isUsageError } from "../core/errors.ts";

/** Prints an error the way a user should see it and returns the exit code. */
export function handleError(e: unknown): number {
  if (isKilnError(e)) {
    process.stderr.write(`error: ${formatError(e)}\n`);
    return 1;
  }
  if (isUsageError(e)) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`internal error: ${err.stack ?? err.message}\nPlease report this as a kiln bug.\n`);
  return 2;
}

/** Collects repeatable flags (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
