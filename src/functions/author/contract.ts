/**
 * The contract between a kiln composition function and everything that runs one (the gRPC
 * server, `kiln render`, `kiln simulate`): a named object with an async `run` over the
 * Crossplane protocol's own request/response types. The step API builds these; runners only
 * call `run`, so they work for any function that honours the contract.
 */
import type { RunFunctionRequest, RunFunctionResponse } from "@crossplane-org/function-sdk-typescript";

export const KILN_FUNCTION = "kiln.dev/Function" as const;

export interface KilnFunction {
  readonly kind: typeof KILN_FUNCTION;
  /** The Function's name as referenced by a Composition's `functionRef.name`. */
  readonly name: string;
  /** JSON Schema of the step input, when declared with one (`kiln fn package` writes its CRD). */
  readonly inputSchema?: object;
  /**
   * Runs one RunFunction call. Must not throw for user errors: a failing step becomes a FATAL
   * result in the response. Runners still guard against throws.
   */
  run(req: RunFunctionRequest): Promise<RunFunctionResponse>;
}

export function isKilnFunction(v: unknown): v is KilnFunction {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as { kind?: unknown }).kind === KILN_FUNCTION &&
    typeof (v as { run?: unknown }).run === "function"
  );
}
