/**
 * sops' document model: ordered maps (a JS object would move integer-like keys first, and key
 * order is part of the MAC), sequences and typed scalars. Integers are `bigint` and floats
 * `number`, because sops tags each encrypted value with its type (`type:int` vs `type:float`).
 */

/** An ordered map: key/value pairs in document order. */
export class SopsMap {
  constructor(readonly items: Array<[string, SopsValue]> = []) {}
  get(key: string): SopsValue | undefined {
    for (const [k, v] of this.items) if (k === key) return v;
    return undefined;
  }
}

/** A leaf: string, integer (bigint), float (number), boolean or null. */
export type SopsScalar = string | bigint | number | boolean | null;
export type SopsValue = SopsScalar | SopsMap | SopsValue[];

/** A path segment: a map key or a sequence index. */
export type PathSegment = string | number;

/** Calls `leaf` on every scalar in sops' walk order; its result replaces the scalar. `keys` holds
 * only map keys (sops' AAD ignores sequence indices), `path` holds both. */
export function mapLeaves(
  value: SopsValue,
  leaf: (v: SopsScalar, keys: string[], path: PathSegment[]) => SopsValue,
  keys: string[] = [],
  path: PathSegment[] = [],
): SopsValue {
  if (value instanceof SopsMap) {
    return new SopsMap(
      value.items.map(([k, v]) => [k, mapLeaves(v, leaf, [...keys, k], [...path, k])] as [string, SopsValue]),
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => mapLeaves(v, leaf, keys, [...path, i]));
  return leaf(value, keys, path);
}

/** A path as text for messages: `data.password`, `items[2].name`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** Every scalar with its full path, in walk order. */
export function* leaves(value: SopsValue, path: PathSegment[] = []): Generator<[SopsScalar, PathSegment[]]> {
  if (value instanceof SopsMap) for (const [k, v] of value.items) yield* leaves(v, [...path, k]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* leaves(v, [...path, i]);
  else yield [value, path];
}
