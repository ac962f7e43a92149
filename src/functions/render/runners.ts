/**
 * How `kiln render` reaches each Function of a pipeline. A Function is a kiln function when its
 * manifest names a TypeScript module (`kiln.dev/function-module`, relative to the file it is
 * in, or to the project a kiln output folder was built from) or `--function-module NAME=FILE` maps it; it then runs in-process. A Function annotated
 * `render.crossplane.io/runtime: Development` is called over gRPC at its development target,
 * as crank does. Anything else would need Docker, which kiln does not use: a clear error.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import {
  FunctionRunnerServiceService,
  fatal,
  RunFunctionRequest,
  RunFunctionResponse,
  to,
} from "@crossplane-org/function-sdk-typescript";
import {
  type Client,
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { KilnError, type Location } from "../../core/errors.ts";
import { OWNER_MARKER } from "../../core/fs.ts";
import type { KubeObject } from "../../core/identity.ts";
import { displayPath, findUp } from "../../core/paths.ts";
import { importUserModule } from "../../model/load.ts";
import { userCode } from "../../model/sandbox.ts";
import { isKilnFunction, type KilnFunction } from "../author/contract.ts";
import type { StepRunner } from "./pipeline.ts";

export const ANNOTATION_FUNCTION_MODULE = "kiln.dev/function-module";
export const ANNOTATION_RUNTIME = "render.crossplane.io/runtime";
export const ANNOTATION_DEVELOPMENT_TARGET = "render.crossplane.io/runtime-development-target";
/** crank's default Development target. */
export const DEFAULT_DEVELOPMENT_TARGET = "localhost:9443";

/** A Function manifest and where it was read from. */
export interface FunctionManifest {
  object: KubeObject;
  /** Where the manifest is, for messages. */
  location: Location;
  /** Folder that relative `kiln.dev/function-module` paths are resolved against. */
  baseDir: string;
}

export interface ResolveOptions {
  /** `--function-module NAME=FILE`: module files by Function name (win over annotations). */
  modules?: Readonly<Record<string, string>>;
}

/**
 * Runners for the named Functions (those the Composition references). Unreferenced Functions
 * are not resolved, so a functions.yaml shared with crank may list Docker-only Functions.
 */
export async function resolveRunners(
  manifests: readonly FunctionManifest[],
  names: Iterable<string>,
  opts: ResolveOptions = {},
): Promise<Map<string, StepRunner>> {
  const byName = new Map(manifests.map((m) => [m.object.metadata?.name ?? "", m]));
  const out = new Map<string, StepRunner>();
  try {
    for (const name of new Set(names)) {
      const m = byName.get(name);
      if (!m) continue;
      out.set(name, await runnerFor(m, opts));
    }
  } catch (e) {
    for (const r of out.values()) r.close?.();
    throw e;
  }
  return out;
}

async function runnerFor(m: FunctionManifest, opts: ResolveOptions): Promise<StepRunner> {
  const name = m.object.metadata?.name ?? "";
  const annotations = m.object.metadata?.annotations ?? {};
  const mapped = opts.modules?.[name];
  const annotated = annotations[ANNOTATION_FUNCTION_MODULE];
  if (mapped !== undefined || annotated !== undefined) {
    const file = mapped !== undefined ? path.resolve(mapped) : annotatedModule(m, annotated!, name);
    return kilnRunner(await loadKilnFunction(file, name, m.location), file);
  }
  if (annotations[ANNOTATION_RUNTIME] === "Development") {
    return grpcRunner(annotations[ANNOTATION_DEVELOPMENT_TARGET] || DEFAULT_DEVELOPMENT_TARGET);
  }
  const runtime = annotations[ANNOTATION_RUNTIME] ?? "Docker";
  throw new KilnError(
    `Function "${name}" is not a kiln function and uses the ${runtime} runtime, which kiln render does not run; ` +
      `annotate it with ${ANNOTATION_FUNCTION_MODULE}: <module.ts>, pass --function-module ${name}=<module.ts>, ` +
      `or run it yourself and annotate it with ${ANNOTATION_RUNTIME}: Development`,
    { ...m.location, resource: `Function ${name}` },
  );
}

/**
 * The module a `kiln.dev/function-module` annotation names: relative to the manifest's folder, or,
 * for a manifest kiln wrote (inside a folder with kiln's `.kiln-output` marker), relative to the
 * project that output was built from — the annotation is written as the user wrote it in the
 * project, and the default output folder sits inside the project. Not found: a located error
 * listing the places tried, never Node's module-resolution trace.
 */
