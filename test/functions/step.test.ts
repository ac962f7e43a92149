import { Capability, Ready, Severity, Status } from "@crossplane-org/function-sdk-typescript";
import { KilnError } from "kiln";
import { defineFunction, inputSchema, inputValidator, RESOURCES_COMPOSED } from "kiln/function";
import { describe, expect, it } from "vitest";
import { managed, request } from "./request.ts";

const bucket = (name = "b") => ({
  apiVersion: "example.org/v1",
  kind: "Bucket",
  metadata: { name },
  spec: { forProvider: { region: "ams3" } },
});

/** A function that emits `a` always and `b` only once `a` is ready: the conditional pattern. */
const chain = defineFunction({
  name: "chain",
  resources: ["a", "b"],
  steps: [
    {
      name: "a",
      run: (ctx) => {
        if (!ctx.observed("b")) ctx.compose("a", bucket("a"));
      },
    },
    {
      name: "b",
      run: (ctx) => {
        if (ctx.isReady("a")) ctx.compose("b", bucket("b"));
        else ctx.waitFor("b: waiting for a to become Ready");
      },
    },
  ],
});

const fatal = (rsp: { results: Array<{ severity: Severity; message: string }> }) =>
  rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL)?.message;

describe("defineFunction", () => {
  it("rejects malformed definitions", () => {
    expect(() => defineFunction({ name: "Bad_Name", resources: [], steps: [] })).toThrow(KilnError);
    expect(() => defineFunction({ name: "f", resources: ["a", "a"], steps: [] })).toThrow(/declared twice/);
    expect(() =>
      defineFunction({
        name: "f",
        resources: [],
        steps: [
          { name: "s", run: () => {} },
          { name: "s", run: () => {} },
        ],
      }),
    ).toThrow(/step name "s"/);
  });

  it("holds the XR not ready and names what is missing while a conditional resource is absent", async () => {
    const rsp = await chain.run(request({ observed: { a: managed("A", false) } }));
    expect(fatal(rsp)).toBeUndefined();
    expect(Object.keys(rsp.desired!.resources)).toEqual(["a"]);
    expect(rsp.desired!.resources.a!.ready).toBe(Ready.READY_FALSE);
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_FALSE);
    const c = rsp.conditions.find((x) => x.type === RESOURCES_COMPOSED)!;
    expect(c.status).toBe(Status.STATUS_CONDITION_FALSE);
    expect(c.message).toBe("not composed yet: b: b: waiting for a to become Ready");
  });

  it("derives readiness from the Ready condition and lets Crossplane decide once everything is composed", async () => {
    const rsp = await chain.run(request({ observed: { a: managed("A", true) } }));
    expect(rsp.desired!.resources.a!.ready).toBe(Ready.READY_TRUE);
    expect(rsp.desired!.resources.b!.ready).toBe(Ready.READY_FALSE);
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_UNSPECIFIED);
    expect(rsp.conditions.find((x) => x.type === RESOURCES_COMPOSED)!.status).toBe(
      Status.STATUS_CONDITION_TRUE,
    );
  });

  it("keeps an observed resource the steps no longer emit (no accidental deletion), without status or server metadata", async () => {
    // Step "a" stops emitting `a` once `b` exists; `a` must stay desired.
    const rsp = await chain.run(request({ observed: { a: managed("A", true), b: managed("B", true) } }));
    const kept = rsp.desired!.resources.a!;
    expect(kept.ready).toBe(Ready.READY_TRUE);
    expect(kept.resource).toEqual({
      apiVersion: "example.org/v1",
      kind: "A",
      metadata: { name: "a", annotations: { "crossplane.io/composition-resource-name": "a" } },
      spec: { forProvider: { a: 1 } },
    });
  });

  it("deletes only what a step releases", async () => {
    const fn = defineFunction({
      name: "rel",
      resources: ["a"],
      steps: [{ name: "s", run: (ctx) => ctx.release("a") }],
    });
    const rsp = await fn.run(request({ observed: { a: managed("A", true) } }));
    expect(rsp.desired!.resources).toEqual({});
    // A released resource is not "missing": the XR is not held back for it.
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_UNSPECIFIED);
  });

  it("turns duplicate, undeclared and reserved names into FATAL results naming the step", async () => {
    const twice = defineFunction({
      name: "twice",
      resources: ["a"],
      steps: [
        { name: "one", run: (ctx) => ctx.compose("a", bucket()) },
        { name: "two", run: (ctx) => ctx.compose("a", bucket()) },
      ],
    });
    expect(fatal(await twice.run(request()))).toBe('step two: resource "a" is composed twice');
    const undeclared = defineFunction({
      name: "undeclared",
      resources: ["a"],
      steps: [{ name: "s", run: (ctx) => ctx.compose("zz" as "a", bucket()) }],
    });
    expect(fatal(await undeclared.run(request()))).toMatch(/step s: resource "zz" is not declared/);
    const reserved = defineFunction({
      name: "reserved",
      resources: [],
      steps: [{ name: "s", run: (ctx) => ctx.setCondition({ type: "Ready", status: true, reason: "Mine" }) }],
    });
    expect(fatal(await reserved.run(request()))).toMatch(/"Ready" is reserved/);
  });

  it("refuses to silently overwrite a resource desired by an earlier function", async () => {
    const fn = defineFunction({
      name: "f",
      resources: ["a"],
      steps: [{ name: "s", run: (ctx) => ctx.compose("a", bucket()) }],
    });
    const req = request({ desired: { a: bucket("earlier") } });
    expect(fatal(await fn.run(req))).toMatch(/already desired by an earlier function/);
    const over = defineFunction({
      name: "f",
      resources: ["a"],
      steps: [{ name: "s", run: (ctx) => ctx.compose("a", bucket("mine"), { override: true, ready: true }) }],
    });
    const rsp = await over.run(request({ desired: { a: bucket("earlier") } }));
    expect((rsp.desired!.resources.a!.resource as { metadata: { name: string } }).metadata.name).toBe("mine");
    expect(rsp.desired!.resources.a!.ready).toBe(Ready.READY_TRUE);
  });

  it("passes earlier functions' desired resources through and merges XR status", async () => {
    const fn = defineFunction({
      name: "st",
      resources: [],
      steps: [
        { name: "s1", run: (ctx) => ctx.setStatus({ gateway: { ip: "203.0.113.7" } }) },
        { name: "s2", run: (ctx) => ctx.setStatus({ gateway: { fqdn: "gw.example.org" } }) },
      ],
    });
    const req = request({ desired: { other: bucket("other") } });
    const rsp = await fn.run(req);
    expect(Object.keys(rsp.desired!.resources)).toEqual(["other"]);
    expect(rsp.desired!.composite!.resource).toEqual({
      status: { gateway: { ip: "203.0.113.7", fqdn: "gw.example.org" } },
    });
    // The request is not mutated (render runs functions in-process and reuses requests).
    expect(req.desired!.composite).toBeUndefined();
  });

  it("turns an exception in a step into a FATAL result and leaves desired untouched", async () => {
    const fn = defineFunction({
      name: "boom",
      resources: ["a"],
      steps: [
        {
          name: "s",
          run: () => {
            throw new TypeError("cannot read properties of undefined (reading 'ip')");
          },
        },
      ],
    });
    const req = request({ desired: { other: bucket("other") } });
    const rsp = await fn.run(req);
    expect(fatal(rsp)).toBe("step s: cannot read properties of undefined (reading 'ip')");
    expect(rsp.desired).toEqual(req.desired);
    expect(rsp.results).toHaveLength(1);
  });

  it("reports a missing observed composite as FATAL", async () => {
    const rsp = await chain.run(request({ xr: null }));
    expect(fatal(rsp)).toMatch(/no observed composite resource/);
  });

  it("carries results, conditions, context and requirements", async () => {
    const fn = defineFunction({
      name: "misc",
      resources: [],
      steps: [
        {
          name: "s",
          run: (ctx) => {
            ctx.normal("hello");
            ctx.warning("careful");
            ctx.setCondition({ type: "DnsReady", status: false, reason: "NoIp", message: "no IPv4 yet" });
            ctx.setContext("kiln.dev/seen", [ctx.getContext<number>("count") ?? 0]);
            if (!ctx.required("zone"))
              ctx.require("zone", {
                apiVersion: "v1",
                kind: "ConfigMap",
                matchName: "zone",
                namespace: "default",
              });
          },
        },
      ],
    });
    const rsp = await fn.run(request({ context: { count: 3 } }));
    expect(rsp.results.map((r) => [r.severity, r.message])).toEqual([
      [Severity.SEVERITY_NORMAL, "hello"],
      [Severity.SEVERITY_WARNING, "careful"],
    ]);
    expect(rsp.conditions[0]).toMatchObject({
      type: "DnsReady",
      status: Status.STATUS_CONDITION_FALSE,
      reason: "NoIp",
    });
    expect(rsp.context).toEqual({ count: 3, "kiln.dev/seen": [3] });
    expect(rsp.requirements!.resources.zone).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      matchName: "zone",
      namespace: "default",
    });
  });

  it("ctx.fatal stops the function with that message", async () => {
    const fn = defineFunction({
      name: "f",
      resources: [],
      steps: [{ name: "s", run: (ctx) => ctx.fatal("region is not supported") }],
    });
    expect(fatal(await fn.run(request()))).toBe("step s: region is not supported");
  });
});

