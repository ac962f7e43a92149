import { spawnSync } from "node:child_process";
import path from "node:path";
import { Severity } from "@crossplane-org/function-sdk-typescript";
import { describe, expect, it } from "vitest";
import { connectFunction } from "../../src/functions/serve/client.ts";
import { ROOT } from "../helpers/env.ts";
import { request } from "./request.ts";
import { serveProcess } from "./serve-process.ts";

const fixture = (f: string) => path.join("test/functions/fixtures", f);

describe("kiln fn serve", () => {
  it("serves a module, logs structured lines without secrets, and finishes in-flight calls on SIGTERM", async () => {
    const p = await serveProcess([
      fixture("slow-fn.ts"),
      "--insecure",
      "--address",
      "127.0.0.1:0",
      "--debug",
    ]);
    const c = connectFunction(p.address);
    const req = request({
      xr: { apiVersion: "example.org/v1", kind: "XThing", metadata: { name: "x" }, spec: { sleepMs: 1500 } },
    });
    req.credentials = { do: { credentialData: { data: { token: Buffer.from("dop_v1_SECRET_TOKEN") } } } };
    req.observed!.resources.bucket = {
      resource: { apiVersion: "example.org/v1", kind: "Bucket", metadata: { name: "b" } },
      connectionDetails: { password: Buffer.from("CONN_SECRET") },
      ready: 0,
    };
    const inFlight = c.run(req);
    // Long enough for the call to reach the server even on a loaded machine; the call takes 1.5 s.
    await new Promise((r) => setTimeout(r, 600));
    p.child.kill("SIGTERM");
    const rsp = await inFlight;
    expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    expect(rsp.desired?.resources.bucket?.resource?.spec).toEqual({ slept: 1500 });
    expect(await p.exited).toBe(0);
    c.close();
    const lines = p
      .stderr()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual([
      "serving",
      "shutting down; finishing in-flight calls",
      "RunFunction",
      "stopped",
    ]);
    expect(lines[0]).toMatchObject({ severity: "INFO", function: "function-slow", tls: false });
    expect(lines[2]).toMatchObject({ severity: "DEBUG", observed: 1, desired: 1 });
    expect(p.stderr()).not.toMatch(/SECRET|ZG9w|Q09OTl/);
  });

  it("fails with a located error when the module exports no function", () => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "fn", "serve", fixture("no-fn.ts"), "--insecure"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "error: test/functions/fixtures/no-fn.ts: the module exports no kiln function (export default defineFunction({ … }))\n",
    );
  });

  it("rejects bad flag values as usage errors", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "fn",
        "serve",
        fixture("slow-fn.ts"),
        "--insecure",
        "--deadline",
        "soon",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --deadline: "soon" is not a duration (e.g. 500ms, 30s, 2m)\n');
  });
});
