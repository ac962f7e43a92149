/**
 * The built-in policy: no plaintext Secret (or plaintext password in a HelmRelease's values) in
 * Git-bound output. The contract users write their own against is `policy.ts`.
 */

import type { KubeObject } from "../core/identity.ts";
import { formatJsonPath } from "../core/paths.ts";
import { hasSopsMetadata, isOpaqueValue, sopsShapeProblems } from "../secrets/shape.ts";
import type { Policy } from "./policy.ts";

/**
 * Why a Secret with data is not safely SOPS-encrypted, or undefined when it is: its metadata must
 * have the shape sops writes (a MAC of the right form, recipients…) and every data and stringData
 * value must be ciphertext, whatever the file's encryption option says.
 */
function notEncryptedReason(obj: KubeObject): string | undefined {
  if (!hasSopsMetadata(obj)) return "not SOPS-encrypted";
  if (sopsShapeProblems(obj).length) return "its SOPS metadata is not what sops writes (see sops/metadata)";
  for (const field of ["data", "stringData"]) {
    const values = obj[field];
    if (!values || typeof values !== "object") continue;
    for (const v of Object.values(values as Record<string, unknown>))
      if (v !== "" && v !== null && !isOpaqueValue(v)) return `${field} holds values sops did not encrypt`;
  }
  return undefined;
}

/** A value the secret policy treats as secret, by JSON path inside its resource. */
export interface SecretValue {
  path: Array<string | number>;
  value: unknown;
}

/**
 * Key names whose plaintext values are secrets, once lower-cased without `-`/`_`/`.`:
 * `password`, `adminPassword`, `api_key`, `clientSecret`, `secretKey`, `token`, …
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey|credentials?)$/;
/** Keys that name or switch a secret rather than hold one: `existingSecret`, `tokenRef`, `secretName`. */
const SECRET_REFERENCE = /^(existing|use|create|generate|enable)/;
/**
 * Keys ending so (`githubConfigSecret`, `secretKey`, `adminSecretName`) often hold the *name* of a
 * Secret or of a key in one, which charts then read: a value of lowercase words (`runner-secret`,
 * `api-key`, `token`) or an environment-style key name (`GITHUB_TOKEN`, `RCON_PASSWORD`) is taken
 * as such a name, not as a secret.
 */
const NAMING_KEY = /(secret|secretkey|secretname)$/;
const NAME_VALUE = /^(?:[a-z]+(?:[-._][a-z0-9]+)*|[A-Z]+(?:_[A-Z0-9]+)*)$/;
/** Values that are not plaintext: Flux substitutions, Helm templates, SOPS ciphertext. */
const NOT_PLAINTEXT = /\$\{|\{\{|^ENC\[AES256_GCM,data:/;

/** True for a key name whose plaintext value the secret policy treats as a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_.]/g, "");
  return SECRET_KEY.test(k) && !SECRET_REFERENCE.test(k);
}

function isHelmRelease(o: KubeObject): boolean {
  return (
    o.kind === "HelmRelease" &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("helm.toolkit.fluxcd.io/")
  );
}

/**
 * The values of a resource the secret policy knows are secret: every entry of a v1 Secret's
 * `data` and `stringData`, and plaintext values under password-like keys in a HelmRelease's
 * `spec.values`. Reporters never print them (see redact.ts).
 */
export function secretValues(obj: KubeObject): SecretValue[] {
  const out: SecretValue[] = [];
  if (obj.kind === "Secret" && obj.apiVersion === "v1") {
    for (const field of ["data", "stringData"])
      if (obj[field] && typeof obj[field] === "object")
        for (const [k, v] of Object.entries(obj[field] as Record<string, unknown>))
          out.push({ path: [field, k], value: v });
  }
  if (isHelmRelease(obj)) {
    const values = (obj.spec as Record<string, unknown> | undefined)?.values;
    const walk = (v: unknown, at: Array<string | number>, depth: number) => {
      if (depth > 64 || !v || typeof v !== "object") return;
      for (const [k, child] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
        const p = [...at, k];
        if (typeof k === "string" && isSecretKey(k) && isPlaintext(child) && !namesASecret(k, child))
          out.push({ path: p, value: child });
        else walk(child, p, depth + 1);
      }
    };
    walk(values, ["spec", "values"], 0);
  }
  return out;
}

function namesASecret(key: string, v: unknown): boolean {
  return (
    NAMING_KEY.test(key.toLowerCase().replace(/[-_.]/g, "")) && typeof v === "string" && NAME_VALUE.test(v)
  );
}

function isPlaintext(v: unknown): boolean {
  if (typeof v === "number") return true;
  return typeof v === "string" && v.trim() !== "" && !NOT_PLAINTEXT.test(v);
}

/**
 * Built in: a `kind: Secret` with data must be SOPS-encrypted before it goes to Git, and a
 * HelmRelease must not carry plaintext passwords in `spec.values` (they belong in a Secret the
 * release reads through `spec.valuesFrom`). The messages never quote the values.
 */
export const plaintextSecretPolicy: Policy = {
  name: "plaintext-secret",
  description:
    "no plaintext kind: Secret, and no plaintext password in a HelmRelease's values, in Git-bound output unless SOPS-encrypted",
  check(resource) {
    // SOPS ciphertext values (ENC[…]) are not plaintext: no need to ask for the sops metadata.
    if (isHelmRelease(resource)) {
      return secretValues(resource).map((s) => ({
        message: `plaintext ${String(s.path[s.path.length - 1])} in a HelmRelease's spec.values in Git-bound output: put it in a Secret (SOPS-encrypted) and read it with spec.valuesFrom`,
        path: formatJsonPath(s.path),
      }));
    }
    if (resource.kind !== "Secret" || resource.apiVersion !== "v1") return [];
    const keys = ["data", "stringData"].flatMap((f) =>
      Object.keys((resource[f] as object | undefined) ?? {}),
    );
    const reason = keys.length === 0 ? undefined : notEncryptedReason(resource);
    if (!reason) return [];
    return [
      {
        message: `plaintext Secret (${keys.length} key${keys.length === 1 ? "" : "s"}; ${reason}) in Git-bound output: encrypt it with SOPS (kiln secrets encrypt) or have a controller produce it in-cluster (e.g. an InfisicalSecret)`,
        path: resource.data ? "data" : "stringData",
      },
    ];
  },
};
