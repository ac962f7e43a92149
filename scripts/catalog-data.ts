// Makes catalog/, the built-in catalog shipped in the package, from the offline mirror
// (../shared/mirror): every CRD file of the catalog's projects, its sha256 checked against the
// mirror's index.json, pinned in catalog/kiln.lock (kiln.lock format), and its schema model —
// what kiln's validator consumes, parsed by kiln's own CRD reader, without descriptions — as one
// gzip'd JSON per API group in catalog/<project>/<group>.json.gz. JSON schemas in the mirror
// (Talos machine config, vcluster values, chainsaw's test schemas) are not CRDs and stay out.
// Run: node --import tsx scripts/catalog-data.ts [MIRROR] [--check] [--catalog=DIR]
//   --check: change nothing; exit 1 naming every file that differs from what the mirror gives.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { compactSchema, crdSchemasFromText, type KindSchema } from "../src/import/schemas.ts";
import { Lockfile } from "../src/sources/lockfile.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const check = args.includes("--check");
// --catalog=DIR: another catalog folder (tests check a damaged copy).
const OUT = path.resolve(
  args.find((a) => a.startsWith("--catalog="))?.slice(10) ?? path.join(ROOT, "catalog"),
);
const mirror = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(ROOT, "../shared/mirror"));

/** Catalog projects by upstream repository. */
const PROJECTS: Record<string, string> = {
  "crossplane/crossplane": "crossplane",
  "crossplane-contrib/provider-upjet-digitalocean": "provider-digitalocean",
  "fluxcd/source-controller": "flux",
  "fluxcd/kustomize-controller": "flux",
  "fluxcd/helm-controller": "flux",
  "fluxcd/notification-controller": "flux",
  "fluxcd/image-reflector-controller": "flux",
  "fluxcd/image-automation-controller": "flux",
  "fluxcd/source-watcher": "flux",
  "controlplaneio-fluxcd/flux-operator": "flux-operator",
  "cert-manager/cert-manager": "cert-manager",
  "traefik/traefik-helm-chart": "traefik",
  "Infisical/kubernetes-operator": "infisical",
  "external-secrets/external-secrets": "external-secrets",
  "argoproj/argo-cd": "argo-cd",
  "syntasso/kratix": "kratix",
  "kubernetes-sigs/gateway-api": "gateway-api",
  "prometheus-operator/prometheus-operator": "prometheus-operator",
  "kyverno/chainsaw": "chainsaw",
};

interface IndexEntry {
  url: string;
  path: string;
  sha256: string;
  bytes: number;
  source: string;
}

const index = JSON.parse(readFileSync(path.join(mirror, "index.json"), "utf8")) as IndexEntry[];
const lock = new Lockfile();
/** `<project>/<group>.json.gz` → its kinds and notes, files in URL order. */
const groups = new Map<string, { kinds: KindSchema[]; notes: string[] }>();
for (const e of [...index].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
  const project = PROJECTS[e.source];
  if (!project) continue;
  const bytes = readFileSync(path.join(mirror, e.path));
  if (createHash("sha256").update(bytes).digest("hex") !== e.sha256 || bytes.length !== e.bytes)
    throw new Error(`${e.path}: sha256 or size differs from the mirror's index.json`);
  const text = bytes.toString("utf8");
  if (!/^kind: CustomResourceDefinition$/m.test(text)) continue;
  lock.set({ url: e.url, sha256: e.sha256, size: e.bytes });
  const parsed = crdSchemasFromText(text, e.url);
  for (const k of parsed.kinds) {
    const file = `${project}/${k.group}.json.gz`;
    if (!groups.has(file)) groups.set(file, { kinds: [], notes: [] });
    groups.get(file)!.kinds.push({ ...k, schema: compactSchema(k.schema) });
  }
  const first = parsed.kinds[0];
  if (first && parsed.notes.length)
    groups.get(`${project}/${first.group}.json.gz`)!.notes.push(...parsed.notes);
}

const wanted = new Map<string, string>([["kiln.lock", lock.toString()]]);
for (const [file, data] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1)))
  wanted.set(file, `${JSON.stringify(data)}\n`);

/** Every file under catalog/, relative, with `/`. */
function present(dir = OUT, rel = ""): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((d) =>
    d.isDirectory() ? present(path.join(dir, d.name), `${rel}${d.name}/`) : [`${rel}${d.name}`],
  );
}

/** The text a catalog file holds (gzip'd files compared by content: zlib's bytes may vary by version). */
function textOf(file: string): string {
  const raw = readFileSync(path.join(OUT, file));
  return file.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
}

if (check) {
  const have = present();
  const differ = [
    ...[...wanted].filter(([f, text]) => !have.includes(f) || textOf(f) !== text).map(([f]) => f),
    ...have.filter((f) => !wanted.has(f)),
  ];
  if (differ.length) {
    console.error(
      `catalog/ differs from what the mirror gives (${differ.join(", ")}): run node --import tsx scripts/catalog-data.ts`,
    );
    process.exit(1);
  }
  process.exit(0);
}
rmSync(OUT, { recursive: true, force: true });
for (const [file, text] of wanted) {
  const to = path.join(OUT, file);
  mkdirSync(path.dirname(to), { recursive: true });
  // Level 9 and no file name or time in the header: the same input gives the same bytes.
  writeFileSync(to, file.endsWith(".gz") ? gzipSync(text, { level: 9 }) : text);
}
console.log(
  `${lock.entries().length} CRD files, ${[...groups.values()].reduce((n, g) => n + g.kinds.length, 0)} kinds in ${groups.size} groups`,
);
