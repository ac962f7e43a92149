/** Shared helpers for benchmarks: timing, medians, peak memory of child processes. */
import { spawnSync } from "node:child_process";

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface CommandRun {
  ms: number;
  /** Peak resident memory in MB (from GNU time), when available. */
  peakMb?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command once under `/usr/bin/time -v` when present, returning wall time and peak RSS. */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandRun {
  const useTime = spawnSync("sh", ["-c", "test -x /usr/bin/time"]).status === 0;
  const start = process.hrtime.bigint();
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-v", cmd, ...args], { ...opts, encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { ...opts, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  return {
    ms,
    ...(m ? { peakMb: Number(m[1]) / 1024 } : {}),
    status: r.status,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
  };
}

/** Runs `fn` `n` times and returns the median of its wall times in ms. */
export async function medianMs(n: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const fmtRatio = (x: number) => `${x.toFixed(1)}×`;
