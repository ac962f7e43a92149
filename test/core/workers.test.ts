import { describe, expect, it } from "vitest";
import { deserializeError, isKilnError, KilnError, serializeError } from "../../src/core/errors.ts";
import { WorkerThread } from "../../src/core/workers.ts";
import type { Task } from "./fixtures/task-worker.ts";

const start = () =>
  new WorkerThread<Task, number, number>(new URL("./fixtures/x.ts", import.meta.url).href, "task-worker");

describe("worker threads (core/workers.ts, started through the tsx bootstrap)", () => {
  it("answers in the order asked, with partial results routed to their call", async () => {
    const t = start();
    try {
      const seen: number[] = [];
      const [a, b, c] = await Promise.all([
        t.call({ kind: "double", n: 1, delayMs: 50 }),
        t.call({ kind: "partials", n: 3 }, (p) => seen.push(p)),
        t.call({ kind: "double", n: 5 }),
      ]);
      expect([a, b, c]).toEqual([2, 3, 10]);
      expect(seen).toEqual([0, 1, 2]);
    } finally {
      await t.close();
    }
  });

  it("brings a KilnError back with its location and diagnostics, and keeps serving", async () => {
    const t = start();
    try {
      const e = await t.call({ kind: "kiln" }).catch((x: unknown) => x);
      expect(isKilnError(e)).toBe(true);
      expect(e).toMatchObject({
        message: "bad input",
        location: { file: "a.yaml", line: 3, path: "spec.x" },
        diagnostics: [{ severity: "error", message: "one", file: "a.yaml", line: 3 }],
      });
      const bug = (await t.call({ kind: "bug" }).catch((x: unknown) => x)) as Error;
      expect(isKilnError(bug)).toBe(false);
      expect(bug.message).toBe("cannot read x of undefined");
      expect(bug.stack).toContain("task-worker.ts");
      expect(await t.call({ kind: "double", n: 2 })).toBe(4);
    } finally {
      await t.close();
    }
  });

  it("rejects the pending and every later call once the thread has exited", async () => {
    const t = start();
    try {
      const exit = t.call({ kind: "exit" });
      // Queued behind the exit: never answered.
      const pending = t.call({ kind: "double", n: 1 });
      await expect(exit).rejects.toThrow("worker task-worker exited with code 3");
      await expect(pending).rejects.toThrow("exited with code 3");
      await expect(t.call({ kind: "double", n: 1 })).rejects.toThrow("exited with code 3");
    } finally {
      await t.close();
    }
  });
});

describe("serializeError", () => {
  it("round-trips a KilnError and a plain value thrown", () => {
    const k = deserializeError(serializeError(new KilnError("m", { file: "f", line: 1 })));
    expect(k).toBeInstanceOf(KilnError);
    expect((k as KilnError).location).toEqual({ file: "f", line: 1 });
    expect(deserializeError(serializeError("just a string")).message).toBe("just a string");
  });
});
