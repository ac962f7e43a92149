/**
 * A one-line progress bar on an interactive terminal; nothing at all in CI or when stderr is
 * not a TTY, so logs stay clean.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  let shown = false;
  return {
    update(done, total) {
      if (!enabled || total === 0) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      shown = true;
    },
    finish() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
