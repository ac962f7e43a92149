/**
 * The CRDs this control plane uses, pinned by commit (and by sha256 in kiln.lock). `kiln build`
 * imports them into `.kiln/imports` (gitignored) and validates the output against them; with
 * `KILN_MIRROR=../shared/mirror` no network is needed.
 */
import { defineConfig } from "kiln";

const flux = {
  source:
    "https://raw.githubusercontent.com/fluxcd/source-controller/39b711b111fa906c3db0a424e252a5d12e48646d/config/crd/bases",
  kustomize:
    "https://raw.githubusercontent.com/fluxcd/kustomize-controller/186fb3b29138ce82ff61ba1a9370b96a3dd598fe/config/crd/bases",
  helm: "https://raw.githubusercontent.com/fluxcd/helm-controller/0f61a8607a62be64638f2f912d9487e653960a6e/config/crd/bases",
};
const crossplane =
  "https://raw.githubusercontent.com/crossplane/crossplane/2d040d2daf4e001799c4154a4a09b9e1f40d7fde/cluster/crds";
const digitalocean =
  "https://raw.githubusercontent.com/crossplane-contrib/provider-upjet-digitalocean/31576ddca2df1fbac8799e5f3bbe9b803b8a3591/package/crds";
const certManager =
  "https://raw.githubusercontent.com/cert-manager/cert-manager/2d0d7f7f74241a9cbf79f0e2a7bb247238ee09fd/deploy/crds";
const infisical =
  "https://raw.githubusercontent.com/Infisical/kubernetes-operator/8a8a6c7ba4b0d28a16db2e9d4c2972775d9ce57b/config/crd/bases";

export default defineConfig({
  crds: [
    `${flux.source}/source.toolkit.fluxcd.io_gitrepositories.yaml`,
    `${flux.source}/source.toolkit.fluxcd.io_helmrepositories.yaml`,
    `${flux.source}/source.toolkit.fluxcd.io_ocirepositories.yaml`,
    `${flux.kustomize}/kustomize.toolkit.fluxcd.io_kustomizations.yaml`,
    `${flux.helm}/helm.toolkit.fluxcd.io_helmreleases.yaml`,
    `${crossplane}/pkg.crossplane.io_providers.yaml`,
    `${crossplane}/pkg.crossplane.io_functions.yaml`,
    `${crossplane}/apiextensions.crossplane.io_compositeresourcedefinitions.yaml`,
    `${crossplane}/apiextensions.crossplane.io_compositions.yaml`,
    // The namespaced (Crossplane v2) DigitalOcean kinds: the provider config and what the gateway composes.
    `${digitalocean}/digitalocean.m.crossplane.io_clusterproviderconfigs.yaml`,
    `${digitalocean}/digitalocean.m.crossplane.io_providerconfigs.yaml`,
    `${digitalocean}/custom.digitalocean.m.crossplane.io_images.yaml`,
    `${digitalocean}/droplet.digitalocean.m.crossplane.io_droplets.yaml`,
    `${digitalocean}/dns.digitalocean.m.crossplane.io_domains.yaml`,
    `${digitalocean}/dns.digitalocean.m.crossplane.io_records.yaml`,
    `${certManager}/cert-manager.io_clusterissuers.yaml`,
    `${infisical}/secrets.infisical.com_infisicalsecrets.yaml`,
  ],
});