function annotatedModule(m: FunctionManifest, annotated: string, name: string): string {
  const tried = [path.resolve(m.baseDir, annotated)];
  const marker = findUp(m.baseDir, OWNER_MARKER);
  if (marker) tried.push(path.resolve(path.dirname(path.dirname(marker)), annotated));
  const found = tried.find((f) => existsSync(f));
  if (found) return found;
  throw new KilnError(
    `Function "${name}": ${ANNOTATION_FUNCTION_MODULE}: ${annotated} names no file (tried ${tried.map((f) => displayPath(f)).join(", ")}); pass --function-module ${name}=<module.ts>`,
    { ...m.location, resource: `Function ${name}` },
  );
}

const imported = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Imports a module and picks the KilnFunction for `name`: the export whose `name` matches, or
 * the only KilnFunction the module exports.
 */
export async function loadKilnFunction(
  file: string,
  name: string,
  where: Location = {},
): Promise<KilnFunction> {
  // tsx evaluates a module afresh on every tsImport; once per file and process is enough.
  let pending = imported.get(file);
  if (!pending) {
    pending = importUserModule(file);
    imported.set(file, pending);
    pending.catch(() => imported.delete(file));
  }
  const mod = await pending;
  const found = new Map<string, KilnFunction>();
  for (const v of Object.values(mod)) if (isKilnFunction(v)) found.set(v.name, v);
  const exact = found.get(name);
  if (exact) return exact;
  if (found.size === 1) return [...found.values()][0]!;
  const listed = found.size
    ? `it exports ${[...found.keys()].sort().join(", ")}`
    : "it exports no kiln function";
  throw new KilnError(`module ${displayPath(file)} has no kiln function named "${name}" (${listed})`, {
    ...where,
    resource: `Function ${name}`,
  });
}

/**
 * Runs a kiln function in-process. The request and response go through the protobuf encoding,
 * so the function sees exactly what the gRPC server would hand it, and returns only what the
 * wire can carry. A throw becomes a FATAL result, as the server reports it.
 */
export function kilnRunner(fn: KilnFunction, file: string): StepRunner {
  const what = `kiln function "${fn.name}" in ${displayPath(file)}`;
  return {
    via: `kiln function in ${displayPath(file)}`,
    async run(req, deadline) {
      const wireReq = RunFunctionRequest.decode(RunFunctionRequest.encode(req).finish());
      let rsp: RunFunctionResponse;
      try {
        rsp = await withDeadline(
          userCode(what, () => fn.run(wireReq)),
          deadline,
        );
      } catch (e) {
        if ((e as Error).name === "DeadlineError") throw e;
        rsp = to(wireReq);
        fatal(rsp, e instanceof Error ? e.message : String(e));
      }
      let bytes: Uint8Array;
      try {
        bytes = RunFunctionResponse.encode(rsp).finish();
      } catch (e) {
        throw new Error(`the function returned a response that cannot be encoded: ${(e as Error).message}`);
      }
      return RunFunctionResponse.decode(bytes);
    },
  };
}

function withDeadline<T>(p: Promise<T>, deadline: Date): Promise<T> {
  const ms = deadline.getTime() - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const e = new Error("deadline exceeded (see --timeout)");
        e.name = "DeadlineError";
        reject(e);
      },
      Math.max(ms, 0),
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type RunFunctionClient = Client & {
  runFunction(
    req: RunFunctionRequest,
    md: Metadata,
    opts: { deadline: Date },
    cb: (err: ServiceError | null, rsp: RunFunctionResponse) => void,
  ): void;
};

// The SDK exports the service definition but not its generated client; grpc-js builds one from it.
const RunFunctionClient = makeGenericClientConstructor(FunctionRunnerServiceService, "FunctionRunnerService");

/** Calls a running Function over insecure gRPC, as crank's Development runtime does. */
export function grpcRunner(target: string): StepRunner {
  const client = new RunFunctionClient(target, credentials.createInsecure()) as unknown as RunFunctionClient;
  return {
    via: `gRPC ${target}`,
    run(req, deadline) {
      return new Promise((resolve, reject) => {
        client.runFunction(req, new Metadata(), { deadline }, (err, rsp) => {
          if (!err) return resolve(rsp);
          const hint =
            err.code === status.UNAVAILABLE ? ` (is the Function running at ${target} with --insecure?)` : "";
          reject(new Error(`${status[err.code] ?? err.code}: ${err.details || err.message}${hint}`));
        });
      });
    },
    close: () => client.close(),
  };
}
