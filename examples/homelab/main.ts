import { defineControlPlane } from "kiln";

export default defineControlPlane({
  name: "homelab",
  repoPath: "./examples/homelab/out",
  inputs: { cluster: "home", git: { url: "https://github.com/example/homelab", branch: "main" } },
  build({ inputs, cluster }) {
    const c = cluster(inputs.cluster);
    const sources = c.layer("sources");
    sources.add({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "flux-system" },
    });
    sources.add({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: "flux-system", namespace: "flux-system" },
      spec: { interval: "1m", url: inputs.git.url, ref: { branch: inputs.git.branch } },
    });
  },
});
