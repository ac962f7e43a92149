import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

// Tests import `kiln` and its subpaths exactly as users do; the aliases point at the sources (the
// same files as package.json's "exports" in dist/), so no build is needed. Exact matches: a bare
// "kiln" key would also catch "kiln/…".
const entries: Record<string, string> = {
  kiln: "index.ts",
  "kiln/function": "function.ts",
  "kiln/frp": "frp/index.ts",
  "kiln/import": "import/index.ts",
  "kiln/secrets": "secrets/index.ts",
  "kiln/testing": "testing/index.ts",
  "kiln/testing/setup": "testing/setup.ts",
};
const alias = Object.entries(entries).map(([name, file]) => ({
  find: new RegExp(`^${name}$`),
  replacement: src(file),
}));

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/interop/**", "test/reliability/**"],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "interop",
          include: ["test/interop/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        // The reliability corpus (docs/reliability.md): the built CLI against bad inputs.
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
