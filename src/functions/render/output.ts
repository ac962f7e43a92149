/**
 * `kiln render`'s output text, shaped like `crossplane render`'s so the two can be diffed: crank
 * encodes each object with apimachinery's YAML serializer (go-yaml v2; core's `stringifyGoYaml`).
 */
import { stringifyGoYaml } from "../../core/yaml-emit.ts";

/** A stream of objects, each preceded by `---` as crank writes them. */
export function toCrankStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${stringifyGoYaml(o)}`).join("");
}
