/**
 * Positions from js-yaml's parse `listener` (node open/close offsets), so a file read on the fast
 * path can locate a finding without a second parse through `yaml`'s document model (several
 * times slower; figures in docs/validate.md). js-yaml exposes offsets, not
 * paths; walking them in step with the value gives the position `yaml`'s `locate` reports (a
 * differential test holds the two equal). Any shape this walk does not expect answers undefined,
 * and the caller falls back to `yaml`.
 */

interface PNode {
  start: number;
  /** js-yaml's node kind; null for an empty node (nothing read). */
  kind: string | null;
  value?: unknown;
  kids: PNode[];
}

export interface DocPositions {
  /** 1-based line of the document's content; undefined for an empty document. */
  line: number | undefined;
  /** 1-based line/column of the node at a path (or its closest existing parent); undefined: unknown. */
  locate(path: ReadonlyArray<string | number>): { line: number; column: number } | undefined;
}

/** What a parse recorded (see `positionRecorder`). */
export interface PositionRecord {
  /** An open is the node's offset (≥ 0); a close is -1 mapping, -2 sequence, -3 scalar, -4 empty. */
  events: number[];
  /** The value of each scalar closed, in order. */
  scalars: unknown[];
}

const KIND = [null, "mapping", "sequence", "scalar", null] as const;

/**
 * A js-yaml parse listener that only records: the node tree is built from the record when a
 * position is first asked for, so every file is read once, with it, and a file with findings is
 * not parsed a second time for their lines. The record is numbers only (a few percent of a
 * parse); a record of objects or mixed values cost a third of one.
 */
export function positionRecorder(): PositionRecord & {
  listener: (event: string, state: { position: number; kind?: string | null; result?: unknown }) => void;
} {
  const events: number[] = [];
  const scalars: unknown[] = [];
  return {
    events,
    scalars,
    listener(event, st) {
      if (event === "open") events.push(st.position);
      else {
        const k = st.kind === "mapping" ? -1 : st.kind === "sequence" ? -2 : st.kind === "scalar" ? -3 : -4;
        events.push(k);
        if (k === -3) scalars.push(st.result);
      }
    },
  };
}

/** Offsets of the nodes a record opened, in order. */
export function recordedOpens(rec: PositionRecord): number[] {
  return rec.events.filter((e) => e >= 0);
}

function buildTree(rec: PositionRecord): PNode[] {
  const roots: PNode[] = [];
  const stack: PNode[] = [];
  let scalar = 0;
  for (const e of rec.events) {
    if (e >= 0) {
      stack.push({ start: e, kind: null, kids: [] });
      continue;
    }
    const n = stack.pop() as PNode;
    n.kind = KIND[-e] ?? null;
    if (e === -3) n.value = rec.scalars[scalar++];
    const parent = stack[stack.length - 1];
    if (parent) parent.kids.push(n);
    else roots.push(n);
  }
  return roots;
}

/** Positions of every document, from the record of the parse that gave `values`. */
export function recordedPositions(
  text: string,
  values: readonly unknown[],
  rec: PositionRecord,
): DocPositions[] {
  const roots = buildTree(rec);
  const lines = lineStarts(text);
  const linePos = (pos: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lines[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - (lines[lo] as number) + 1 };
  };
  const token = (from: number) => tokenStart(text, from);
  // An empty node is where it was opened, as `yaml` places it.
  const at = (n: PNode) => (n.kind === null ? n.start : token(n.start));
  return values.map((value, i) => {
    const root = roots[i];
    return {
      // An empty document's position is `yaml`'s to say (its own rules for where it starts).
      line: root && root.kind !== null ? linePos(at(root)).line : undefined,
      locate(path) {
        if (!root || root.kind === null) return undefined;
        let node = root;
        let v: unknown = value;
        let best = at(root);
        for (const seg of path) {
          // A block-context node read as a would-be key wraps the real (flow) collection.
          while (node.kids.length === 1 && node.kind !== null && node.kids[0]?.kind === node.kind) {
            const kid = node.kids[0] as PNode;
            if (token(kid.start) !== token(node.start)) break;
            node = kid;
          }
          // A collection's attempt at one more entry past its end leaves an empty node.
          const entries = node.kids.length - (node.kids[node.kids.length - 1]?.kind === null ? 1 : 0);
          if (node.kind === "mapping" && v && typeof v === "object" && !Array.isArray(v)) {
            const size = Object.keys(v).length;
            if (entries !== size * 2 && node.kids.length !== size * 2) return undefined;
            // Key order from the text: Object.keys puts integer-like keys first.
            let k = -1;
            for (let j = 0; j < size; j++) {
              if (String(node.kids[2 * j]?.value) === String(seg)) {
                k = j;
                break;
              }
            }
            if (k < 0) break;
            best = at(node.kids[2 * k] as PNode);
            node = node.kids[2 * k + 1] as PNode;
            v = (v as Record<string, unknown>)[String(seg)];
            if (node.kind !== "mapping" && node.kind !== "sequence") best = at(node);
          } else if (node.kind === "sequence" && Array.isArray(v) && typeof seg === "number") {
            if (entries !== v.length && node.kids.length !== v.length) return undefined;
            const item = node.kids[seg];
            if (!item) break;
            best = at(item);
            node = item;
            v = v[seg];
          } else break;
        }
        return linePos(best);
      },
    };
  });
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

/** Skips separation (spaces, breaks, comments, document markers) and node properties (anchor,
 * tag) to the node's first token: `yaml` reports a value's own position. */
function tokenStart(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
    else if (c === 35) {
      while (pos < text.length && text.charCodeAt(pos) !== 10) pos++;
    } else if (c === 45 && text.startsWith("---", pos) && (pos === 0 || text.charCodeAt(pos - 1) === 10))
      pos += 3;
    else if (c === 38 || c === 33) {
      while (pos < text.length && !/[ \t\r\n]/.test(text[pos] as string)) pos++;
    } else return pos;
  }
}
