import { describe, expect, it } from "vitest";
import { parseDuration, parseSize, serveOptions } from "../../src/functions/serve/main.ts";
import { normalizeAddress } from "../../src/functions/serve/server.ts";

describe("serve flags", () => {
  it("parses sizes and durations the way the help text says", () => {
    expect(parseSize("4Mi")).toBe(4 * 1024 * 1024);
    expect(parseSize("512KiB")).toBe(512 * 1024);
    expect(parseSize("65536")).toBe(65536);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("1.5")).toBe(1500);
  });

  it("rejects what it cannot honour as usage errors", () => {
    expect(() => parseSize("4MB")).toThrow('--max-message-size: "4MB" is not a size');
    expect(() => parseSize("100")).toThrow("too small");
    expect(() => parseDuration("0ms")).toThrow("too short");
    expect(() => parseDuration("-1s")).toThrow("is not a duration");
  });

  it("defaults to Crossplane's address and certificate folder", () => {
    expect(serveOptions({})).toEqual({
      address: "0.0.0.0:9443",
      insecure: false,
      tlsServerCertsDir: "/tls/server",
      debug: false,
    });
    expect(normalizeAddress(":9443")).toBe("0.0.0.0:9443");
    expect(normalizeAddress("9443")).toBe("0.0.0.0:9443");
    expect(normalizeAddress("127.0.0.1:0")).toBe("127.0.0.1:0");
  });
});