describe("declared input types", () => {
  const schema = inputSchema<{ apiVersion: string; kind: "GatewayInput"; region: string }>({
    type: "object",
    required: ["apiVersion", "kind", "region"],
    properties: {
      apiVersion: { const: "platform.kiln.dev/v1alpha1" },
      kind: { const: "GatewayInput" },
      region: { type: "string", pattern: "^[a-z]{3}[0-9]$" },
    },
    additionalProperties: false,
  });
  const fn = defineFunction({
    name: "inp",
    resources: [],
    input: schema,
    steps: [{ name: "s", run: (ctx) => ctx.setStatus({ region: ctx.input.region }) }],
  });

  it("accepts a valid input and types it", async () => {
    const rsp = await fn.run(
      request({ input: { apiVersion: "platform.kiln.dev/v1alpha1", kind: "GatewayInput", region: "ams3" } }),
    );
    expect(rsp.desired!.composite!.resource).toEqual({ status: { region: "ams3" } });
  });

  it("rejects input of the wrong kind or shape with every problem and its path", async () => {
    const rsp = await fn.run(
      request({ input: { apiVersion: "platform.kiln.dev/v1alpha1", kind: "Other", region: 3, extra: 1 } }),
    );
    expect(fatal(rsp)).toBe(
      'invalid input for function inp: (root): must NOT have additional properties (extra); kind: must be equal to constant ("GatewayInput"); region: must be string',
    );
    expect(fatal(await fn.run(request()))).toMatch(
      /invalid input for function inp: \(root\): must be object/,
    );
  });

  it("names nested paths as JSON paths: array items by index, odd keys quoted", async () => {
    const nested = defineFunction({
      name: "nested",
      resources: [],
      input: inputSchema({
        type: "object",
        properties: {
          tags: { type: "array", items: { type: "string" } },
          zones: { type: "object", additionalProperties: { type: "object", required: ["ttl"] } },
        },
      }),
      steps: [],
    });
    expect(
      fatal(await nested.run(request({ input: { tags: ["a", 2], zones: { "example.org": {} } } }))),
    ).toBe(
      "invalid input for function nested: tags[1]: must be string; zones[\"example.org\"]: must have required property 'ttl'",
    );
  });

  it("accepts a validator function", async () => {
    const v = defineFunction({
      name: "v",
      resources: [],
      input: inputValidator((raw) => {
        const r = raw as { size?: unknown };
        if (typeof r?.size !== "string") throw new Error("size must be a string");
        return { size: r.size };
      }),
      steps: [{ name: "s", run: (ctx) => ctx.setStatus({ size: ctx.input.size }) }],
    });
    expect(fatal(await v.run(request({ input: { size: 1 } })))).toBe(
      "invalid input for function v: size must be a string",
    );
    expect((await v.run(request({ input: { size: "s-1vcpu-1gb" } }))).desired!.composite!.resource).toEqual({
      status: { size: "s-1vcpu-1gb" },
    });
  });
});

