/**
 * The request the benchmark sends: the gateway XR with all five composed resources observed and
 * Ready, i.e. the steady state Crossplane re-sends on every reconcile. Built by running the real
 * function stage by stage and turning its desired resources into observed ones.
 */
import {
  Ready,
  type RunFunctionRequest,
  type RunFunctionResponse,
} from "@crossplane-org/function-sdk-typescript";
import gateway from "../../examples/homelab/platform/function.ts";
import { gatewayComposition } from "../../examples/homelab/platform/gateway.ts";

const xr = {
  apiVersion: "platform.kiln.dev/v1alpha1",
  kind: "Gateway",
  metadata: { name: "edge", namespace: "platform", uid: "2b7c5a1e-0000-4000-8000-000000000001" },
  spec: {
    domain: "example.org",
    region: "fra1",
    size: "s-1vcpu-1gb",
    imageUrl: "https://example.org/nixos-gateway.qcow2.gz",
    sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
    frpsConfig: 'bindPort = 7000\nvhostHTTPPort = 80\nvhostHTTPSPort = 443\nauth.method = "token"\n',
  },
};
const input = (
  gatewayComposition("kiln-gateway").spec as { pipeline: Array<{ input: Record<string, unknown> }> }
).pipeline[0]!.input;
const AT: Record<string, Record<string, unknown>> = {
  image: { imageId: 187654321, status: "available" },
  droplet: { id: "4242", ipv4Address: "203.0.113.10", status: "active" },
};

function req(observed: Record<string, Record<string, unknown>>): RunFunctionRequest {
  return {
    meta: { tag: "bench", capabilities: [] },
    observed: {
      composite: { resource: xr, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
      resources: Object.fromEntries(
        Object.entries(observed).map(([k, v]) => [
          k,
          { resource: v, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
        ]),
      ),
    },
    desired: { composite: undefined, resources: {} },
    input,
    context: {},
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
}

function observe(rsp: RunFunctionResponse, into: Record<string, Record<string, unknown>>): void {
  for (const [name, r] of Object.entries(rsp.desired!.resources)) {
    if (into[name]) continue;
    into[name] = {
      ...r.resource,
      metadata: {
        name: `edge-${name}-x7k2p`,
        namespace: "platform",
        uid: `uid-${name}`,
        resourceVersion: "1",
        annotations: { "crossplane.io/composition-resource-name": name },
      },
      status: {
        atProvider: AT[name] ?? {},
        conditions: [{ type: "Ready", status: "True", reason: "Available" }],
      },
    };
  }
}

/** The converged gateway request. */
export async function convergedRequest(): Promise<RunFunctionRequest> {
  const observed: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < 4; i++) observe(await gateway.run(req(observed)), observed);
  if (Object.keys(observed).length !== 5)
    throw new Error(`gateway did not converge: ${Object.keys(observed)}`);
  return req(observed);
}
