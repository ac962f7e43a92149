/**
 * Environment references: the one way a secret reaches an frp config. `frpEnv("FRP_TOKEN")` is
 * emitted as `{{ .Envs.FRP_TOKEN }}`, which frp renders from its process environment at start-up
 * (pkg/config/load.go, RenderWithTemplate), so the token lives only in a Secret or an env file.
 */
import { KilnError } from "../core/errors.ts";
import type { FrpEnvRef } from "./types.ts";

const GO_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * References the environment variable `name` from an frp config. The name must be a Go identifier
 * (frp's template syntax `.Envs.NAME` allows nothing else).
 */
export function frpEnv(name: string): FrpEnvRef {
  if (!GO_IDENT.test(name)) {
    throw new KilnError(
      `frpEnv: "${name}" is not a valid environment variable name for frp templates (letters, digits, _)`,
    );
  }
  return Object.freeze({ kind: "frpEnv", name });
}

export function isFrpEnvRef(v: unknown): v is FrpEnvRef {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "frpEnv";
}

/** The template text frp renders for a reference. */
export function frpEnvTemplate(ref: FrpEnvRef): string {
  return `{{ .Envs.${ref.name} }}`;
}
