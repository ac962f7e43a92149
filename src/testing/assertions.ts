/**
 * Checks behind the vitest matchers, usable with any test runner: each returns whether it passed
 * and the message for both outcomes (the pass message is what `.not` prints).
 */
import type { KubeObject } from "../core/identity.ts";
import { FileGroup } from "./files.ts";
import { Match, type Pattern } from "./match.ts";
import { type ResourceSource, resources } from "./query.ts";
import { aKind, countOf, explainClosest, formatMismatches, kindSummary, plural, rank } from "./report.ts";
import { describeResource, type KindSelector, kindLabel } from "./resource.ts";

export interface CheckResult {
  pass: boolean;
  message: string;
}

/** How many failing resources `allResources` explains in detail. */
const MAX_DETAILED = 3;

/**
 * Passes when some resource of `kind` matches `pattern` (a plain object is matched with
 * `objectLike`; omitted: any resource of that kind). Captures collect from every match.
 */
export function hasResource(source: ResourceSource, kind: KindSelector, pattern?: unknown): CheckResult {
  const all = resources(source);
  const candidates = all.ofKind(kind);
  const label = kindLabel(kind);
  const what = pattern === undefined ? aKind(label) : `${aKind(label)} matching the pattern`;
  if (candidates.size === 0) {
    return { pass: false, message: `expected ${what}, but there is no ${label}; ${kindSummary(all)}` };
  }
  if (pattern === undefined) {
    return { pass: true, message: `expected no ${label}, but found ${list(candidates.list())}` };
  }
  const tested = candidates.test(pattern as Pattern<KubeObject>);
  const matched = tested.filter((t) => t.result.isSuccess).map((t) => t.resource);
  if (matched.length) {
    return { pass: true, message: `expected no ${label} matching the pattern, but found ${list(matched)}` };
  }
  const head = `expected ${what}, but none of the ${countOf(candidates.size, label)} matches`;
  return { pass: false, message: [head, ...explainClosest(tested)].join("\n") };
}

/** `hasResource` with the pattern applied to `spec` (CDK's `hasResourceProperties`). */
export function hasResourceProperties(
  source: ResourceSource,
  kind: KindSelector,
  properties: unknown,
): CheckResult {
  return hasResource(source, kind, Match.objectLike({ spec: properties }));
}

/** Passes when exactly `expected` resources of `kind` (matching `pattern`, when given) exist. */
export function resourceCount(
  source: ResourceSource,
  kind: KindSelector,
  expected: number,
  pattern?: unknown,
): CheckResult {
  const candidates = resources(source).ofKind(kind);
  const label = kindLabel(kind);
  const suffix = pattern === undefined ? "" : " matching the pattern";
  const found =
    pattern === undefined ? candidates.list() : candidates.matching(pattern as Pattern<KubeObject>).list();
  const pass = found.length === expected;
  const listing = found.length ? `: ${found.map((r) => describeResource(r)).join("; ")}` : "";
  return {
    pass,
    message: pass
      ? `expected other than ${countOf(expected, label)}${suffix}, but found exactly that${listing}`
      : `expected ${countOf(expected, label)}${suffix}, but found ${found.length}${listing}`,
  };
}

/**
 * Passes when every resource of `kind` (`"*"`: every resource) matches `pattern`. Fails when
 * there is none: a check over nothing proves nothing.
 */
export function allResources(source: ResourceSource, kind: KindSelector, pattern: unknown): CheckResult {
  const all = resources(source);
  const candidates = all.ofKind(kind);
  const label = kindLabel(kind);
  if (candidates.size === 0) {
    return {
      pass: false,
      message: `expected every ${label} to match the pattern, but there is no ${label}; ${kindSummary(all)}`,
    };
  }
  const failing = rank(candidates.test(pattern as Pattern<KubeObject>).filter((t) => !t.result.isSuccess));
  if (failing.length === 0) {
    return {
      pass: true,
      message: `expected some ${label} not to match the pattern, but all ${candidates.size} match`,
    };
  }
  const lines = [
    `expected every ${label} to match the pattern, but ${failing.length} of ${candidates.size} do not`,
  ];
  for (const t of failing.slice(0, MAX_DETAILED)) {
    lines.push(`${describeResource(t.resource)}:`, ...formatMismatches(t.result.mismatches));
  }
  if (failing.length > MAX_DETAILED) {
    lines.push(
      `and ${failing.length - MAX_DETAILED} more: ${failing
        .slice(MAX_DETAILED)
        .map((t) => describeResource(t.resource))
        .join("; ")}`,
    );
  }
  return { pass: false, message: lines.join("\n") };
}

/** Passes when at least one resource of each kind exists. */
export function hasKinds(source: ResourceSource, kinds: readonly KindSelector[]): CheckResult {
  const all = resources(source);
  const missing = kinds.filter((k) => all.ofKind(k).size === 0).map(kindLabel);
  const pass = missing.length === 0;
  return {
    pass,
    message: pass
      ? `expected some of ${kinds.map(kindLabel).join(", ")} to be missing, but all are present`
      : `expected kinds ${kinds.map(kindLabel).join(", ")}; missing: ${missing.join(", ")}; ${kindSummary(all)}`,
  };
}

/** Passes when every manifest of the group parsed and every document is a Kubernetes object. */
export function parsesCleanly(group: FileGroup): CheckResult {
  if (!(group instanceof FileGroup)) {
    return { pass: false, message: "expected a FileGroup (from fileGroup()), to check that its files parse" };
  }
  const n = group.problems.length;
  if (n === 0) {
    return {
      pass: true,
      message: `expected a parse problem in group ${group.name}, but all ${plural(group.files.length, "file")} parse`,
    };
  }
  const lines = group.problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
  return {
    pass: false,
    message: [
      `expected every file of group ${group.name} to parse, but ${plural(n, "problem")} found:`,
      ...lines,
    ].join("\n"),
  };
}

function list(rs: ReadonlyArray<Parameters<typeof describeResource>[0]>): string {
  return rs.map((r) => describeResource(r)).join("; ");
}
