/**
 * sops compiles `path_regex`, `encrypted_regex` and `unencrypted_regex` with Go's regexp (RE2), so
 * kiln matches them with an RE2 engine, never JavaScript's RegExp: the two differ in syntax
 * (`(?i)` flags and `\z` are RE2's; lookarounds and backreferences are JavaScript's) and in
 * meaning (`\Q…\E` quotes in RE2, `\Z` …). The engine is @bufbuild/re2, the one kiln's CRD pattern
 * checks and CEL `matches()` use.
 */
import { RE2JS } from "../core/cel-vendor.ts";

const cache = new Map<string, RE2JS>();

/**
 * `pattern` compiled as Go's `regexp.Compile` would; `test` searches (unanchored), as Go's
 * `MatchString`. Throws an Error with RE2's message when the pattern is not valid RE2.
 */
export function goRegexp(pattern: string): { test(s: string): boolean } {
  let re = cache.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    cache.set(pattern, re);
  }
  return re;
}
