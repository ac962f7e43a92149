/**
 * Where schemas come from, in precedence order: `--crds` files/folders/URLs and the project's
 * imports, then the built-in catalog (loaded per API group, only for groups that occur), then
 * core Kubernetes kinds. Schemas are compiled on first use and reused.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { kilnVersion } from "../core/version.ts";
import { listFolderFiles } from "../core/walk.ts";
import { ParsedCache } from "../import/parsed-cache.ts";
import { coreSchemas, crdSchemasFromText, type KindSchema, SchemaSet } from "../import/validator.ts";
import { defaultCacheDir } from "../sources/cache.ts";
import { CATALOG } from "./catalog-data.ts";
import { type FetchOptions, fetchPinned } from "./fetch.ts";
import { type CompiledKind, compileKind } from "./object.ts";

/** Plain, serializable schema options (they are sent to worker threads). */
export interface SchemaOptions extends FetchOptions {
  /** CRD files, folders (searched recursively for .yaml/.yml/.json) or http(s) URLs. */
  crds?: string[];
  /** Use the built-in catalog (default true), or only these projects. */
  catalog?: boolean | string[];
}

interface CatalogFile {
  url: string;
  sha256: string;
  size: number;
  project: string;
}

function catalogByGroup(projects: boolean | string[] | undefined): Map<string, CatalogFile[]> {
  const out = new Map<string, CatalogFile[]>();
  if (projects === false) return out;
  for (const src of CATALOG) {
    if (Array.isArray(projects) && !projects.includes(src.project)) continue;
    for (const [file, sha256, size, stated] of src.files) {
      const group = stated ?? file.slice(0, file.indexOf("_"));
      if (!out.has(group)) out.set(group, []);
      out.get(group)!.push({ url: src.base + file, sha256, size, project: src.project });
    }
  }
  return out;
}

/** Every project name the catalog knows. */
export function catalogProjects(): string[] {
  return [...new Set(CATALOG.map((c) => c.project))].sort();
}

function yamlFiles(p: string): string[] {
  const st = statSync(p);
  if (!st.isDirectory()) return [p];
  return listFolderFiles([p], { match: /\.(ya?ml|json)$/, skip: (name) => name.startsWith(".") });
}

export class SchemaRegistry {
  readonly #explicit = new SchemaSet();
  readonly #catalog = new SchemaSet();
  /** XR kinds defined by XRDs found in the validated tree (known only after every file is read). */
  readonly #tree = new SchemaSet();
  readonly #core: SchemaSet;
  readonly #byGroup: Map<string, CatalogFile[]>;
  readonly #loadedGroups = new Map<string, Promise<void>>();
  readonly #compiled = new Map<string, CompiledKind | null>();
  #opts: SchemaOptions;
  /** Unavailable catalog files per project: one note each at the end, not one per file. */
  readonly #unavailable = new Map<string, { count: number; first: string }>();
  readonly #parsed: ParsedCache;
  readonly #validators: string;
  /** Notes about sources (skipped documents, unavailable catalog files). */
  readonly notes: string[] = [];

  private constructor(opts: SchemaOptions) {
    this.#opts = opts;
    this.#core = coreSchemas();
    this.#byGroup = catalogByGroup(opts.catalog);
    const root = opts.cacheDir ?? defaultCacheDir();
    this.#parsed = new ParsedCache(root, kilnVersion());
    // Same folder as the import stage's validators (translated schemas by CRD schema hash).
    this.#validators = path.join(root, "validators");
  }

  /** Loads `--crds` sources eagerly (errors are the user's: KilnError naming the source). */
  static async create(opts: SchemaOptions = {}, extra: readonly KindSchema[] = []): Promise<SchemaRegistry> {
    const r = new SchemaRegistry(opts);
    for (const k of extra) r.#explicit.add(k);
    for (const src of opts.crds ?? []) {
      if (/^https?:\/\//.test(src)) {
        r.#addText(await fetchPinned(src, undefined, opts), src, r.#explicit);
        continue;
      }
      let files: string[];
      try {
        files = yamlFiles(src);
      } catch {
        throw new KilnError(`--crds: no such file or folder: ${src}`);
      }
      for (const f of files) r.#addText(readFileSync(f, "utf8"), displayPath(f), r.#explicit);
    }
    return r;
  }

