/**
 * `kiln render`'s output text, shaped like `crossplane render`'s so the two can be diffed.
 *
 * crank encodes each object with apimachinery's YAML serializer: JSON → sigs.k8s.io/yaml →
 * go-yaml v2. That path sorts map keys with go-yaml v2's "natural" key order, does not indent
 * sequences under their key, double-quotes strings that YAML 1.1 would read as another type
 * ("True", "2024-01-01T00:00:00Z", "yes", "") and falls back to single quotes for strings that
 * cannot be plain. The `yaml` package does the emitting; only the key order and the choice of
 * double quotes are decided here, because no library reproduces go-yaml v2's choices.
 */
import { Document, isScalar, Scalar, visit } from "yaml";
import { setOwn } from "../core/object.ts";
import { plainScalarValue } from "../core/yaml.ts";

/**
 * go-yaml v2's map key order (sorter.go `keyList.Less`) for string keys: runs of digits compare
 * as numbers, a non-letter sorts before a letter, otherwise code points compare.
 */
export function compareKeysGoYaml(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlLess([...a], [...b]) ? -1 : 1;
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function goYamlLess(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

/** A deep copy with every map's keys in go-yaml v2 order and `undefined` fields dropped (as JSON does). */
export function sortKeysGoYaml(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeysGoYaml(v)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeysGoYaml)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) setOwn(out, k, sortKeysGoYaml(v));
    }
    return out;
  }
  return value;
}

/**
 * True when a plain `s` would read back as a null, bool, number or timestamp: under YAML 1.1
 * (go-yaml v2, crank's resolver) or YAML 1.2 (e.g. `0o17`, which 1.1 reads as a string; crank
 * leaves it plain, kiln quotes it so 1.2 readers get the same string).
 */
function needsDoubleQuotes(s: string): boolean {
  // go-yaml v2 resolves `<<` to its merge tag, so it quotes it too.
  if (s === "" || s === "<<") return true;
  if (s.includes("\n")) return false;
  return (["1.1", "1.2"] as const).some((version) => {
    const v = plainScalarValue(s, version);
    return (
      v === null ||
      typeof v === "number" ||
      typeof v === "boolean" ||
      typeof v === "bigint" ||
      v instanceof Date
    );
  });
}

/** One object as crank prints it (without the leading `---`). */
export function toCrankYaml(value: unknown): string {
  const doc = new Document(sortKeysGoYaml(value), { version: "1.2" });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && needsDoubleQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && needsDoubleQuotes(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({
    indentSeq: false,
    lineWidth: 0,
    singleQuote: true,
    defaultStringType: "PLAIN",
    defaultKeyType: "PLAIN",
  });
}

/** A stream of objects, each preceded by `---` as crank writes them. */
export function toCrankStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toCrankYaml(o)}`).join("");
}
