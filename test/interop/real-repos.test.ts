/**
 * Trust (issue 14): every error `kiln validate <repo> --offline` reports on a real Flux
 * repository is a true problem of that repository, written down here with the file that shows
 * it. The repositories are read at run time from KILN_REAL_REPOS (laid out by
 * scripts/real-repos.sh from git snapshots; nothing of them is committed). The lists hold for one
 * snapshot commit each (the `.kiln-snapshot` file real-repos.sh writes): another commit skips
 * that repository with the reason, so a re-fetch asks for the list to be checked again instead
 * of failing or passing silently. An error not listed is a false positive and fails the test
 * (the goal is at most one per 500 objects; these repositories have none), as does a listed
 * error that is gone, and a render that loses objects (the resource count has a floor).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";

interface Expected {
  /** The snapshot commit (scripts/real-repos.sh's .kiln-snapshot) the list was checked on. */
  commit: string;
  /** Objects rendered at that commit: fewer is a render regression. */
  minResources: number;
  /** `rule | resource | file:line` → [how many times, why it is a true problem]. */
  errors: Record<string, [number, string]>;
}

const jory = (cluster: string): Expected["errors"] => {
  const at = `kubernetes/clusters/${cluster}/flux-instance`;
  // kubernetes/clusters/<cluster> has no kustomization.yaml, so Flux generates one for the
  // flux-system sync (the flux-instance chart's instance.sync.path) that takes in every folder
  // holding a kustomization.yaml, flux-instance/ included; kubernetes/clusters/<cluster>/
  // flux-instance.yaml applies the same folder again as Kustomization flux-instance. Two
  // Kustomizations own one object: their inventories fight and pruning either deletes it.
  const why = `applied by both the flux-system sync and the flux-instance Kustomization (${at}/, ${at}.yaml)`;
  return {
    [`identity/duplicate | OCIRepository flux-system/flux-instance (cluster kubernetes/clusters/${cluster}) | ${at}/helmrelease.yaml:2`]:
      [1, why],
    [`identity/duplicate | HelmRelease flux-system/flux-instance (cluster kubernetes/clusters/${cluster}) | ${at}/helmrelease.yaml:17`]:
      [1, why],
    [`identity/duplicate | PrometheusRule flux-system/flux-instance-rules (cluster kubernetes/clusters/${cluster}) | ${at}/prometheusrule.yaml:3`]:
      [1, why],
  };
};

// rcdailey/home-ops: kubernetes/components/volsync/secret.yaml is a kind: Secret whose stringData
// holds the Kopia repository password in plaintext (KOPIA_PASSWORD), shared by every app that
// takes the component; each app's copy is a plaintext password in Git.
const volsync = (ns: string, app: string): Expected["errors"] => ({
  [`policy/plaintext-secret | Secret ${ns}/${app}-volsync-secret | kubernetes/components/volsync/secret.yaml:3`]:
    [1, "plaintext KOPIA_PASSWORD in Git (kubernetes/components/volsync/secret.yaml)"],
});
const GARAGE = "kubernetes/components/cnpg-backup/kustomization.yaml:11";

