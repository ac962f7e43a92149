/**
 * vitest matchers over rendered resources. `kiln/testing` registers them on vitest's `expect`
 * when imported inside a vitest run (see index.ts); other runners with a jest-compatible
 * `expect.extend` call `installMatchers(expect)` themselves.
 */

import type { KubeObject } from "../core/identity.ts";
import {
  allResources,
  type CheckResult,
  hasKinds,
  hasResource,
  hasResourceProperties,
  parsesCleanly,
  resourceCount,
} from "./assertions.ts";
import type { FileGroup } from "./files.ts";
import type { Pattern } from "./match.ts";
import type { ModelClass, ResourceSource } from "./query.ts";
import type { KindSelector } from "./resource.ts";

/**
 * The matchers `installMatchers` adds; `received` is any `ResourceSource`. Patterns are typed by
 * the object type: given a model class (`toHaveResource(Deployment, {...})`) or an explicit type
 * argument (`toHaveResource<HelmRelease>("HelmRelease", {...})`), a misspelt field or a value of
 * the wrong type is a compile error; with a plain kind string any fields are accepted.
 */
export interface KilnMatchers<R = unknown> {
  /** Some resource of `kind` matches `pattern` (plain object → `Match.objectLike`); no pattern: one exists. */
  toHaveResource<O = KubeObject>(kind: KindSelector | ModelClass<O>, pattern?: Pattern<O>): R;
  /** Some resource of `kind` has a `spec` matching `properties` (`objectLike`). */
  toHaveResourceProperties<O = KubeObject>(
    kind: KindSelector | ModelClass<O>,
    properties: Pattern<SpecOf<O>>,
  ): R;
  /** Exactly `count` resources of `kind` (matching `pattern`, when given). */
  toHaveResourceCount<O = KubeObject>(
    kind: KindSelector | ModelClass<O>,
    count: number,
    pattern?: Pattern<O>,
  ): R;
  /** Every resource of `kind` (`"*"` for all) matches `pattern`; fails when there is none. */
  toHaveEveryResource<O = KubeObject>(kind: KindSelector | ModelClass<O>, pattern: Pattern<O>): R;
  /** At least one resource of each kind. */
  toHaveKinds(kinds: readonly KindSelector[]): R;
  /** A `FileGroup` whose manifests all parse into Kubernetes objects. */
  toParseCleanly(): R;
}

/** The type of `spec` in `O`, or `unknown` when `O` declares none. */
export type SpecOf<O> = O extends { spec?: infer S } ? S : unknown;

type Result = { pass: boolean; message: () => string };

function wrap(r: CheckResult): Result {
  return { pass: r.pass, message: () => r.message };
}

/** The raw matcher functions, for `expect.extend`. */
export const kilnMatchers = {
  toHaveResource: (received: ResourceSource, kind: KindSelector, pattern?: unknown) =>
    wrap(hasResource(received, kind, pattern)),
  toHaveResourceProperties: (received: ResourceSource, kind: KindSelector, properties: unknown) =>
    wrap(hasResourceProperties(received, kind, properties)),
  toHaveResourceCount: (received: ResourceSource, kind: KindSelector, count: number, pattern?: unknown) =>
    wrap(resourceCount(received, kind, count, pattern)),
  toHaveEveryResource: (received: ResourceSource, kind: KindSelector, pattern: unknown) =>
    wrap(allResources(received, kind, pattern)),
  toHaveKinds: (received: ResourceSource, kinds: readonly KindSelector[]) => wrap(hasKinds(received, kinds)),
  toParseCleanly: (received: FileGroup) => wrap(parsesCleanly(received)),
};

/** Anything with a jest/vitest-style `extend`. */
export interface ExtensibleExpect {
  extend(matchers: Record<string, (this: never, received: never, ...args: never[]) => unknown>): void;
}

/** Registers kiln's matchers on `expect`. Idempotent. */
export function installMatchers(expect: ExtensibleExpect): void {
  expect.extend(kilnMatchers as unknown as Parameters<ExtensibleExpect["extend"]>[0]);
}

declare module "vitest" {
  interface Matchers<T = any> extends KilnMatchers<T> {}
}
