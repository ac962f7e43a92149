/**
 * Whether to paint output for a stream, by the conventions users set in their shells:
 * `FORCE_COLOR` (any value but `0`/`false`) paints even into a pipe, `NO_COLOR` (any non-empty
 * value, no-color.org) never paints, otherwise a terminal is painted when it says it can be.
 */
export function wantsColor(
  stream: { isTTY?: boolean; hasColors?: () => boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (env.NO_COLOR) return false;
  if (!stream.isTTY) return false;
  return stream.hasColors ? stream.hasColors() : true;
}
