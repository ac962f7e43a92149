/**
 * kiln's wire codec against the SDK's generated one: same objects decoded, same bytes encoded,
 * on generated messages covering every field of both messages.
 */
import {
  Ready,
  RunFunctionRequest,
  RunFunctionResponse,
  Severity,
  Status,
  Target,
} from "@crossplane-org/function-sdk-typescript";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convergedRequest } from "../../bench/functions/request.ts";
import gateway from "../../examples/homelab/platform/function.ts";
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from "../../src/functions/codec.ts";

// `__proto__` is left to its own test: the SDK's encoder drops such a key, kiln's keeps it.
const key = fc.oneof(
  fc.string({ maxLength: 12 }).filter((k) => k !== "__proto__"),
  fc.constantFrom("", "apiVersion", "kind", "metadata", "ключ", "🔑", "a".repeat(200)),
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(
    "",
    "x".repeat(64),
    "x".repeat(65),
    "é".repeat(70),
    "\ud800 lone",
    "\ufeffbom",
    "y".repeat(300),
  ),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    text,
    tie("list"),
    tie("object"),
  ),
  list: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 6 }),
})) as { value: fc.Arbitrary<unknown>; object: fc.Arbitrary<Record<string, unknown>> };
const obj = json.object;
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b));
const resource = fc.record({
  resource: fc.option(obj, { nil: undefined }),
  connectionDetails: fc.dictionary(key, bytes, { maxKeys: 3 }),
  ready: fc.constantFrom(Ready.READY_UNSPECIFIED, Ready.READY_TRUE, Ready.READY_FALSE),
});
const state = fc.record({
  composite: fc.option(resource, { nil: undefined }),
  resources: fc.dictionary(key, resource, { maxKeys: 4 }),
});
const resources = fc.record({ items: fc.array(resource, { maxLength: 3 }) });
const selector = fc.record({
  apiVersion: text,
  kind: text,
  matchName: fc.option(text, { nil: undefined }),
  matchLabels: fc.option(fc.record({ labels: fc.dictionary(key, text, { maxKeys: 3 }) }), { nil: undefined }),
  namespace: fc.option(text, { nil: undefined }),
});

const requestArb = fc.record({
  meta: fc.option(fc.record({ tag: text, capabilities: fc.array(fc.integer({ min: -2, max: 5 })) }), {
    nil: undefined,
  }),
  observed: fc.option(state, { nil: undefined }),
  desired: fc.option(state, { nil: undefined }),
  input: fc.option(obj, { nil: undefined }),
  context: fc.option(obj, { nil: undefined }),
  extraResources: fc.dictionary(key, resources, { maxKeys: 2 }),
  credentials: fc.dictionary(
    key,
    fc.record({
      credentialData: fc.option(fc.record({ data: fc.dictionary(key, bytes, { maxKeys: 3 }) }), {
        nil: undefined,
      }),
    }),
    { maxKeys: 2 },
  ),
  requiredResources: fc.dictionary(key, resources, { maxKeys: 2 }),
  requiredSchemas: fc.dictionary(key, fc.record({ openapiV3: fc.option(obj, { nil: undefined }) }), {
    maxKeys: 2,
  }),
}) as fc.Arbitrary<RunFunctionRequest>;

