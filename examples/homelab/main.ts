/**
 * The reference control plane: Git → Flux → Kubernetes → Crossplane → DigitalOcean, with an frp
 * tunnel from a DigitalOcean VPS to Traefik in a cluster behind NAT. One output tree per cluster
 * under `out/clusters/<name>/`; see README.md for the architecture and how to bring it up.
 *
 *   npx kiln build examples/homelab
 */
import { defineControlPlane, type KubeObject } from "kiln";
import { controllers, namespaceObjects, namespaces } from "./controllers.ts";
import { crossplanePackages, providerConfig } from "./crossplane.ts";
import { chartRepositories, fluxSync } from "./flux.ts";
import { frpcObjects, frpsNixos, frpsToml, frpToken, tunnel } from "./frp.ts";
import { choices, clusterInputs, inputs } from "./inputs.ts";
import { gatewayPlatform, gatewayXr } from "./platform.ts";
import { materializedSecret, onePasswordStore } from "./secrets.ts";
import { clusterIssuer } from "./tls.ts";

/** Path of the output folder inside this repository: Flux reads the clusters from here. */
export const REPO_PATH = "./examples/homelab/out";

/**
 * Flux reads Crossplane objects' health from their own conditions: packages report `Healthy`,
 * XRDs `Established` (neither has the `Ready` condition kstatus looks for).
 */
const condition = (apiVersion: string, kind: string, type: string) => ({
  apiVersion,
  kind,
  current: `status.conditions.exists(e, e.type == '${type}' && e.status == 'True')`,
});

export default defineControlPlane({
  name: "homelab",
  repoPath: REPO_PATH,
  inputs,
  choices,
  build(ctx) {
    for (const name of Object.keys(ctx.inputs.clusters).sort()) {
      const cfg = clusterInputs(ctx.inputs, name);
      const c = ctx.cluster(name);
      fluxSync(c, cfg, `${REPO_PATH}/clusters/${name}`);

      const sources = c.layer("sources", { dependsOn: ["flux"] });
      sources.add(...namespaceObjects(cfg));
      chartRepositories(sources, cfg);

      const ctrl = c.layer("controllers", { dependsOn: [sources] });
      controllers(ctrl, cfg);

      const configObjects: KubeObject[] = [clusterIssuer(cfg)];
      if (cfg.secrets.provider === "external-secrets") configObjects.push(onePasswordStore(cfg));
      if (cfg.features.gateway)
        configObjects.push(...crossplanePackages(cfg), materializedSecret(frpToken, cfg));
      const configs = c.layer("configs", {
        dependsOn: [ctrl],
        kustomization: cfg.features.gateway
          ? {
              healthCheckExprs: [
                condition("pkg.crossplane.io/v1", "Provider", "Healthy"),
                condition("pkg.crossplane.io/v1", "Function", "Healthy"),
              ],
            }
          : {},
      });
      configs.add(...configObjects);
      if (!cfg.features.gateway) continue;

      const platform = c.layer("platform", {
        dependsOn: [configs],
        kustomization: {
          healthCheckExprs: [
            condition("apiextensions.crossplane.io/v2", "CompositeResourceDefinition", "Established"),
          ],
        },
      });
      platform.add(providerConfig(), ...gatewayPlatform());

      const t = tunnel(cfg);
      const xr = gatewayXr(cfg, frpsToml(t));
      // The first Droplet takes minutes: Flux checks frpc and the Gateway instead of every object.
      const apps = c.layer("apps", {
        dependsOn: [platform],
        kustomization: {
          wait: false,
          timeout: "30m",
          healthChecks: [
            { apiVersion: "apps/v1", kind: "Deployment", name: "frpc", namespace: namespaces.frp },
            {
              apiVersion: xr.apiVersion,
              kind: xr.kind,
              name: xr.metadata.name,
              namespace: xr.metadata.namespace,
            },
          ],
        },
      });
      apps.app("gateway").add(xr);
      apps.app("frpc").add(...frpcObjects(t, cfg));
      // For the custom NixOS image: the same frps, as a module (not applied to the cluster).
      ctx.file(`nixos/${name}/frps.nix`, frpsNixos(t));
    }
  },
});
