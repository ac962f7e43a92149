/**
 * String and number formats with Kubernetes meaning, as ajv Format values (closure-validator.ts
 * runs them as ajv does). Most come from ajv-formats; two
 * differ from the JSON Schema meaning and are defined here: `duration` is a Go
 * `time.ParseDuration` string ("1h30m", not ISO 8601 "PT1H30M") and `quantity` is a
 * resource.Quantity ("500m", "1.5Gi", "1e3"). Formats Kubernetes does not know are dropped by the
 * schema translation (the apiserver ignores them too).
 */
import type { Format } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";

/** Go's time.ParseDuration grammar: a sign, then one or more decimal numbers with a unit. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
/** resource.Quantity's grammar (k8s.io/apimachinery/pkg/api/resource). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;

const fromAjv = [
  "int32",
  "float",
  "double",
  "byte",
  "date",
  "date-time",
  "uri",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
  "password",
] as const;

/** Every format kiln's validators check, by name. */
export const formats: Record<string, Format> = {
  ...Object.fromEntries(fromAjv.map((n) => [n, fullFormats[n] as Format])),
  // ajv-formats' int64 only checks for an integer; Kubernetes' int64 has a range.
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63 },
  duration: GO_DURATION,
  quantity: QUANTITY,
};