const responseArb = fc.record({
  meta: fc.option(
    fc.record({
      tag: text,
      ttl: fc.option(
        fc.record({
          seconds: fc.oneof(fc.integer({ min: -1000, max: 1e6 }), fc.constant(2 ** 40)),
          nanos: fc.integer({ min: -999_999_999, max: 999_999_999 }),
        }),
        { nil: undefined },
      ),
    }),
    { nil: undefined },
  ),
  desired: fc.option(state, { nil: undefined }),
  results: fc.array(
    fc.record({
      severity: fc.constantFrom(...[0, 1, 2, 3, -1]),
      message: text,
      reason: fc.option(text, { nil: undefined }),
      target: fc.option(fc.constantFrom(Target.TARGET_COMPOSITE, Target.TARGET_COMPOSITE_AND_CLAIM), {
        nil: undefined,
      }),
    }),
    { maxLength: 3 },
  ),
  context: fc.option(obj, { nil: undefined }),
  requirements: fc.option(
    fc.record({
      extraResources: fc.dictionary(key, selector, { maxKeys: 2 }),
      resources: fc.dictionary(key, selector, { maxKeys: 2 }),
      schemas: fc.dictionary(key, fc.record({ apiVersion: text, kind: text }), { maxKeys: 2 }),
    }),
    { nil: undefined },
  ),
  conditions: fc.array(
    fc.record({
      type: text,
      status: fc.constantFrom(
        Status.STATUS_CONDITION_UNSPECIFIED,
        Status.STATUS_CONDITION_TRUE,
        Status.STATUS_CONDITION_FALSE,
        Status.STATUS_CONDITION_UNKNOWN,
      ),
      reason: text,
      message: fc.option(text, { nil: undefined }),
      target: fc.option(fc.constant(Target.TARGET_COMPOSITE), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  output: fc.option(obj, { nil: undefined }),
}) as fc.Arbitrary<RunFunctionResponse>;

describe("wire codec", () => {
  it("decodes every request as the SDK does", () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        const wire = RunFunctionRequest.encode(req).finish();
        expect(decodeRunFunctionRequest(wire)).toStrictEqual(RunFunctionRequest.decode(wire));
      }),
      { numRuns: 400 },
    );
  });

  it("encodes every response to the SDK's bytes", () => {
    fc.assert(
      fc.property(responseArb, (rsp) => {
        const sdk = Buffer.from(RunFunctionResponse.encode(rsp).finish());
        expect(encodeRunFunctionResponse(rsp).toString("hex")).toBe(sdk.toString("hex"));
      }),
      { numRuns: 400 },
    );
  });

  it("round-trips the gateway's converged request and response", async () => {
    const req = await convergedRequest();
    const wire = RunFunctionRequest.encode(req).finish();
    const decoded = decodeRunFunctionRequest(wire);
    expect(decoded).toStrictEqual(RunFunctionRequest.decode(wire));
    const rsp = await gateway.run(decoded);
    expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    expect(encodeRunFunctionResponse(rsp).equals(Buffer.from(RunFunctionResponse.encode(rsp).finish()))).toBe(
      true,
    );
  });

  it("encodes messages longer than the reused buffer and long nested lengths", () => {
    const big = {
      data: "z".repeat(200_000),
      nested: { list: Array.from({ length: 3000 }, (_, i) => ({ i })) },
    };
    const rsp: RunFunctionResponse = {
      meta: { tag: "t", ttl: { seconds: 60, nanos: 0 } },
      desired: { composite: { resource: big, connectionDetails: {}, ready: 0 }, resources: {} },
      results: [],
      context: undefined,
      requirements: undefined,
      conditions: [],
    };
    expect(encodeRunFunctionResponse(rsp).equals(Buffer.from(RunFunctionResponse.encode(rsp).finish()))).toBe(
      true,
    );
  });

  it("refuses a response with an enum that is not an int32, as the SDK's writer does", () => {
    const rsp = {
      meta: undefined,
      desired: { composite: { resource: {}, connectionDetails: {}, ready: undefined }, resources: {} },
      results: [],
      context: undefined,
      requirements: undefined,
      conditions: [],
    } as unknown as RunFunctionResponse;
    expect(() => RunFunctionResponse.encode(rsp)).toThrow(/invalid int32/);
    expect(() => encodeRunFunctionResponse(rsp)).toThrow(/invalid int32/);
  });

  it("refuses truncated and malformed requests", async () => {
    const wire = RunFunctionRequest.encode(await convergedRequest()).finish();
    for (const cut of [1, 2, 17, 100, wire.length - 1]) {
      expect(() => decodeRunFunctionRequest(wire.subarray(0, cut))).toThrow();
    }
    expect(() => decodeRunFunctionRequest(Uint8Array.of(0x0f, 0x00))).toThrow(/wire type/);
  });

  it("refuses nesting deeper than the SDK's recursion limit, like the SDK", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const wire = RunFunctionRequest.encode({
      ...RunFunctionRequest.fromPartial({}),
      input: deep as Record<string, unknown>,
    }).finish();
    expect(() => RunFunctionRequest.decode(wire)).toThrow(/recursion limit/);
    expect(() => decodeRunFunctionRequest(wire)).toThrow(/recursion limit/);
    let ok: unknown = 1;
    for (let i = 0; i < 30; i++) ok = { d: ok };
    const fine = RunFunctionRequest.encode({
      ...RunFunctionRequest.fromPartial({}),
      input: ok as never,
    }).finish();
    expect(decodeRunFunctionRequest(fine)).toStrictEqual(RunFunctionRequest.decode(fine));
  });

  it("keeps a __proto__ key as data instead of setting the prototype, both ways", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    // A response's context and a request's input are both field 4, a Struct: the SDK's encoder
    // would drop the key, so kiln's encoder writes the request bytes.
    const wire = encodeRunFunctionResponse({
      meta: undefined,
      desired: undefined,
      results: [],
      context: input,
      requirements: undefined,
      conditions: [],
    });
    const got = decodeRunFunctionRequest(wire).input!;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
