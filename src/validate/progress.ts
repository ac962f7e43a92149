/**
 * Progress on a TTY: one self-overwriting line on stderr, throttled, erased at the end. Nothing
 * is printed when stderr is not a terminal, so logs and CI output stay clean.
 */
export function ttyProgress(stream: NodeJS.WriteStream = process.stderr): {
  update: (done: number, total: number) => void;
  end: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\u001b[2Kvalidating ${done}/${total} files`);
    },
    end() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
