/**
 * `kiln/testing/setup`: registers kiln's matchers on vitest's `expect`. Name it in vitest's
 * `setupFiles` so the matchers exist in every test file, whatever that file imports: a test that
 * imports only types from `kiln/testing`, or a value it never uses, has that import removed by the
 * compiler, and a registration that rode on the import would silently not happen.
 */
import { expect } from "vitest";
import { installMatchers } from "./vitest.ts";

installMatchers(expect);