  #addText(text: string, source: string, into: SchemaSet): void {
    const { kinds, notes } = crdSchemasFromText(text, source);
    for (const k of kinds) into.add(k);
    this.notes.push(...notes);
  }

  /** Makes sure catalog schemas for these API groups are loaded (each group at most once). */
  async ensureGroups(groups: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const g of groups) {
      const files = this.#byGroup.get(g);
      if (!files) continue;
      let p = this.#loadedGroups.get(g);
      if (!p) {
        p = this.#loadGroup(g, files);
        this.#loadedGroups.set(g, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  async #loadGroup(_group: string, files: CatalogFile[]): Promise<void> {
    for (const f of files) {
      try {
        // Pinned content never changes: its parsed schema model is cached by sha256.
        if (!this.#parsed.has(f.sha256)) {
          const text = await fetchPinned(f.url, { sha256: f.sha256, size: f.size }, this.#opts);
          this.#parsed.put(f.sha256, crdSchemasFromText(text, f.url));
        }
        const parsed = this.#parsed.get(f.sha256, f.url);
        for (const k of parsed.kinds) this.#catalog.add(k);
        this.notes.push(...parsed.notes);
      } catch (e) {
        const message = (e as Error).message;
        // Once the network is unreachable, asking it again for every pinned file only adds
        // seconds and noise: later files are looked up in cache and mirror only.
        if (/network: (ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|ETIMEDOUT|EHOSTUNREACH)/.test(message)) {
          this.#opts = { ...this.#opts, network: false };
        }
        const seen = this.#unavailable.get(f.project);
        if (seen) seen.count++;
        else this.#unavailable.set(f.project, { count: 1, first: message });
      }
    }
  }

  /** Notes plus one line per catalog project whose pinned files could not be had. */
  allNotes(): string[] {
    const out = [...this.notes];
    for (const [project, { count, first }] of this.#unavailable) {
      out.push(
        `catalog (${project}): ${count} pinned CRD file${count === 1 ? "" : "s"} unavailable (set KILN_MIRROR or --mirror to a mirror folder); first: ${first}`,
      );
    }
    return out;
  }

  /**
   * Adds XR kinds from the tree's XRDs. They rank after `--crds`/imports and the catalog: only
   * kinds that had no schema at all are checked with them (see validatePaths).
   */
  addTreeKinds(kinds: readonly KindSchema[]): void {
    for (const k of kinds) {
      this.#tree.add(k);
      this.#compiled.delete(`${k.apiVersion}/${k.kind}`);
    }
  }

  /** The raw schema for an apiVersion/kind, by precedence. */
  find(apiVersion: string, kind: string): KindSchema | undefined {
    return (
      this.#explicit.get(apiVersion, kind) ??
      this.#catalog.get(apiVersion, kind) ??
      this.#tree.get(apiVersion, kind) ??
      this.#core.get(apiVersion, kind)
    );
  }

  /** Compiled schema lookup (compiles once per kind). */
  readonly lookup = (apiVersion: string, kind: string): CompiledKind | undefined => {
    const key = `${apiVersion}/${kind}`;
    let c = this.#compiled.get(key);
    if (c === undefined) {
      const k = this.find(apiVersion, kind);
      c = k ? compileKind(k, this.#validators) : null;
      this.#compiled.set(key, c);
    }
    return c ?? undefined;
  };

  /** Every kind schema currently loaded (explicit, catalog, core). */
  all(): KindSchema[] {
    return [...this.#explicit.all(), ...this.#catalog.all(), ...this.#tree.all(), ...this.#core.all()];
  }
}
