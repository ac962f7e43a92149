/**
 * Parsed CRDs by content hash: YAML parsing is most of an import's time, and pinned content never
 * changes, so the schema model of a file is kept as JSON under its sha256. The entry does not
 * depend on where the content came from (`source` is filled in on the way out) and is keyed by
 * kiln's version and MODEL_REVISION, since the model and the checks a file passes on the way in
 * may change between versions (and between commits of one version).
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../core/fs.ts";
import type { KindSchema } from "./schemas.ts";

export interface ParsedFile {
  kinds: KindSchema[];
  notes: string[];
}

/** Raise when parsing or the checks on CRDs change (2: the apiserver's CRD checks, crd-checks.ts). */
const MODEL_REVISION = 2;

export class ParsedCache {
  readonly #dir: string;
  readonly #memory = new Map<string, ParsedFile>();

  constructor(cacheRoot: string, kilnVersion: string) {
    this.#dir = path.join(cacheRoot, "parsed", `${kilnVersion}-${MODEL_REVISION}`);
  }

  has(sha256: string): boolean {
    if (this.#memory.has(sha256)) return true;
    try {
      const text = readFileSync(path.join(this.#dir, `${sha256}.json`), "utf8");
      this.#memory.set(sha256, JSON.parse(text) as ParsedFile);
      return true;
    } catch {
      return false;
    }
  }

  /** The parsed file with `source` set on every kind and note. Call `has` first. */
  get(sha256: string, source: string): ParsedFile {
    const p = this.#memory.get(sha256);
    if (!p) throw new Error(`parsed cache: no entry ${sha256}`);
    return {
      kinds: p.kinds.map((k) => ({ ...k, source })),
      notes: p.notes.map((n) => n.replaceAll(SOURCE, source)),
    };
  }

  /** Stores a file parsed under any source name; that name is replaced by a placeholder. */
  put(sha256: string, parsed: ParsedFile & { source?: string }): void {
    const source = parsed.kinds[0]?.source;
    const neutral: ParsedFile = {
      kinds: parsed.kinds.map((k) => ({ ...k, source: SOURCE })),
      notes: source ? parsed.notes.map((n) => n.replaceAll(source, SOURCE)) : parsed.notes,
    };
    this.#memory.set(sha256, neutral);
    try {
      mkdirSync(this.#dir, { recursive: true });
      const file = path.join(this.#dir, `${sha256}.json`);
      writeFileAtomic(file, JSON.stringify(neutral));
    } catch {
      // A read-only cache only costs speed.
    }
  }
}

const SOURCE = "\u0000source\u0000";