describe("credentials, connection details and required schemas", () => {
  it("gives steps the step's credentials and observed connection details, and sets the XR's", async () => {
    const fn = defineFunction({
      name: "conn",
      resources: ["db"],
      steps: [
        {
          name: "s",
          run: (ctx) => {
            const token = ctx.credentials("do")?.token?.toString();
            ctx.compose("db", bucket("db"));
            ctx.setConnectionDetails({
              password: ctx.observedConnectionDetails("db")?.password ?? "",
              tokenLength: String(token?.length ?? 0),
              raw: Uint8Array.of(0, 255),
            });
            ctx.setStatus({ xrSecret: ctx.compositeConnectionDetails().old?.toString() ?? null });
            expect(ctx.credentials("none")).toBeUndefined();
          },
        },
      ],
    });
    const req = request({ observed: { db: managed("Bucket", true) } });
    req.observed!.resources.db!.connectionDetails = { password: Buffer.from("s3cret") };
    req.observed!.composite!.connectionDetails = { old: Buffer.from("o") };
    req.credentials = { do: { credentialData: { data: { token: Buffer.from("dop_v1_abc") } } } };
    // An earlier function in the pipeline set a detail of its own; kiln merges over it.
    req.desired!.composite = {
      resource: {},
      connectionDetails: { earlier: Buffer.from("e"), password: Buffer.from("old") },
      ready: Ready.READY_UNSPECIFIED,
    };
    const rsp = await fn.run(req);
    expect(fatal(rsp)).toBeUndefined();
    expect(rsp.desired!.composite!.connectionDetails).toEqual({
      earlier: Buffer.from("e"),
      password: Buffer.from("s3cret"),
      tokenLength: Buffer.from("10"),
      raw: Buffer.from([0, 255]),
    });
    expect(rsp.desired!.composite!.resource).toEqual({ status: { xrSecret: "o" } });
    // The request is not mutated.
    expect(req.desired!.composite!.connectionDetails.password).toEqual(Buffer.from("old"));
  });

  it("refuses connection details that are neither text nor bytes", async () => {
    const fn = defineFunction({
      name: "conn",
      resources: [],
      steps: [{ name: "s", run: (ctx) => ctx.setConnectionDetails({ port: 5432 as unknown as string }) }],
    });
    expect(fatal(await fn.run(request()))).toBe(
      'step s: setConnectionDetails: "port" must be a string or bytes, got number',
    );
  });

  it("asks for a schema, then reads it; an empty answer means the kind is unknown", async () => {
    const seen: unknown[] = [];
    const caps: boolean[] = [];
    const fn = defineFunction({
      name: "schemas",
      resources: [],
      steps: [
        {
          name: "s",
          run: (ctx) => {
            seen.push(ctx.schema("droplet"), ctx.schema("missing"));
            caps.push(ctx.capabilities().includes(Capability.CAPABILITY_REQUIRED_SCHEMAS));
            ctx.requireSchema("droplet", {
              apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
              kind: "Droplet",
            });
            ctx.requireSchema("missing", { apiVersion: "example.org/v1", kind: "Nope" });
          },
        },
      ],
    });
    const first = await fn.run(request());
    expect(first.requirements).toEqual({
      extraResources: {},
      resources: {},
      schemas: {
        droplet: { apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1", kind: "Droplet" },
        missing: { apiVersion: "example.org/v1", kind: "Nope" },
      },
    });
    expect(seen).toEqual([undefined, undefined]);
    const again = request();
    again.meta!.capabilities = [Capability.CAPABILITY_CAPABILITIES, Capability.CAPABILITY_REQUIRED_SCHEMAS];
    again.requiredSchemas = {
      droplet: { openapiV3: { type: "object", properties: { spec: { type: "object" } } } },
      missing: {},
    };
    await fn.run(again);
    expect(seen.slice(2)).toEqual([{ type: "object", properties: { spec: { type: "object" } } }, null]);
    expect(caps).toEqual([false, true]);
    const bad = defineFunction({
      name: "bad",
      resources: [],
      steps: [{ name: "s", run: (ctx) => ctx.requireSchema("x", { apiVersion: "v1", kind: "" }) }],
    });
    expect(fatal(await bad.run(request()))).toBe(
      'step s: requireSchema("x"): apiVersion and kind are required',
    );
  });
});
