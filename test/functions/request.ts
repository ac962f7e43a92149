/** Builds RunFunctionRequests the way Crossplane sends them, for step-level tests. */
import { Ready, type Resource, type RunFunctionRequest } from "@crossplane-org/function-sdk-typescript";

export interface RequestParts {
  xr?: Record<string, unknown> | null;
  observed?: Record<string, Record<string, unknown>>;
  desired?: Record<string, Record<string, unknown>>;
  input?: Record<string, unknown>;
  context?: Record<string, unknown>;
  tag?: string;
}

const res = (r: Record<string, unknown>): Resource => ({
  resource: r,
  connectionDetails: {},
  ready: Ready.READY_UNSPECIFIED,
});

export function request(p: RequestParts = {}): RunFunctionRequest {
  const xr =
    p.xr === null
      ? undefined
      : res(
          p.xr ?? {
            apiVersion: "example.org/v1",
            kind: "XThing",
            metadata: { name: "x", namespace: "default" },
            spec: {},
          },
        );
  return {
    meta: { tag: p.tag ?? "t1", capabilities: [] },
    observed: {
      composite: xr,
      resources: Object.fromEntries(Object.entries(p.observed ?? {}).map(([k, v]) => [k, res(v)])),
    },
    desired: {
      composite: undefined,
      resources: Object.fromEntries(Object.entries(p.desired ?? {}).map(([k, v]) => [k, res(v)])),
    },
    input: p.input,
    context: p.context,
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
}

/** A managed resource as a provider reports it, with a Ready condition. */
export function managed(
  kind: string,
  ready: boolean | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: "example.org/v1",
    kind,
    metadata: {
      name: kind.toLowerCase(),
      uid: "u-1",
      resourceVersion: "42",
      annotations: { "crossplane.io/composition-resource-name": kind.toLowerCase() },
    },
    spec: { forProvider: { a: 1 } },
    status: {
      ...(ready === undefined
        ? {}
        : {
            conditions: [
              { type: "Ready", status: ready ? "True" : "False", reason: ready ? "Available" : "Creating" },
            ],
          }),
      ...extra,
    },
  };
}
