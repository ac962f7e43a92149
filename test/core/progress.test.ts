import { describe, expect, it } from "vitest";
import { progressBar } from "../../src/core/progress.ts";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return {
    written,
    s: { isTTY, write: (t: string) => written.push(t) > 0 } as unknown as NodeJS.WriteStream,
  };
}

describe("progressBar", () => {
  it("draws on a TTY outside CI and clears its line at the end", () => {
    const prev = process.env.CI;
    delete process.env.CI;
    try {
      const { written, s } = stream(true);
      const bar = progressBar("parsing CRDs", s);
      bar.update(35, 70);
      bar.finish();
      expect(written).toEqual(["\r\u001b[2Kparsing CRDs [############------------] 35/70", "\r\u001b[2K"]);
    } finally {
      if (prev !== undefined) process.env.CI = prev;
    }
  });

  it("redraws at most every 100 ms, but always on the last step", () => {
    const prev = process.env.CI;
    delete process.env.CI;
    try {
      const { written, s } = stream(true);
      const bar = progressBar("validating files", s);
      bar.update(1, 3);
      bar.update(2, 3);
      bar.update(3, 3);
      expect(written).toEqual([
        "\r\u001b[2Kvalidating files [########----------------] 1/3",
        "\r\u001b[2Kvalidating files [########################] 3/3",
      ]);
    } finally {
      if (prev !== undefined) process.env.CI = prev;
    }
  });

  it("is silent when stderr is not a TTY or CI is set", () => {
    const pipe = stream(false);
    progressBar("x", pipe.s).update(1, 2);
    expect(pipe.written).toEqual([]);
    const prev = process.env.CI;
    process.env.CI = "true";
    try {
      const tty = stream(true);
      const bar = progressBar("x", tty.s);
      bar.update(1, 2);
      bar.finish();
      expect(tty.written).toEqual([]);
    } finally {
      if (prev === undefined) delete process.env.CI;
      else process.env.CI = prev;
    }
  });
});
