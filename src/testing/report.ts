/**
 * Failure messages: a failed match is explained against the closest candidate (lowest mismatch
 * cost), one block per mismatch with its JSON path, expected and actual value, and the
 * candidate's identity and origin.
 */
import type { MatchResult, Mismatch } from "./matcher.ts";
import { formatPath } from "./matcher.ts";
import { describeResource, type Resource } from "./resource.ts";

/** How many other candidates are named after the closest one. */
const MAX_OTHERS = 5;

export interface Tested {
  resource: Resource<unknown>;
  result: MatchResult;
}

/** `  spec.chart.spec.version` / `    expected: "25.0.0"` / `    actual:   "24.0.0"` blocks. */
export function formatMismatches(mismatches: readonly Mismatch[], indent = "  "): string[] {
  const lines: string[] = [];
  for (const m of mismatches) {
    lines.push(`${indent}${formatPath(m.path)}${m.cost === 0 ? " (in the closest element)" : ""}`);
    lines.push(`${indent}  expected: ${m.expected}`);
    lines.push(`${indent}  actual:   ${m.actual}`);
  }
  return lines;
}

function count(result: MatchResult): string {
  const n = result.mismatches.filter((m) => m.cost > 0).length;
  return `${n} mismatch${n === 1 ? "" : "es"}`;
}

/**
 * Candidates ordered closest first: fewest mismatches of `metadata.name`/`namespace` (a
 * pattern that names a resource means that one), then lowest cost, then source order.
 */
export function rank(tested: readonly Tested[]): Tested[] {
  const naming = (t: Tested) =>
    t.result.mismatches.filter(
      (m) =>
        m.cost > 0 &&
        m.path[0] === "metadata" &&
        (m.path[1] === "name" || m.path[1] === "namespace") &&
        m.path.length === 2,
    ).length;
  return tested
    .map((t, i) => ({ t, i, n: naming(t) }))
    .sort((a, b) => a.n - b.n || a.t.result.cost - b.t.result.cost || a.i - b.i)
    .map((x) => x.t);
}

/** The explanation for "no candidate matched": the closest one in detail, the others by name. */
export function explainClosest(tested: readonly Tested[]): string[] {
  const [closest, ...others] = rank(tested);
  if (!closest) return [];
  const lines = [`closest: ${describeResource(closest.resource)} with ${count(closest.result)}`];
  lines.push(...formatMismatches(closest.result.mismatches));
  if (others.length) {
    const named = others
      .slice(0, MAX_OTHERS)
      .map((t) => `${describeResource(t.resource)} with ${count(t.result)}`);
    const more = others.length > MAX_OTHERS ? [`and ${others.length - MAX_OTHERS} more`] : [];
    lines.push(`other candidates: ${[...named, ...more].join("; ")}`);
  }
  return lines;
}

/** `GitRepository (1), Kustomization (2)`: what is there when the wanted kind is not. */
export function kindSummary(all: Iterable<Resource<unknown>>): string {
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r.id.kind, (counts.get(r.id.kind) ?? 0) + 1);
  if (counts.size === 0) return "no resources at all";
  return `kinds present: ${[...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} (${n})`)
    .join(", ")}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `2 HelmRelease resources`, `1 resource` (for the `"*"` label). */
export function countOf(n: number, label: string): string {
  return label === "resource" ? plural(n, "resource") : `${n} ${label} resource${n === 1 ? "" : "s"}`;
}

/** `a HelmRelease`, `an Ingress`. */
export function aKind(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
