/**
 * Where schemas come from, in precedence order: `--crds` files/folders/URLs and the project's
 * imports, then the built-in catalog (shipped in the package, loaded per API group, only for
 * groups that occur), then core Kubernetes kinds. Schemas are compiled on first use and reused.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { listFolderFiles } from "../core/walk.ts";
import { catalogGroups, readCatalogFile } from "../import/catalog.ts";
import {
  coreSchemas,
  crdSchemasFromText,
  type KindSchema,
  loadCoreGroup,
  SchemaSet,
} from "../import/validator.ts";
import { defaultCacheDir } from "../sources/cache.ts";
import { type FetchOptions, fetchText } from "./fetch.ts";
import { type CompiledKind, compileKind, type SchemaLookup } from "./object.ts";

export { catalogProjects } from "../import/catalog.ts";

/** Plain, serializable schema options (they are sent to worker threads). */
export interface SchemaOptions extends FetchOptions {
  /** CRD files, folders (searched recursively for .yaml/.yml/.json) or http(s) URLs. */
  crds?: string[];
  /** Use the built-in catalog (default true), or only these projects. */
  catalog?: boolean | string[];
}

function yamlFiles(p: string): string[] {
  const st = statSync(p);
  if (!st.isDirectory()) return [p];
  return listFolderFiles([p], { match: /\.(ya?ml|json)$/, skip: (name) => name.startsWith(".") });
}

export class SchemaRegistry {
  readonly #explicit = new SchemaSet();
  readonly #catalog = new SchemaSet();
  readonly #core: SchemaSet;
  readonly #byGroup: Map<string, string[]>;
  readonly #loadedGroups = new Map<string, Promise<void>>();
  readonly #compiled = new Map<string, CompiledKind | null>();
  readonly #validators: string;
  /** Notes about sources (skipped documents). */
  readonly notes: string[] = [];

  private constructor(opts: SchemaOptions) {
    this.#core = coreSchemas();
    this.#byGroup = new Map();
    if (opts.catalog !== false) {
      for (const [group, files] of catalogGroups()) {
        const chosen = files.filter((f) => !Array.isArray(opts.catalog) || opts.catalog.includes(f.project));
        if (chosen.length)
          this.#byGroup.set(
            group,
            chosen.map((f) => f.file),
          );
      }
    }
    const root = opts.cacheDir ?? defaultCacheDir();
    // Same folder as the import stage's validators (translated schemas by CRD schema hash).
    this.#validators = path.join(root, "validators");
  }

  /** Loads `--crds` sources eagerly (errors are the user's: KilnError naming the source). */
  static async create(opts: SchemaOptions = {}, extra: readonly KindSchema[] = []): Promise<SchemaRegistry> {
    const r = new SchemaRegistry(opts);
    for (const k of extra) r.#explicit.add(k);
    for (const src of opts.crds ?? []) {
      if (/^https?:\/\//.test(src)) {
        r.#addText(await fetchText(src, opts), src, r.#explicit);
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

  /**
   * Makes sure catalog schemas (each group at most once) and the validators of core kinds that
   * load asynchronously (core.ts) are loaded for these API groups.
   */
  async ensureGroups(groups: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const g of groups) {
      waits.push(loadCoreGroup(g));
      const files = this.#byGroup.get(g);
      if (!files) continue;
      let p = this.#loadedGroups.get(g);
      if (!p) {
        p = this.#loadGroup(files);
        this.#loadedGroups.set(g, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  async #loadGroup(files: readonly string[]): Promise<void> {
    for (const f of files) {
      const parsed = readCatalogFile(f);
      for (const k of parsed.kinds) this.#catalog.add(k);
      this.notes.push(...parsed.notes);
    }
  }

  /** Notes about the schema sources (skipped documents of `--crds` files). */
  allNotes(): string[] {
    return [...this.notes];
  }

  /**
   * The lookup of one tree (a cluster, a folder named on the command line): `lookup` plus the XR
   * kinds its own XRDs define, ranked after `--crds`/imports and the catalog and before core
   * kinds. Each tree has its own lookup, so an XRD never gives a schema to another tree's XRs.
   */
  treeLookup(kinds: readonly KindSchema[]): SchemaLookup {
    if (!kinds.length) return this.lookup;
    const own = new SchemaSet();
    for (const k of kinds) own.add(k);
    const compiled = new Map<string, CompiledKind | null>();
    return (apiVersion, kind) => {
      const k = own.get(apiVersion, kind);
      if (!k || this.#explicit.get(apiVersion, kind) || this.#catalog.get(apiVersion, kind))
        return this.lookup(apiVersion, kind);
      const key = `${apiVersion}/${kind}`;
      let c = compiled.get(key);
      if (c === undefined) {
        c = compileKind(k, this.#validators);
        compiled.set(key, c);
      }
      return c ?? undefined;
    };
  }

  /** The raw schema for an apiVersion/kind, by precedence. */
  find(apiVersion: string, kind: string): KindSchema | undefined {
    return (
      this.#explicit.get(apiVersion, kind) ??
      this.#catalog.get(apiVersion, kind) ??
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
    return [...this.#explicit.all(), ...this.#catalog.all(), ...this.#core.all()];
  }
}
