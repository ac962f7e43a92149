import { describe, expect, it } from "vitest";
import { matchesKind } from "../../src/import/config.ts";
import { ResourceGraph } from "../../src/model/graph.ts";
import { validateGraph } from "../../src/validate/validate.ts";

const graph = () => {
  const g = new ResourceGraph();
  g.add(
    { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc", namespace: "default" } },
    { unit: [] },
  );
  g.add(
    { apiVersion: "example.org/v1", kind: "Widget", metadata: { name: "w", namespace: "default" } },
    { unit: [] },
  );
  return g;
};
const missing = async (opts: Parameters<typeof validateGraph>[1]) =>
  (await validateGraph(graph(), { schemas: { network: false }, ...opts })).diagnostics
    .filter((d) => d.rule === "schema/missing")
    .map((d) => `${d.severity} ${d.resource}`)
    .sort();

describe("kinds without a schema", () => {
  it("are warnings by default and errors when the caller says so (kiln build)", async () => {
    expect(await missing({})).toEqual([
      "warning ReplicationController default/rc",
      "warning Widget default/w",
    ]);
    expect(await missing({ missingSchema: "error" })).toEqual([
      "error ReplicationController default/rc",
      "error Widget default/w",
    ]);
  });

  it("give no finding when waived, but still count as without schema", async () => {
    const waived = { missingSchema: "error" as const, waiveSchemas: ["core/ReplicationController"] };
    expect(await missing(waived)).toEqual(["error Widget default/w"]);
    const r = await validateGraph(graph(), { schemas: { network: false }, ...waived });
    expect(r.summary.withoutSchema).toBe(2);
  });

  it("match waiver patterns by group, version and kind", () => {
    const w = { group: "example.org", version: "v1", kind: "Widget" };
    const core = { group: "", version: "v1", kind: "ReplicationController" };
    expect(matchesKind(w, ["example.org/Widget"])).toBe(true);
    expect(matchesKind(w, ["example.org/v1/Widget"])).toBe(true);
    expect(matchesKind(w, ["*/*/Widget"])).toBe(true);
    expect(matchesKind(w, ["example.org/v2/Widget"])).toBe(false);
    expect(matchesKind(w, ["other.org/Widget"])).toBe(false);
    expect(matchesKind(core, ["core/v1/ReplicationController"])).toBe(true);
    expect(matchesKind(core, ["example.org/ReplicationController"])).toBe(false);
  });
});
