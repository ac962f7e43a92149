/**
 * The text of a simulation: one block per step (the XR after the render, results, then each
 * composed resource with what the function said and what the provider observed), ending in
 * `converged after N steps` or `not converged: <reason>`.
 */
import type { SimulationResult } from "./loop.ts";

const compact = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The trace as lines (no trailing newline). Deterministic: no times, stable orders. */
export function formatTrace(r: SimulationResult, header: string): string {
  const lines = [header];
  for (const s of r.trace) {
    lines.push(`step ${s.step}`);
    if (s.error) lines.push(`  render failed: ${s.error}`);
    for (const c of s.xrConditions) lines.push(`  XR ${c}`);
    const status = Object.entries(s.xrStatus);
    if (status.length) lines.push(`  XR status ${status.map(([k, v]) => `${k}=${compact(v)}`).join(" ")}`);
    for (const res of s.results) lines.push(`  result ${res}`);
    const width = Math.max(0, ...s.resources.map((x) => x.name.length));
    for (const x of s.resources) {
      const said = !x.desired ? "removed" : `${x.added ? "new, " : ""}${x.ready ? "ready" : "not ready"}`;
      const pass =
        x.change === "deleted"
          ? "deleted"
          : [
              x.change === "unchanged" ? "" : x.change,
              x.conditions,
              ...Object.entries(x.reported).map(([k, v]) => `${k}=${compact(v)}`),
            ]
              .filter(Boolean)
              .join(", ");
      lines.push(`  ${x.name.padEnd(width)}  ${said.padEnd(15)} ${x.object}: ${pass}`);
    }
  }
  lines.push(
    r.converged ? `converged after ${r.steps} step${r.steps === 1 ? "" : "s"}` : `not converged: ${r.reason}`,
  );
  return lines.join("\n");
}
