// Writes src/validate/catalog-data.ts, the built-in catalog's pins, from the offline mirror's
// index (../shared/mirror/index.json): every CRD file of the catalog's projects, with its sha256
// (checked against the file) and size. JSON schemas in the mirror (Talos machine config, vcluster
// values, chainsaw's test schemas) are not CRDs and stay out.
// Run: node scripts/catalog-data.mjs [MIRROR] [--check]   (--check: exit 1 if the file would change)
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const check = args.includes("--check");
const mirror = path.resolve(args.find((a) => !a.startsWith("--")) ?? "../shared/mirror");
const index = JSON.parse(readFileSync(path.join(mirror, "index.json"), "utf8"));

/** Catalog projects by upstream repository, in the catalog's order. */
const PROJECTS = [
  ["crossplane/crossplane", "crossplane"],
  ["crossplane-contrib/provider-upjet-digitalocean", "provider-digitalocean"],
  ["fluxcd/source-controller", "flux"],
  ["fluxcd/kustomize-controller", "flux"],
  ["fluxcd/helm-controller", "flux"],
  ["fluxcd/notification-controller", "flux"],
  ["fluxcd/image-reflector-controller", "flux"],
  ["fluxcd/image-automation-controller", "flux"],
  ["fluxcd/source-watcher", "flux"],
  ["controlplaneio-fluxcd/flux-operator", "flux-operator"],
  ["cert-manager/cert-manager", "cert-manager"],
  ["traefik/traefik-helm-chart", "traefik"],
  ["Infisical/kubernetes-operator", "infisical"],
  ["external-secrets/external-secrets", "external-secrets"],
  ["argoproj/argo-cd", "argo-cd"],
  ["syntasso/kratix", "kratix"],
  ["kubernetes-sigs/gateway-api", "gateway-api"],
  ["prometheus-operator/prometheus-operator", "prometheus-operator"],
  ["kyverno/chainsaw", "chainsaw"],
];

const sources = [];
for (const [repo, project] of PROJECTS) {
  const bases = new Map();
  for (const e of index) {
    if (e.source !== repo) continue;
    const text = readFileSync(path.join(mirror, e.path));
    if (createHash("sha256").update(text).digest("hex") !== e.sha256)
      throw new Error(`${e.path}: sha256 differs from index.json`);
    if (!/^kind: CustomResourceDefinition$/m.test(text.toString("utf8"))) continue;
    const base = `${e.url.slice(0, e.url.lastIndexOf("/") + 1)}`;
    if (!bases.has(base)) bases.set(base, { version: e.describe, files: [] });
    const file = e.url.slice(base.length);
    const group = /^ {2}group: ["']?([^"'\s]+)/m.exec(text.toString("utf8"))?.[1];
    if (!group) throw new Error(`${e.path}: no spec.group`);
    // The group is stated only where the file name does not begin with it (`<group>_<plural>.yaml`).
    bases
      .get(base)
      .files.push(
        file.startsWith(`${group}_`) ? [file, e.sha256, e.bytes] : [file, e.sha256, e.bytes, group],
      );
  }
  for (const [base, { version, files }] of bases) {
    files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    sources.push({ project, repo, version, base, files });
  }
}

const q = (s) => JSON.stringify(s);
const out = [
  "/**",
  " * Built-in catalog of pinned upstream CRD sources for well-known projects (URL + sha256 of each file),",
  " * pinned to the commits in the offline mirror. Made by scripts/catalog-data.mjs from",
  " * ../shared/mirror/index.json (do not edit by hand); kiln resolves each file through cache → mirror →",
  " * network and checks the sha256.",
  " */",
  "",
  "export interface CatalogSource {",
  "  /** Short project name, usable as `--catalog <project>`. */",
  "  project: string;",
  "  /** Upstream owner/repo. */",
  "  repo: string;",
  "  /** git describe of the pinned commit. */",
  "  version: string;",
  "  base: string;",
  "  /** [file name, sha256, bytes, API group when the file name is not `<group>_<plural>.yaml`]. */",
  "  files: ReadonlyArray<readonly [string, string, number, string?]>;",
  "}",
  "",
  "export const CATALOG: readonly CatalogSource[] = [",
];
for (const s of sources) {
  out.push(
    "  {",
    `    project: ${q(s.project)},`,
    `    repo: ${q(s.repo)},`,
    `    version: ${q(s.version)},`,
    `    base: ${q(s.base)},`,
    "    files: [",
  );
  for (const [f, sha, bytes, group] of s.files)
    out.push(`      [${q(f)}, ${q(sha)}, ${bytes}${group ? `, ${q(group)}` : ""}],`);
  out.push("    ],", "  },");
}
out.push("];", "");
const target = new URL("../src/validate/catalog-data.ts", import.meta.url);
if (check) {
  // The committed file is formatted by biome; compare what is pinned, line by line, not layout.
  const pins = (t) => [...t.matchAll(/"([^"]+)"|(\d+)/g)].map((m) => m[1] ?? m[2]).join("\n");
  if (pins(readFileSync(target, "utf8")) !== pins(out.join("\n"))) {
    console.error(
      "src/validate/catalog-data.ts differs from the mirror's index: run node scripts/catalog-data.mjs",
    );
    process.exit(1);
  }
  process.exit(0);
}
writeFileSync(target, out.join("\n"));
console.log(`${sources.reduce((n, s) => n + s.files.length, 0)} CRD files in ${sources.length} sources`);
