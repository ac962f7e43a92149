/**
 * FRP: one typed description of the tunnel from which both ends are generated — frpc in the
 * cluster (forwarding the VPS's ports 80/443 to Traefik) and frps on the VPS.
 */
import { namespaces } from "./controllers.ts";
import { infisicalValue, type MaterializedSecret } from "./secrets.ts";

/** The shared frp auth token: materialized in-cluster for frpc, never written to Git. */
export const frpToken: MaterializedSecret = {
  name: "frp-token",
  namespace: namespaces.frp,
  data: { token: infisicalValue("FRP_TOKEN") },
};
