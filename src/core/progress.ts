/**
 * A one-line progress bar on an interactive terminal: redrawn at most every 100 ms (and on the
 * last step), erased at the end. Nothing at all in CI or when stderr is not a TTY, so logs stay clean.
 */
export interface Progress {
  /** Arrow properties: callers pass `update` around unbound. */
  update: (done: number, total: number) => void;
  finish: () => void;
}

const WIDTH = 24;
const EVERY_MS = 100;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return { update: () => {}, finish: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (total === 0 || (done < total && now - last < EVERY_MS)) return;
      last = now;
      shown = true;
      const filled = Math.round((done / total) * WIDTH);
      stream.write(
        `\r\u001b[2K${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`,
      );
    },
    finish: () => {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
