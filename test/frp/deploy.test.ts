/** Deployment renderers: frpc in Kubernetes, frps through cloud-init and NixOS. */

import { KilnError } from "kiln";
import {
  defineFrpc,
  defineFrps,
  FRPC_IMAGE,
  frpcWorkload,
  frpEnv,
  frpsCloudInit,
  frpsNixosModule,
  tcpProxy,
  verifyFrpcText,
  verifyFrpsText,
} from "kiln/frp";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const client = defineFrpc({
  serverAddr: "gw.example.com",
  serverPort: 7000,
  auth: { token: frpEnv("FRP_TOKEN") },
  proxies: [
    tcpProxy({ name: "web", localIP: "traefik.traefik.svc", localPort: 80, remotePort: 80 }),
    tcpProxy({ name: "websecure", localIP: "traefik.traefik.svc", localPort: 443, remotePort: 443 }),
  ],
});
const server = defineFrps({
  bindPort: 7000,
  auth: { token: frpEnv("FRP_TOKEN") },
  allowPorts: [{ single: 80 }, { single: 443 }],
});
const secretEnv = { FRP_TOKEN: { secret: "frp-token", key: "token" } };

describe("frpcWorkload", () => {
  const w = frpcWorkload({ config: client, namespace: "frp", secretEnv });

  it("renders a ConfigMap and a Deployment that Kubernetes' schemas accept", () => {
    expect(w.objects.map((o) => o.kind)).toEqual(["ConfigMap", "Deployment"]);
    new ConfigMap(w.configMap as never).validate();
    new Deployment(w.workload as never).validate();
  });

  it("runs the pinned image with -c /etc/frp/frpc.toml and mounts the config there", () => {
    const pod = (w.workload.spec as any).template.spec;
    expect(pod.containers[0].image).toBe(FRPC_IMAGE);
    expect(FRPC_IMAGE).toBe("fatedier/frpc:v0.70.1");
    expect(pod.containers[0].args).toEqual(["-c", "/etc/frp/frpc.toml"]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: "config", mountPath: "/etc/frp", readOnly: true },
    ]);
    expect(pod.volumes).toEqual([{ name: "config", configMap: { name: "frpc" } }]);
  });

  it("takes the token from the Secret through the environment, never as a value", () => {
    const c = (w.workload.spec as any).template.spec.containers[0];
    expect(c.env).toEqual([
      { name: "FRP_TOKEN", valueFrom: { secretKeyRef: { name: "frp-token", key: "token" } } },
    ]);
    const toml = (w.configMap.data as Record<string, string>)["frpc.toml"]!;
    expect(toml).toContain('token = "{{ .Envs.FRP_TOKEN }}"');
    expect(verifyFrpcText(toml, { file: "frpc.toml", env: { FRP_TOKEN: "x" } }).ok).toBe(true);
  });

  it("rolls pods when the config changes, and is deterministic otherwise", () => {
    const hash = (x: typeof w) =>
      (x.workload.spec as any).template.metadata.annotations["kiln.dev/config-sha256"];
    expect(hash(frpcWorkload({ config: client, namespace: "frp", secretEnv }))).toBe(hash(w));
    const changed = frpcWorkload({ config: { ...client, serverPort: 7001 }, namespace: "frp", secretEnv });
    expect(hash(changed)).not.toBe(hash(w));
  });

  it("renders a DaemonSet on request, with its own image", () => {
    const d = frpcWorkload({
      config: client,
      namespace: "frp",
      secretEnv,
      kind: "DaemonSet",
      image: "registry.local/frpc:v0.70.1",
    });
    new DaemonSet(d.workload as never).validate();
    expect((d.workload.spec as any).replicas).toBeUndefined();
    expect((d.workload.spec as any).template.spec.containers[0].image).toBe("registry.local/frpc:v0.70.1");
  });

  it("refuses a referenced variable without a Secret, and a literal token", () => {
    expect(() => frpcWorkload({ config: client, namespace: "frp", secretEnv: {} })).toThrow(
      /no secretEnv entry for \$FRP_TOKEN/,
    );
    const literal = { ...client, auth: { token: "plaintext-token" } };
    let error: unknown;
    try {
      frpcWorkload({ config: literal, namespace: "frp", secretEnv });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KilnError);
    expect((error as Error).message).toMatch(/^literal secret in frpc config: auth\.token/);
    expect((error as Error).message).not.toContain("plaintext-token");
  });
});

describe("frps for the VPS", () => {
  it("writes frps.toml through cloud-init user-data", () => {
    const userData = frpsCloudInit({ config: server, runcmd: [["systemctl", "restart", "frps"]] });
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    const doc = parseYaml(userData);
    expect(doc.write_files[0]).toMatchObject({ path: "/etc/frp/frps.toml", permissions: "0640" });
    expect(doc.runcmd).toEqual([["systemctl", "restart", "frps"]]);
    expect(
      verifyFrpsText(doc.write_files[0].content, { file: "frps.toml", env: { FRP_TOKEN: "x" } }).output,
    ).toBe("frps: the configuration file frps.toml syntax is ok\n");
  });

  it("renders a services.frp.instances NixOS snippet with settings and environmentFiles", () => {
    const nix = frpsNixosModule({
      config: {
        ...server,
        custom404Page: '/srv/"404".html',
        subDomainHost: ["$", "{not.interpolated}"].join(""),
      },
      instance: "gateway",
      environmentFiles: ["/run/secrets/frps.env"],
    });
    expect(nix).toBe(
      [
        "{",
        "  services.frp.instances.gateway = {",
        "    enable = true;",
        '    role = "server";',
        "    settings = {",
        "      auth = {",
        '        token = "{{ .Envs.FRP_TOKEN }}";',
        "      };",
        "      bindPort = 7000;",
        `      subDomainHost = "\\\${not.interpolated}";`,
        '      custom404Page = "/srv/\\"404\\".html";',
        "      allowPorts = [",
        "        {",
        "          single = 80;",
        "        }",
        "        {",
        "          single = 443;",
        "        }",
        "      ];",
        "    };",
        "    environmentFiles = [",
        '      "/run/secrets/frps.env"',
        "    ];",
        "  };",
        "}",
        "",
      ].join("\n"),
    );
  });
});
