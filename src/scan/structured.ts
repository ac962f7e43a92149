/**
 * Findings that need a document's structure: a plaintext `kind: Secret`, literal credentials
 * under secret-like keys in HelmRelease `values` and ConfigMaps, high-entropy values under
 * secret-like keys anywhere, a GCP service-account key, and sops metadata that is not what sops
 * writes. SOPS-encrypted values are ciphertext and never findings.
 */

import { formatIdentity, identityOf, type KubeObject } from "../core/identity.ts";
import { DNS1123_SUBDOMAIN } from "../core/k8s-names.ts";
import { isObject } from "../core/object.ts";
import { hasSopsMetadata, isOpaqueValue, sopsShapeProblems } from "../secrets/shape.ts";
import { isReference, isSecretKey, looksRandom } from "./values.ts";

export type Path = Array<string | number>;

/** A structured finding before it is located and fingerprinted. */
export interface RawFinding {
  rule: string;
  severity: "error" | "warning";
  message: string;
  path: Path;
  /** The secret (for the fingerprint and its length); never printed. */
  secret: string;
  resource?: string;
}

const isKube = (d: Record<string, unknown>): d is KubeObject =>
  typeof d.apiVersion === "string" && typeof d.kind === "string" && isObject(d.metadata);

function resourceOf(d: Record<string, unknown>): string | undefined {
  if (!isKube(d)) return undefined;
  const m = d.metadata as Record<string, unknown>;
  if ([d.apiVersion, d.kind, m.name, m.namespace].some((v) => isOpaqueValue(v))) return undefined;
  return formatIdentity(identityOf(d));
}

/** String leaves with the map key they sit under. */
function* leaves(v: unknown, path: Path, key: string): Generator<[Path, string, string]> {
  if (typeof v === "string") yield [path, key, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* leaves(x, [...path, i], key);
  else if (isObject(v)) {
    // `secretKeyRef: { name, key }` and friends name a secret; nothing under them is one.
    if (typeof v.name === "string" && typeof v.key === "string" && Object.keys(v).length <= 3) return;
    for (const [k, x] of Object.entries(v)) yield* leaves(x, [...path, k], k);
  }
}

const literal = (v: string) => !isReference(v) && v.trim().length >= 4;

/** Findings of one parsed YAML or JSON document. */
export function scanDocument(doc: unknown): RawFinding[] {
  if (!isObject(doc)) return [];
  const out: RawFinding[] = [];
  const resource = resourceOf(doc);
  const at = (f: Omit<RawFinding, "resource">) => out.push(resource ? { ...f, resource } : f);
  const sops = hasSopsMetadata(doc);
  if (sops) {
    const problems = sopsShapeProblems(doc);
    if (problems.length)
      at({
        rule: "sops-metadata",
        severity: "error",
        message: `claims to be SOPS-encrypted, but ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
        path: problems[0]!.path,
        secret: JSON.stringify(problems[0]!.path),
      });
  }
  const handled = new Set<string>();
  if (isKube(doc) && doc.apiVersion === "v1" && doc.kind === "Secret" && !sops) {
    const values = ["data", "stringData"].flatMap((f) =>
      isObject(doc[f]) ? [...leaves(doc[f], [f], f)].filter(([, , v]) => literal(v)) : [],
    );
    if (values.length) {
      at({
        rule: "plaintext-secret",
        severity: "error",
        message: `plaintext Secret with ${values.length} literal value${values.length === 1 ? "" : "s"}: encrypt it with SOPS (kiln secrets encrypt) or have a controller produce it`,
        path: values[0]![0].slice(0, 1),
        secret: values.map(([, , v]) => v).join("\0"),
      });
      for (const [p] of values) handled.add(JSON.stringify(p));
    }
  }
  const helm =
    isKube(doc) && doc.kind === "HelmRelease" && doc.apiVersion.startsWith("helm.toolkit.fluxcd.io/");
  const configMap = isKube(doc) && doc.apiVersion === "v1" && doc.kind === "ConfigMap";
  if (doc.type === "service_account" && typeof doc.private_key === "string" && literal(doc.private_key)) {
    at({
      rule: "gcp-service-account",
      severity: "error",
      message: "Google Cloud service-account key",
      path: ["private_key"],
      secret: doc.private_key,
    });
    handled.add(JSON.stringify(["private_key"]));
  }
  for (const [path, key, v] of leaves(doc, [], "")) {
    if (path[0] === "sops" || handled.has(JSON.stringify(path)) || !isSecretKey(key) || !literal(v)) continue;
    // `githubConfigSecret: runner-token`: a key ending in "secret" whose value is an object name
    // names the Secret to read (charts' existingSecret idiom), it does not hold one.
    if (/secret$/i.test(key) && DNS1123_SUBDOMAIN.test(v)) continue;
    const inHelmValues = helm && path[0] === "spec" && path[1] === "values";
    const inConfigMap = configMap && path[0] === "data";
    const random = looksRandom(v);
    if (!random && !inHelmValues && !inConfigMap) continue;
    const where = inHelmValues ? "in HelmRelease values" : inConfigMap ? "in a ConfigMap" : "";
    at({
      rule: inHelmValues ? "helm-values-secret" : inConfigMap ? "configmap-secret" : "secret-value",
      severity: random ? "error" : "warning",
      message: `${random ? "high-entropy value" : "literal value"} under the secret-like key ${JSON.stringify(key)}${where ? ` ${where}` : ""}: ${
        inHelmValues
          ? "move it to a Secret (valuesFrom) or a reference"
          : inConfigMap
            ? "move it to a Secret"
            : "move it to a Secret, SOPS or a reference"
      }`,
      path,
      secret: v,
    });
  }
  return out;
}
