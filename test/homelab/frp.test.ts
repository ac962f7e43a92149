/**
 * The tunnel's two ends come from one typed description; here they are checked the way frp would
 * check the files it is given: the frpc.toml the cluster mounts and the frps.toml the VPS's
 * user-data writes are loaded back, verified, and cross-checked as a pair.
 */
import path from "node:path";
import { type KubeObject, parseYamlDocuments, renderControlPlane } from "kiln";
import { checkFrpPair, loadFrpc, loadFrps, verifyFrpcText, verifyFrpsText } from "kiln/frp";
import { resources } from "kiln/testing";
import { describe, expect, it } from "vitest";
import { FRPS_ENV_FILE, frpsNixos, tunnel } from "../../examples/homelab/frp.ts";
import { clusterInputs, inputs } from "../../examples/homelab/inputs.ts";
import { userData } from "../../examples/homelab/platform/function.ts";
import { versions } from "../../examples/homelab/versions.ts";
import { ROOT } from "../helpers/env.ts";

const { graph } = await renderControlPlane(path.join(ROOT, "examples/homelab"));
const ENV = { FRP_TOKEN: "not-a-real-token" };

for (const cluster of Object.keys(inputs.clusters)) {
  describe(`frp in cluster ${cluster}`, () => {
    const cfg = clusterInputs(inputs, cluster);
    const t = tunnel(cfg);
    const set = resources(graph).inUnit(cluster);
    const configMap = set.ofKind("v1/ConfigMap").named("frpc").one() as KubeObject & {
      data: Record<string, string>;
    };
    const clientToml = configMap.data["frpc.toml"]!;
    // The frps config travels in the Gateway XR; the gateway function puts it in the Droplet's user-data.
    const xr = set.ofKind("Gateway").one() as KubeObject & { spec: { frpsConfig: string } };
    const cloudConfig = parseYamlDocuments(userData(xr.spec.frpsConfig), "user-data")[0]!.value as {
      write_files: Array<{ path: string; content: string }>;
    };
    const serverToml = cloudConfig.write_files.find((f) => f.path === "/etc/frp/frps.toml")!.content;

    it("the mounted frpc.toml passes frpc verify", () => {
      const r = verifyFrpcText(clientToml, { file: "frpc.toml", env: ENV });
      expect(r.errors).toEqual([]);
      expect(r.output).toContain("syntax is ok");
    });

    it("the frps.toml the Droplet's user-data writes passes frps verify", () => {
      const r = verifyFrpsText(serverToml, { file: "frps.toml", env: ENV });
      expect(r.errors).toEqual([]);
      expect(r.output).toContain("syntax is ok");
    });

    it("the loaded pair passes every cross-check, without warnings", () => {
      const client = loadFrpc(clientToml, { file: "frpc.toml", env: ENV });
      const server = loadFrps(serverToml, { file: "frps.toml", env: ENV });
      expect(checkFrpPair(client.config, server.config)).toEqual([]);
      expect(checkFrpPair(t.client, t.server)).toEqual([]);
    });

    it("a client pointed at another port would be caught", () => {
      const d = checkFrpPair({ ...t.client, serverPort: cfg.frp.bindPort + 1 }, t.server);
      expect(d.filter((x) => x.severity === "error").length).toBeGreaterThan(0);
    });

    it("forwards the VPS's 80/443 to Traefik's Service", () => {
      expect(
        t.client.proxies?.map((p) => [
          p.type,
          (p as { remotePort?: number }).remotePort,
          p.localIP,
          p.localPort,
        ]),
      ).toEqual([
        ["tcp", 80, "traefik.traefik.svc.cluster.local", 80],
        ["tcp", 443, "traefik.traefik.svc.cluster.local", 443],
      ]);
    });

    it("frpc runs the pinned image with its token from the Infisical-made Secret", () => {
      const deploy = set.ofKind("apps/v1/Deployment").named("frpc").one() as KubeObject & { spec: any };
      const container = deploy.spec.template.spec.containers[0];
      expect(container.image).toBe(`fatedier/frpc:${versions.frpc}`);
      expect(container.args).toEqual(["-c", "/etc/frp/frpc.toml"]);
      expect(container.env).toEqual([
        { name: "FRP_TOKEN", valueFrom: { secretKeyRef: { name: "frp-token", key: "token" } } },
      ]);
      const materialized = set
        .ofKind("InfisicalSecret")
        .inNamespace("frp")
        .objects()
        .flatMap((s) => (s.spec as any).managedKubeSecretReferences.map((m: any) => m.secretName));
      expect(materialized).toEqual(["frp-token"]);
    });

    it("the token is a template in every artifact, never a value", () => {
      for (const text of [clientToml, serverToml, frpsNixos(t)]) {
        expect(text).toContain("{{ .Envs.FRP_TOKEN }}");
        expect(text).not.toContain(ENV.FRP_TOKEN);
      }
      expect(frpsNixos(t)).toContain(`"${FRPS_ENV_FILE}"`);
      expect(graph.artifacts.get(`nixos/${cluster}/frps.nix`)).toBe(frpsNixos(t));
    });
  });
}
