/**
 * `kiln validate --decrypt`: a SOPS file is decrypted with the identities sops would use and its
 * MAC verified (secrets/sops.ts, the one SOPS implementation), so a value changed after
 * encryption, a reordered document or a swapped MAC is an error, not a pass. The secrets stage
 * and age are loaded only when a file needs them. Plaintext never leaves this module.
 */
import { readFileSync } from "node:fs";
import { type Diagnostic, isKilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { formatIdentity, identityOf } from "../core/identity.ts";
import type { AgeIdentity } from "../secrets/age.ts";
import { hasSopsMetadata, isOpaqueValue } from "../secrets/shape.ts";
import type { FileObject } from "./input.ts";

/**
 * A SOPS document whose apiVersion, kind, name or namespace is ciphertext (sops' default encrypts
 * every value): nothing can be checked but its sops metadata, and its identity must not be shown.
 */
export function encryptedIdentity(obj: KubeObject): boolean {
  if (!hasSopsMetadata(obj)) return false;
  const m = obj.metadata as Record<string, unknown> | undefined;
  return [obj.apiVersion, obj.kind, m?.name, m?.namespace].some((v) => isOpaqueValue(v));
}

/** What such an object is called in reports. */
export const ENCRYPTED_RESOURCE = "(SOPS-encrypted object)";

let loaded: { env: string; ids: Promise<readonly AgeIdentity[]> } | undefined;

/** The identities of the environment, read again only when the variables sops reads change. */
function loadOnce(): Promise<readonly AgeIdentity[]> {
  const e = process.env;
  const env = JSON.stringify([e.SOPS_AGE_KEY, e.SOPS_AGE_KEY_FILE, e.XDG_CONFIG_HOME, e.HOME]);
  if (loaded?.env !== env)
    loaded = { env, ids: import("../secrets/age.ts").then((m) => m.loadIdentities(process.env)) };
  return loaded.ids;
}

/** Segments of a path as sops' messages print it (`data.password`, `items[2].name`). */
function segments(p: string): Array<string | number> {
  return [...p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Findings of decrypting one SOPS file (empty: decrypted and its MAC matches). */
export async function verifySopsFile(
  file: string,
  display: string,
  objects: readonly FileObject[],
): Promise<Diagnostic[]> {
  const first = objects.find((o) => hasSopsMetadata(o.object))!;
  const at = (path: string | undefined) => first.locate(segments(path ?? "sops.mac"));
  const ids = await loadOnce();
  const { formatOf, NoIdentityForFileError, openEncrypted } = await import("../secrets/sops.ts");
  try {
    const text = readFileSync(file, "utf8");
    await openEncrypted(text, { file: display, format: formatOf(file), identities: ids });
    return [];
  } catch (e) {
    if (!isKilnError(e)) throw e;
    // No identity here opens the data key: the file may be fine, it just cannot be checked here.
    const unverifiable = ids.length > 0 && e instanceof NoIdentityForFileError;
    const d: Diagnostic = {
      severity: unverifiable ? "warning" : "error",
      message: unverifiable ? `MAC not verified: ${e.message}` : e.message,
      rule: "sops/mac",
      file: display,
      resource: encryptedIdentity(first.object)
        ? ENCRYPTED_RESOURCE
        : formatIdentity(identityOf(first.object)),
      path: e.location.path ?? "sops.mac",
      ...at(e.location.path),
    };
    return [d];
  }
}
