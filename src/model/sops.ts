/**
 * Secrets that `kiln build` encrypts with SOPS before anything is written. `sopsSecret()`
 * (src/secrets/authoring.ts) marks the Secret it declares with this symbol; the model reads the
 * mark to give the layer's Flux Kustomization its `decryption` block, synth to name the file
 * `*.sops.yaml` and to refuse writing it unencrypted, and the build to encrypt it. A symbol
 * (from the global registry) so it survives a user module loading its own copy of kiln, and
 * never reaches a manifest (serialization reads string keys only).
 */
import type { KubeObject } from "../core/identity.ts";

export const SOPS_SECRET: unique symbol = Symbol.for("kiln.dev/sops-secret");

/** The request `sopsSecret()` stored on `object`, or undefined for any other object. */
export function sopsRequestOf(object: KubeObject): unknown {
  return (object as { [SOPS_SECRET]?: unknown })[SOPS_SECRET];
}

/** True when `object` is a Secret kiln build encrypts with SOPS. */
export const isSopsSecret = (object: KubeObject): boolean => sopsRequestOf(object) !== undefined;

/** The `decryption` block a Flux Kustomization needs to apply SOPS-encrypted manifests. */
export function fluxSopsDecryption(secretName = "sops-age"): {
  provider: "sops";
  secretRef: { name: string };
} {
  return { provider: "sops", secretRef: { name: secretName } };
}