const EXPECTED: Record<string, Expected> = {
  joryirving: {
    commit: "0560f711e5993b5d905fc835f985d6e16c75c6bf",
    minResources: 1789,
    errors: {
      ...jory("main"),
      ...jory("test"),
      ...jory("utility"),
      // kubernetes/apps/base/observability/gatus-sidecar/grafanadashboard.yaml is a byte-for-byte
      // copy of exporters/nut-exporter/grafanadashboard.yaml (gatus-sidecar's own dashboard
      // ConfigMap is `gatus`): both Kustomizations apply the same two GrafanaDashboards in
      // observability, and gatus gets no dashboard.
      "identity/duplicate | GrafanaDashboard observability/ups-aggregate (cluster kubernetes/clusters/main) | kubernetes/apps/base/observability/exporters/nut-exporter/grafanadashboard.yaml:2":
        [1, "copied into gatus-sidecar/grafanadashboard.yaml: applied by gatus-sidecar and nut-exporter"],
      "identity/duplicate | GrafanaDashboard observability/ups-status (cluster kubernetes/clusters/main) | kubernetes/apps/base/observability/exporters/nut-exporter/grafanadashboard.yaml:19":
        [1, "copied into gatus-sidecar/grafanadashboard.yaml: applied by gatus-sidecar and nut-exporter"],
    },
  },
  rcdailey: {
    commit: "8448054ca585dabb981782ae026b81989ea95c39",
    minResources: 475,
    errors: {
      ...volsync("default", "forgejo"),
      ...volsync("default", "immich"),
      ...volsync("default", "opencloud"),
      ...volsync("default", "outline"),
      ...volsync("default", "paperless-ngx"),
      ...volsync("default", "pocket-id"),
      ...volsync("home", "esphome"),
      ...volsync("home", "home-assistant"),
      ...volsync("home", "zwave-js-ui"),
      ...volsync("media", "bazarr"),
      ...volsync("media", "plex"),
      ...volsync("media", "prowlarr"),
      ...volsync("media", "qbittorrent"),
      ...volsync("media", "qui"),
      ...volsync("media", "radarr"),
      ...volsync("media", "radarr-4k"),
      ...volsync("media", "radarr-anime"),
      ...volsync("media", "recyclarr"),
      ...volsync("media", "sabnzbd"),
      ...volsync("media", "seerr"),
      ...volsync("media", "sonarr"),
      ...volsync("media", "sonarr-anime"),
      ...volsync("media", "tautulli"),
      ...volsync("storage", "garage"),
      // The cnpg-backup component's secretGenerator (disableNameSuffixHash) makes Secret
      // garage-s3-region in the namespace of each app that takes it: forgejo, immich, outline
      // and paperless-ngx in default, home-assistant in home (their kustomization.yaml). It is
      // a kind: Secret generated from a literal in Git, which the plaintext-Secret gate is
      // there to flag; its one value (AWS_REGION=garage) is not confidential, so this is true
      // by the policy rather than a leak (--no-secret-policy allows it).
      [`policy/plaintext-secret | Secret default/garage-s3-region | ${GARAGE}`]: [
        4,
        "a Secret generated from a literal in Git, once per Kustomization applying it",
      ],
      [`policy/plaintext-secret | Secret home/garage-s3-region | ${GARAGE}`]: [
        1,
        "a Secret generated from a literal in Git (home-assistant)",
      ],
      // Four Flux Kustomizations (default/forgejo, immich, outline, paperless-ngx) apply the
      // same Secret default/garage-s3-region: the first owns it, three more claim it, and
      // pruning any one of them deletes the Secret the other three's backups read.
      [`identity/duplicate | Secret default/garage-s3-region | ${GARAGE}`]: [
        3,
        "one Secret applied by four Kustomizations in default",
      ],
      // kubernetes/apps/media/imagemaid/kustomization.yaml lists ./ks.yaml, so Kustomization
      // media/imagemaid applies itself, without the HelmRelease defaults cluster-apps
      // (kubernetes/flux/cluster/ks.yaml) patches into it: the two applies undo each other.
      "identity/duplicate | Kustomization media/imagemaid | kubernetes/apps/media/imagemaid/ks.yaml:3": [
        1,
        "applied by cluster-apps and by itself (its kustomization.yaml lists ks.yaml)",
      ],
    },
  },
  mirceanton: { commit: "0e2aff215fbfb5220a6fe42d5c053bba0800ca0a", minResources: 787, errors: {} },
  zhorvath83: { commit: "3ca71f04382acd0ea2bb1bac4704e00de6beb634", minResources: 594, errors: {} },
  // An Argo CD repository: validated as plain manifests, nothing Flux-rendered.
  kid: { commit: "9ca2ced7bef162564720adb172695ce6ee0bf3f1", minResources: 198, errors: {} },
  damacus: { commit: "7c84bd5fa199529834344ce78031cfcbf21dc33e", minResources: 140, errors: {} },
};

interface Report {
  summary: { resources: number; errors: number };
  diagnostics: { severity: string; rule: string; resource?: string; file?: string; line?: number }[];
}

const REAL = process.env.KILN_REAL_REPOS;
const absent = !REAL
  ? "skipped: KILN_REAL_REPOS is not set (scripts/real-repos.sh lays it out)"
  : !existsSync(REAL)
    ? `skipped: KILN_REAL_REPOS=${REAL} does not exist`
    : undefined;

/** Why one repository is not checked, or undefined when its snapshot is the one listed. */
function skipReason(name: string, expected: Expected): string | undefined {
  const dir = path.join(REAL!, name);
  if (!existsSync(dir)) return `skipped: ${dir} is absent`;
  const marker = path.join(dir, ".kiln-snapshot");
  const commit = existsSync(marker) ? readFileSync(marker, "utf8").trim() : "(no .kiln-snapshot)";
  if (commit !== expected.commit)
    return `skipped: snapshot ${commit} is not ${expected.commit}, the commit the true problems were checked on: check them again and update EXPECTED`;
  return undefined;
}

describe.skipIf(absent)(absent ?? `kiln validate --offline on the real repositories in ${REAL}`, () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const skip = absent ? "skipped" : skipReason(name, expected);
    if (skip && !absent) console.log(`${name}: ${skip}`);
    it.skipIf(skip)(skip ? `${name} (${skip})` : `${name}: only the true problems listed`, () => {
      const root = path.join(REAL!, name);
      const r = kiln(["validate", root, "--offline", "-o", "json"], { env: { KILN_MIRROR: "" } });
      const report = JSON.parse(r.stdout) as Report;
      const found = report.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.rule} | ${d.resource} | ${path.relative(root, d.file ?? "")}:${d.line}`)
        .sort();
      const listed = Object.entries(expected.errors)
        .flatMap(([key, [count]]) => Array<string>(count).fill(key))
        .sort();
      console.log(`${name}: ${report.summary.resources} resources, ${report.summary.errors} errors`);
      expect(found).toEqual(listed);
      expect(r.status).toBe(listed.length ? 1 : 0);
      expect(report.summary.resources).toBeGreaterThanOrEqual(expected.minResources);
    });
  }
  const unlisted = absent
    ? []
    : readdirSync(REAL!).filter(
        (d) => !d.startsWith(".") && !(d in EXPECTED) && statSync(path.join(REAL!, d)).isDirectory(),
      );
  for (const name of unlisted)
    it.skip(`${name} (skipped: no true problems written down for it yet)`, () => {});
});
