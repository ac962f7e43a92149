/**
 * `kiln.lock`: one entry per pinned artifact (a URL or a project file) with its sha256 and size.
 * Only pinned content is ever used; a changed artifact is an error until `kiln import --update`.
 * The file is JSON with entries sorted by key, so it diffs cleanly and is byte-stable.
 */
import { readFileSync } from "node:fs";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";

export const LOCKFILE_NAME = "kiln.lock";
const VERSION = 1;

export interface LockEntry {
  /** Set for fetched artifacts. */
  url?: string;
  /** Set for project files: path relative to the lockfile's folder, with `/` separators. */
  path?: string;
  sha256: string;
  size: number;
}

export class Lockfile {
  readonly #entries = new Map<string, LockEntry>();

  /** The entry for a URL or project-relative path. */
  get(key: string): LockEntry | undefined {
    return this.#entries.get(key);
  }

  set(entry: LockEntry): void {
    this.#entries.set(keyOf(entry), entry);
  }

  entries(): LockEntry[] {
    return [...this.#entries.values()].sort((a, b) =>
      keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0,
    );
  }

  /** Deterministic JSON text. */
  toString(): string {
    const artifacts = this.entries().map((e) =>
      e.url
        ? { url: e.url, sha256: e.sha256, size: e.size }
        : { path: e.path, sha256: e.sha256, size: e.size },
    );
    return `${JSON.stringify({ lockfileVersion: VERSION, artifacts }, null, 2)}\n`;
  }

  /** Reads a lockfile; a missing file is an empty lock, a malformed one a KilnError. */
  static read(file: string): Lockfile {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return new Lockfile();
    }
    return Lockfile.parse(text, displayPath(file));
  }

  static parse(text: string, source: string): Lockfile {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new KilnError(`not valid JSON: ${(e as Error).message}`, { file: source });
    }
    const d = data as { lockfileVersion?: unknown; artifacts?: unknown };
    if (d?.lockfileVersion !== VERSION || !Array.isArray(d.artifacts)) {
      throw new KilnError(
        `unsupported lockfile (expected lockfileVersion ${VERSION} and an artifacts list)`,
        { file: source },
      );
    }
    const lock = new Lockfile();
    d.artifacts.forEach((a: unknown, i: number) => {
      const e = a as Partial<LockEntry>;
      const ok =
        (typeof e?.url === "string" || typeof e?.path === "string") &&
        typeof e.sha256 === "string" &&
        /^[0-9a-f]{64}$/.test(e.sha256) &&
        typeof e.size === "number";
      if (!ok)
        throw new KilnError("each artifact needs url or path, sha256 (64 hex) and size", {
          file: source,
          path: `artifacts[${i}]`,
        });
      lock.set(e as LockEntry);
    });
    return lock;
  }
}

function keyOf(e: LockEntry): string {
  return e.url ?? e.path ?? "";
}
