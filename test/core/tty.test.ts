import { describe, expect, it } from "vitest";
import { wantsColor } from "../../src/core/tty.ts";

const tty = { isTTY: true, hasColors: () => true };
const pipe = { isTTY: false };

describe("wantsColor", () => {
  it("paints a terminal that can be painted, never a pipe by default", () => {
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor({ isTTY: true, hasColors: () => false }, {})).toBe(false);
    expect(wantsColor(pipe, {})).toBe(false);
  });
  it("honours NO_COLOR (any non-empty value) and FORCE_COLOR (any but 0/false)", () => {
    expect(wantsColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(tty, { NO_COLOR: "" })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: "" })).toBe(true);
    expect(wantsColor(tty, { FORCE_COLOR: "0" })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: "false" })).toBe(false);
    expect(wantsColor(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  });
});
