/**
 * `--watch`: runs a command, then again each time a file under the watched folders changes, until
 * interrupted. Changes are debounced (an editor's save is several events); a change during a run
 * starts one more run after it. A failing run prints its error as the command would and the
 * watch goes on; kiln's own output (the output folder, `.kiln/`, `.kiln-tmp/`) and
 * `node_modules`/`.git` never trigger a run.
 */
import path from "node:path";
import { displayPath } from "../core/paths.ts";
import { handleError } from "./output.ts";

export interface WatchOptions {
  /** Folders (or files) to watch, recursively. */
  roots: readonly string[];
  /** Paths whose changes are ignored (e.g. the output folder). */
  ignore?: readonly string[];
  /** Quiet period before a run, in ms. */
  debounceMs?: number;
  /** Where status lines go (default stderr). */
  log?: (line: string) => void;
  /** Ends the watch (tests); SIGINT and SIGTERM end it too. */
  signal?: AbortSignal;
}

const IGNORED_NAMES = new Set(["node_modules", ".git", ".kiln", ".kiln-tmp"]);

function ignored(file: string, ignore: readonly string[]): boolean {
  if (file.split(path.sep).some((part) => IGNORED_NAMES.has(part))) return true;
  return ignore.some((i) => file === i || file.startsWith(i + path.sep));
}

/** Runs `run` now and after every change; resolves when the watch ends. */
export async function watchLoop(run: () => Promise<void>, opts: WatchOptions): Promise<void> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const ignore = (opts.ignore ?? []).map((p) => path.resolve(p));
  const debounce = opts.debounceMs ?? 60;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let changed: string | undefined;
  let stopped = false;

  const once = async () => {
    running = true;
    const started = performance.now();
    try {
      await run();
    } catch (e) {
      // The command's own error output; the watch goes on. A run cut short by Ctrl-C says nothing.
      if (!stopped) handleError(e);
    }
    running = false;
    if (stopped) return;
    const ms = Math.round(performance.now() - started);
    log(
      `[watch] ${changed ? `${displayPath(changed)} changed: ` : ""}done in ${ms} ms; waiting for changes (Ctrl-C to stop)`,
    );
    if (again) {
      again = false;
      void once();
    }
  };

  const onChange = (file: string) => {
    changed = file;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) again = true;
      else void once();
    }, debounce);
  };

  // chokidar (one watch per folder, never entering ignored ones) rather than Node's recursive
  // fs.watch, which on Linux walks every folder itself — node_modules and the output included —
  // and fails when a folder is gone before it is read, as kiln's own `.kiln-tmp/` is.
  const { watch } = await import("chokidar");
  const watcher = watch(
    opts.roots.map((r) => path.resolve(r)),
    { ignoreInitial: true, ignored: (file: string) => ignored(path.resolve(file), ignore) },
  );
  watcher.on("all", (_event, file) => onChange(path.resolve(file)));
  watcher.on("error", () => {});
  // Watching before the first run: a change made once it has printed its line is never missed.
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  await once();
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      void watcher.close();
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    opts.signal?.addEventListener("abort", stop, { once: true });
  });
}
