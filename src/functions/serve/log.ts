/**
 * Structured JSON logs for the function server (pino, the logger the SDK uses). Levels are
 * written as `severity` as Crossplane's own functions do. Request content is never passed to the
 * logger; the redaction list is a second line of defence should a field ever be added.
 */
import { type DestinationStream, type Logger, pino } from "pino";

/** Creates the server logger writing JSON lines to `dest` (stderr by default). */
export function functionLogger(opts: { debug?: boolean; dest?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.debug ? "debug" : "info",
      base: undefined,
      formatters: { level: (label) => ({ severity: label.toUpperCase() }) },
      redact: {
        paths: [
          "credentials",
          "*.credentials",
          "connectionDetails",
          "*.connectionDetails",
          "token",
          "*.token",
        ],
        censor: "[redacted]",
      },
    },
    opts.dest ?? pino.destination(2),
  );
}
