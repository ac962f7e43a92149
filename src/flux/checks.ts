/**
 * Checks on a Flux Kustomization that need the rendered repository rather than one object:
 * `dependsOn[].readyExpr` and `healthCheckExprs` are CEL that must compile (the controller
 * refuses the Kustomization otherwise), `healthChecks` must name objects something applies
 * (a typo waits for the timeout, then fails), and a `healthCheckExprs` kind with no object of
 * that kind in the Kustomization's output checks nothing.
 */

import { parse as parseCel } from "../core/cel-vendor.ts";
import type { Diagnostic } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { parseApiVersion } from "../core/identity.ts";
import { isObject } from "../core/object.ts";

type Json = Record<string, any>;

export interface CheckContext {
  /** `namespace/name` of the Kustomization. */
  key: string;
  spec: Json;
  file: string;
  line: (p: ReadonlyArray<string | number>) => number;
  /** Every object the repository applies. */
  all: ReadonlyArray<KubeObject>;
  /** The objects this Kustomization applies. */
  own: ReadonlyArray<KubeObject>;
  /**
   * Whether every HelmRelease this Kustomization applies was rendered (their objects are then
   * in `all`). Unset: charts count as not rendered.
   */
  chartsRendered?: boolean;
}

export function checkKustomization(c: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (
    p: Array<string | number>,
    rule: string,
    message: string,
    severity: Diagnostic["severity"] = "error",
  ) =>
    out.push({
      severity,
      rule,
      message,
      file: c.file,
      line: c.line(p),
      path: ["spec", ...p].join("."),
      resource: `Kustomization ${c.key}`,
    });
  const cel = (p: Array<string | number>, expr: unknown, what: string) => {
    if (typeof expr !== "string" || !expr.trim()) return;
    try {
      parseCel(expr);
    } catch (e) {
      const detail = ((e as Error).message || String(e)).split("\n")[0];
      at(p, "flux/cel", `${what} does not compile: ${detail}`);
    }
  };
  const deps: unknown[] = Array.isArray(c.spec.dependsOn) ? c.spec.dependsOn : [];
  deps.forEach((d, i) => {
    if (isObject(d)) cel(["dependsOn", i, "readyExpr"], d.readyExpr, "readyExpr");
  });
  const checks: unknown[] = Array.isArray(c.spec.healthChecks) ? c.spec.healthChecks : [];
  const ns = c.key.split("/")[0] ?? "";
  checks.forEach((h, i) => {
    if (!isObject(h) || typeof h.kind !== "string" || typeof h.name !== "string") return;
    const group = typeof h.apiVersion === "string" ? parseApiVersion(h.apiVersion).group : undefined;
    const hns = typeof h.namespace === "string" ? h.namespace : ns;
    const found = c.all.some(
      (o) =>
        o.kind === h.kind &&
        o.metadata?.name === h.name &&
        (o.metadata?.namespace ?? "") === (hns ?? "") &&
        (group === undefined || parseApiVersion(o.apiVersion).group === group),
    );
    // A chart not rendered may make it: only a Kustomization whose releases all rendered is sure.
    const charts = !c.chartsRendered && c.own.some((o) => o.kind === "HelmRelease");
    if (!found && !charts)
      at(
        ["healthChecks", i],
        "flux/healthCheck",
        `health check names ${h.kind} ${hns ? `${hns}/` : ""}${h.name}, which nothing in the repository applies`,
      );
  });
  const exprs: unknown[] = Array.isArray(c.spec.healthCheckExprs) ? c.spec.healthCheckExprs : [];
  exprs.forEach((h, i) => {
    if (!isObject(h)) return;
    for (const field of ["current", "inProgress", "failed"])
      cel(["healthCheckExprs", i, field], h[field], `healthCheckExprs ${field}`);
    if (
      typeof h.kind === "string" &&
      !c.own.some(
        (o) => o.kind === h.kind && (typeof h.apiVersion !== "string" || o.apiVersion === h.apiVersion),
      )
    )
      at(
        ["healthCheckExprs", i],
        "flux/healthCheck",
        `healthCheckExprs for ${String(h.apiVersion ?? "")} ${h.kind}: this Kustomization applies no object of that kind`,
        "warning",
      );
  });
  return out;
}
