/**
 * FRP: one typed description of the tunnel from which both ends are generated — frpc in the
 * cluster, forwarding the VPS's public ports 80/443 to Traefik, and frps on the VPS (cloud-init
 * user-data for the Droplet, and a NixOS `services.frp` module for the custom image). TCP
 * proxies keep TLS end to end: Traefik terminates it with cert-manager's certificates.
 */
import { KilnError, type KubeObject } from "kiln";
import {
  checkFrpPair,
  defineFrpc,
  defineFrps,
  emitFrpsToml,
  type FrpcConfig,
  type FrpsConfig,
  frpcWorkload,
  frpEnv,
  frpsNixosModule,
  tcpProxy,
} from "kiln/frp";
import { namespaces, traefikService } from "./controllers.ts";
import type { ClusterInputs } from "./inputs.ts";
import { type MaterializedSecret, storeValue } from "./secrets.ts";

/** The shared frp auth token: materialized in-cluster for frpc, never written to Git. */
export const frpToken: MaterializedSecret = {
  name: "frp-token",
  namespace: namespaces.frp,
  data: { token: [storeValue("FRP_TOKEN")] },
};

/** Where frps on the VPS reads FRP_TOKEN from (a systemd EnvironmentFile). */
export const FRPS_ENV_FILE = "/var/lib/frp/frps.env";

export interface Tunnel {
  client: FrpcConfig;
  server: FrpsConfig;
}

/** Both ends of the tunnel, from the cluster's inputs; each is checked as frpc/frps verify would. */
export function tunnel(inputs: ClusterInputs): Tunnel {
  const { frp, domain } = inputs;
  const token = frpEnv("FRP_TOKEN");
  const client = defineFrpc({
    // The gateway's DNS records point the apex at the VPS once the Droplet has an address.
    serverAddr: domain,
    serverPort: frp.bindPort,
    auth: { method: "token", token },
    // frpc starts before the VPS exists; it must keep retrying instead of exiting.
    loginFailExit: false,
    proxies: [
      tcpProxy({
        name: "web",
        localIP: traefikService.host,
        localPort: traefikService.web,
        remotePort: frp.httpPort,
      }),
      tcpProxy({
        name: "websecure",
        localIP: traefikService.host,
        localPort: traefikService.websecure,
        remotePort: frp.httpsPort,
      }),
    ],
  });
  const server = defineFrps({
    bindPort: frp.bindPort,
    auth: { method: "token", token },
    allowPorts: [{ single: frp.httpPort }, { single: frp.httpsPort }],
  });
  const problems = checkFrpPair(client, server).filter((d) => d.severity === "error");
  if (problems.length) throw new KilnError("frpc and frps configs do not fit together", {}, problems);
  return { client, server };
}

/** frpc in the cluster: ConfigMap + Deployment, FRP_TOKEN from the materialized Secret. */
export function frpcObjects(t: Tunnel, inputs: ClusterInputs): KubeObject[] {
  return frpcWorkload({
    config: t.client,
    namespace: namespaces.frp,
    image: `fatedier/frpc:${inputs.versions.frpc}`,
    secretEnv: { FRP_TOKEN: { secret: frpToken.name, key: "token" } },
  }).objects;
}

/**
 * frps.toml for the VPS. It travels in the Gateway XR's spec; the gateway function writes it
 * through the Droplet's user-data, where the image's frps service reads it with FRPS_ENV_FILE.
 */
export const frpsToml = (t: Tunnel) => emitFrpsToml(t.server);

/** The same server for the custom NixOS image, as a `services.frp.instances.frps` module. */
export const frpsNixos = (t: Tunnel) =>
  frpsNixosModule({ config: t.server, environmentFiles: [FRPS_ENV_FILE] });
