import { renderControlPlane } from "kiln";
import { Capture, Match, matches } from "kiln/testing";
import { describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

describe("Capture", () => {
  test("captures the value it stands on, typed by accessor", () => {
    const version = new Capture();
    const chart = new Capture();
    expect(
      matches({ spec: { chart: { version: "1.2.3", name: "x" } } }, { spec: { chart: chart } }).isSuccess,
    ).toBe(true);
    expect(
      matches({ spec: { version: "1.2.3", replicas: 2, on: true, ports: [80] } }, { spec: { version } })
        .isSuccess,
    ).toBe(true);
    expect(version.asString()).toBe("1.2.3");
    expect(chart.asObject()).toEqual({ version: "1.2.3", name: "x" });
    const n = new Capture();
    const b = new Capture();
    const a = new Capture();
    matches({ replicas: 2, on: true, ports: [80] }, { replicas: n, on: b, ports: a });
    expect([n.asNumber(), b.asBoolean(), a.asArray()]).toEqual([2, true, [80]]);
  });

  test("a wrong type or an empty capture throws a readable error", () => {
    const c = new Capture();
    expect(() => c.asString()).toThrow("Capture: no value was captured (the pattern matched nothing)");
    matches({ v: 3 }, { v: c });
    expect(() => c.asString()).toThrow("Capture: value 1 of 1 is number, not string: 3");
  });

  test("does not capture null or absent values", () => {
    const c = new Capture();
    const r = matches({ a: null }, { a: c, b: new Capture() });
    expect(r.mismatches.map((m) => [m.path.join("."), m.expected, m.actual])).toEqual([
      ["a", "a value to capture", "null"],
      ["b", "a value to capture", "absent"],
    ]);
    expect(c.values).toEqual([]);
  });

  test("keeps nothing from a match that failed elsewhere", () => {
    const c = new Capture();
    expect(matches({ a: "kept?", b: 1 }, { a: c, b: 2 }).isSuccess).toBe(false);
    expect(c.values).toEqual([]);
  });

  test("an optional pattern narrows what is captured", () => {
    const c = new Capture(Match.stringLikeRegexp("^v"));
    expect(matches({ tags: ["latest", "v1", "v2"] }, { tags: Match.arrayWith([c]) }).isSuccess).toBe(true);
    expect(c.asString()).toBe("v1");
    const obj = new Capture({ name: "web" });
    const r = matches({ ports: [{ name: "web", port: 80 }] }, { ports: [obj] });
    expect(r.isSuccess).toBe(true);
    expect(obj.asObject()).toEqual({ name: "web", port: 80 });
    const miss = new Capture({ name: "api" });
    expect(
      matches({ ports: [{ name: "web" }] }, { ports: [miss] }).mismatches.map((m) => m.path.join(".")),
    ).toEqual(["ports.0.name"]);
  });

  test("captures inside an embedded document", () => {
    const port = new Capture();
    const cm = { data: { "frpc.yaml": "serverAddr: vps.example.com\nserverPort: 7000\n" } };
    expect(
      matches(cm, { data: { "frpc.yaml": Match.serializedYaml(Match.objectLike({ serverPort: port })) } })
        .isSuccess,
    ).toBe(true);
    expect(port.asNumber()).toBe(7000);
  });

  test("next() steps through the values of every matching resource, in order", async () => {
    const { graph } = await renderControlPlane(fixture);
    const version = new Capture();
    expect(graph).toHaveResource("HelmRelease", { spec: { chart: { spec: { version } } } });
    expect(version.asString()).toBe("34.1.0");
    expect(version.next()).toBe(true);
    expect(version.asString()).toBe("v1.17.1");
    expect(version.next()).toBe(true);
    expect(version.asString()).toBe("6.7.1");
    expect(version.next()).toBe(false);
    expect(version.asString()).toBe("6.7.1");
    expect(version.values).toEqual(["34.1.0", "v1.17.1", "6.7.1"]);
  });
});
