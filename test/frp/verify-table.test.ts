/**
 * frpc verify / frps verify verdicts, case by case (test/frp/cases.ts). Each case asserts the
 * exact stdout frp prints, which carries both the verdict and the message.
 */

import { verifyFrpcText, verifyFrpsText } from "kiln/frp";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/env.ts";
import { client, server } from "./cases.ts";

describe("frpc verify", () => {
  it.each(client)("%s", (_title, text, output, file = "frpc.toml") => {
    const r = verifyFrpcText(text, { file, cwd: ROOT });
    expect(r.output).toBe(`${output}\n`);
    expect(r.ok).toBe(output.endsWith("syntax is ok"));
  });
});

describe("frps verify", () => {
  it.each(server)("%s", (_title, text, output, file = "frps.toml") => {
    const r = verifyFrpsText(text, { file, cwd: ROOT });
    expect(r.output).toBe(`${output}\n`);
    expect(r.ok).toBe(output.endsWith("syntax is ok"));
  });
});

it("has at least 60 cases", () => {
  expect(client.length + server.length).toBeGreaterThanOrEqual(60);
});
