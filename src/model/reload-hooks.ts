/**
 * Module loader hooks (`module.register`) that let a long-lived sandbox worker evaluate the
 * user's modules again: an import whose URL carries `?kiln-gen=N` passes the same query on to
 * every file it imports, except dependencies (`node_modules`) and kiln's own modules, which stay
 * loaded once. Node never evaluates one URL twice, so a new N is a fresh copy of the user's
 * module graph while compiled validators, catalog schemas and kiln itself stay warm.
 *
 * By hand because neither tsx nor Node offers it: tsx's `tsImport` starts a whole new loader
 * (a namespace) per call, whose cost is most of a rebuild and whose hooks pile up in the chain.
 */

/** The query that names a generation of the user's modules. */
export const GENERATION_QUERY = "kiln-gen";

interface InitData {
  /** Path prefixes of kiln's own modules (its `src/` or `dist/` folder). */
  own: string[];
}

interface ResolveContext {
  parentURL?: string | undefined;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

let own: readonly string[] = [];

export function initialize(data: InitData): void {
  own = data.own;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve,
): Promise<ResolveResult> {
  const resolved = await next(specifier, context);
  const parent = context.parentURL;
  if (!parent?.startsWith("file:") || !resolved.url.startsWith("file:")) return resolved;
  const gen = new URL(parent).searchParams.get(GENERATION_QUERY);
  if (gen === null) return resolved;
  const url = new URL(resolved.url);
  if (url.searchParams.has(GENERATION_QUERY)) return resolved;
  const file = decodeURIComponent(url.pathname);
  if (file.includes("/node_modules/") || own.some((p) => file.startsWith(p))) return resolved;
  url.searchParams.set(GENERATION_QUERY, gen);
  return { ...resolved, url: url.href };
}
