/**
 * SOPS-encrypted manifests as Flux applies them without the keys: kustomize-controller would
 * decrypt them; offline, every encrypted value becomes the placeholder `..PLACEHOLDER_<key>..`
 * (the convention flux-local and flate use), so nothing downstream ever sees ciphertext.
 */
import type { KubeObject } from "../core/identity.ts";

const ENC = /^ENC\[[A-Z0-9_]+,data:/;

/** The placeholder a decrypted value stands for. */
export function placeholder(key: string): string {
  return `..PLACEHOLDER_${key}..`;
}

/** True for an object carrying a SOPS metadata block (`sops:` with a `mac`). */
export function isSopsObject(obj: KubeObject): boolean {
  const sops = (obj as Record<string, unknown>).sops;
  return Boolean(sops && typeof sops === "object" && !Array.isArray(sops));
}

/** True for a SOPS ciphertext value. */
export function isEncryptedValue(v: unknown): v is string {
  return typeof v === "string" && ENC.test(v);
}

/**
 * The object as it is after decryption, with placeholders for the values: the `sops` block is
 * gone, each encrypted leaf is `..PLACEHOLDER_<key>..` (its own key, or the list's key for list
 * items); a Secret's `data` keeps being base64 (the placeholder, encoded).
 */
export function wipeSops(obj: KubeObject): KubeObject {
  const { sops: _, ...rest } = obj as Record<string, unknown>;
  const wipe = (v: unknown, key: string): unknown => {
    if (isEncryptedValue(v)) return placeholder(key);
    if (Array.isArray(v)) return v.map((x) => wipe(x, key));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wipe(x, k)]));
    return v;
  };
  const out = wipe(rest, "") as KubeObject;
  if (obj.kind === "Secret" && obj.apiVersion === "v1" && out.data && typeof out.data === "object") {
    const data = out.data as Record<string, unknown>;
    const orig = (obj as Record<string, any>).data ?? {};
    for (const k of Object.keys(data))
      if (isEncryptedValue(orig[k])) data[k] = Buffer.from(placeholder(k)).toString("base64");
  }
  return out;
}
