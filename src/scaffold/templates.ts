/**
 * The files `kiln init` writes, by template. Each template is a complete project that builds,
 * validates and tests clean as written: the tests in test/scaffold build every template.
 */

export type TemplateName = "control-plane" | "function";
export const TEMPLATES: readonly TemplateName[] = ["control-plane", "function"];

export interface TemplateContext {
  /** The project's name (package name and control plane name). */
  name: string;
  /** Versions of the tools the project installs, as kiln itself is tested with. */
  versions: { kiln: string; typescript: string; vitest: string; typesNode: string };
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": true,
    "isolatedModules": true,
    "verbatimModuleSyntax": true,
    "allowImportingTsExtensions": true,
    "noEmit": true
  },
  "include": ["**/*.ts"],
  "exclude": ["node_modules", "out", ".kiln", ".kiln-tmp"]
}
`;

// out/ is committed on purpose: it is what Flux reads. .kiln/ holds generated CRD imports.
const GITIGNORE = `node_modules/
.kiln/
.kiln-tmp/
`;

const VITEST_CONFIG = `import { defineConfig } from "vitest/config";

// kiln/testing/setup registers kiln's matchers (toHaveResource, …) in every test file.
export default defineConfig({ test: { setupFiles: ["kiln/testing/setup"] } });
`;

const KILN_CONFIG = `/**
 * CRDs whose TypeScript types and validators \`kiln build\` imports into .kiln/imports (pinned in
 * kiln.lock). Validation needs none of this: kiln's built-in catalog already holds the schemas of
 * Flux, Crossplane, cert-manager and the other projects homelabs use. Add CRD files, folders or
 * pinned URLs here when you want typed objects for them, e.g.
 *   crds: ["./crds/my-operator.yaml", { chart: "./charts/my-operator" }],
 */
import { defineConfig } from "kiln";

export default defineConfig({ crds: [] });
`;

const WORKFLOW = `# Builds the control plane, runs its tests, and fails when the committed output is not what
# the sources build (so what Flux reads is always reviewed TypeScript).
name: kiln
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - run: npx tsc --noEmit
      - run: npx kiln build .
      - run: npx vitest run
      - run: git diff --exit-code -- out
      - run: npx kiln validate out -o github
`;

function packageJson(ctx: TemplateContext, extra: Record<string, string> = {}): string {
  return `${JSON.stringify(
    {
      name: ctx.name,
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: {
        build: "kiln build .",
        validate: "kiln validate out",
        test: "tsc --noEmit && vitest run",
        ...extra,
      },
      devDependencies: {
        "@types/node": ctx.versions.typesNode,
        kiln: ctx.versions.kiln,
        typescript: ctx.versions.typescript,
        vitest: ctx.versions.vitest,
      },
    },
    null,
    2,
  )}\n`;
}

function controlPlaneMain(ctx: TemplateContext, platform: boolean): string {
  const imports = platform
    ? `import { defineControlPlane } from "kiln";\nimport { exampleXr, platformObjects } from "./platform.ts";\n`
    : `import { defineControlPlane } from "kiln";\n`;
  const platformLayer = platform
    ? `
    // The platform API: the XRD, its Composition and the Function that runs function.ts.
    const platform = home.layer("platform", { dependsOn: [infrastructure] });
    platform.add(...platformObjects());`
    : "";
  const appsDeps = platform ? "[infrastructure, platform]" : "[infrastructure]";
  const platformLines = platform ? `    apps.app("greeting").add(exampleXr(inputs.domain));\n` : "";
  return `${imports}
/**
 * The control plane: one cluster, reconciled by Flux from this repository's out/ folder.
 *   npx kiln build .      writes out/ and validates it
 *   npx vitest run        tests the rendered graph (main.test.ts)
 */
export default defineControlPlane({
  name: ${JSON.stringify(ctx.name)},
  // Where the output lives in this Git repository: Flux reads the cluster from here.
  repoPath: "./out",
  // Defaults; their shape is the input type. Override with --set domain=… or -f values.yaml.
  inputs: {
    domain: "example.com",
    git: { url: "https://github.com/you/${ctx.name}", branch: "main" },
  },
  build({ inputs, cluster }) {
    // What \`flux bootstrap\` creates (the flux-system namespace, GitRepository and Kustomization).
    const home = cluster("home", { bootstrap: { url: inputs.git.url, branch: inputs.git.branch } });
    const infrastructure = home.layer("infrastructure");${platformLayer}
    const apps = home.layer("apps", { dependsOn: ${appsDeps} });
    infrastructure.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } });
    apps.app("web").add({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "web", namespace: "web" },
      data: { domain: inputs.domain },
    });
${platformLines}  },
});
`;
}

const CONTROL_PLANE_TEST = `import { fileURLToPath } from "node:url";
import { renderControlPlane } from "kiln";
import { resources } from "kiln/testing";
import { expect, test } from "vitest";

const project = fileURLToPath(new URL(".", import.meta.url));

test("the web app gets the domain, and Flux applies apps after infrastructure", async () => {
  const { graph } = await renderControlPlane(project, { overrides: { domain: "example.org" } });
  expect(graph).toHaveResource("ConfigMap", { metadata: { name: "web" }, data: { domain: "example.org" } });
  const apps = resources(graph).ofKind("Kustomization").named("apps").one();
  expect(apps).toMatchObject({ spec: { dependsOn: expect.arrayContaining([{ name: "infrastructure" }]) } });
});
`;

const FUNCTION_MODULE = `/**
 * A composition function in TypeScript: for each Greeting XR it composes a ConfigMap holding the
 * greeting. \`kiln render\` and \`kiln simulate\` run it in-process; \`kiln fn serve\` serves it as a
 * real Crossplane Function over gRPC, and \`kiln fn package\` makes its package.
 */
import { defineFunction } from "kiln/function";
import type { Greeting } from "./platform.ts";

export default defineFunction({
  name: "function-greeting",
  resources: ["greeting"],
  steps: [
    {
      name: "greeting",
      run(ctx) {
        const xr = ctx.composite<Greeting>();
        ctx.compose(
          "greeting",
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: xr.metadata.name, namespace: xr.metadata.namespace },
            data: { message: \`Hello from \${xr.spec.domain}\` },
          },
          { ready: true },
        );
        ctx.setStatus({ message: \`Hello from \${xr.spec.domain}\` });
      },
    },
  ],
});
`;

const PLATFORM = `/**
 * The Greeting platform API: a Crossplane v2 namespaced XRD and a Pipeline Composition whose one
 * step is the function in function.ts, plus the Function package that serves it in a cluster.
 */
import type { KubeObject } from "kiln";

export const GROUP = "platform.example.org";

export interface Greeting extends KubeObject {
  metadata: { name: string; namespace: string };
  spec: { domain: string };
  status?: { message?: string };
}

export const xrd: KubeObject = {
  apiVersion: "apiextensions.crossplane.io/v2",
  kind: "CompositeResourceDefinition",
  metadata: { name: \`greetings.\${GROUP}\` },
  spec: {
    group: GROUP,
    names: { kind: "Greeting", plural: "greetings" },
    scope: "Namespaced",
    versions: [
      {
        name: "v1alpha1",
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["domain"],
                properties: { domain: { type: "string" } },
              },
              status: { type: "object", properties: { message: { type: "string" } } },
            },
          },
        },
      },
    ],
  },
};

export const composition: KubeObject = {
  apiVersion: "apiextensions.crossplane.io/v1",
  kind: "Composition",
  metadata: { name: \`greetings.\${GROUP}\` },
  spec: {
    compositeTypeRef: { apiVersion: \`\${GROUP}/v1alpha1\`, kind: "Greeting" },
    mode: "Pipeline",
    pipeline: [{ step: "greeting", functionRef: { name: "function-greeting" } }],
  },
};

/** The Function package; the annotation lets kiln render/simulate run function.ts directly. */
export const fn: KubeObject = {
  apiVersion: "pkg.crossplane.io/v1",
  kind: "Function",
  metadata: { name: "function-greeting", annotations: { "kiln.dev/function-module": "function.ts" } },
  spec: { package: "ghcr.io/you/function-greeting:v0.1.0" },
};

export function platformObjects(): KubeObject[] {
  return [fn, xrd, composition];
}

export function exampleXr(domain: string): Greeting {
  return {
    apiVersion: \`\${GROUP}/v1alpha1\`,
    kind: "Greeting",
    metadata: { name: "hello", namespace: "web" },
    spec: { domain },
  };
}
`;

const FUNCTION_TEST = `import { kilnRunner, renderComposition } from "kiln/function";
import { expect, test } from "vitest";
import greeting from "./function.ts";
import { composition, exampleXr } from "./platform.ts";

test("the function composes a ConfigMap with the greeting", async () => {
  const out = await renderComposition({
    xr: exampleXr("example.org"),
    composition,
    runners: new Map([["function-greeting", kilnRunner(greeting, "function.ts")]]),
  });
  expect(out.composed).toHaveLength(1);
  expect(out.composed[0]).toMatchObject({ kind: "ConfigMap", data: { message: "Hello from example.org" } });
  expect(out.xr).toMatchObject({ status: { message: "Hello from example.org" } });
});
`;

function readme(ctx: TemplateContext, template: TemplateName): string {
  const fn =
    template === "function"
      ? `
- \`function.ts\` — a Crossplane composition function in TypeScript; \`platform.ts\` — its XRD,
  Composition and Function package. \`npx kiln simulate .\` runs it to convergence;
  \`npx kiln fn serve function.ts\` serves it over gRPC.`
      : "";
  return `# ${ctx.name}

A control plane built with [kiln](https://github.com/kiln-dev/kiln): TypeScript in, Flux manifests out.

\`\`\`sh
npm install
npx kiln build .     # writes out/ (commit it: Flux reads it) and validates it
npm test             # type check + vitest
\`\`\`

- \`main.ts\` — the control plane: a cluster \`home\` with Flux layers \`infrastructure\` and \`apps\`.
- \`main.test.ts\` — tests of the rendered graph (kiln/testing matchers, set up in vitest.config.ts).
- \`kiln.config.ts\` — CRDs to import as TypeScript types (validation needs none).
- \`.github/workflows/kiln.yml\` — CI: build, test, and fail when out/ is stale.${fn}
`;
}

/** The files of a template, by relative path. */
export function templateFiles(template: TemplateName, ctx: TemplateContext): Map<string, string> {
  const files = new Map<string, string>([
    ["package.json", packageJson(ctx)],
    ["tsconfig.json", TSCONFIG],
    [".gitignore", GITIGNORE],
    ["vitest.config.ts", VITEST_CONFIG],
    ["kiln.config.ts", KILN_CONFIG],
    [".github/workflows/kiln.yml", WORKFLOW],
    ["README.md", readme(ctx, template)],
    ["main.ts", controlPlaneMain(ctx, template === "function")],
    ["main.test.ts", CONTROL_PLANE_TEST],
  ]);
  if (template === "function") {
    files.set("function.ts", FUNCTION_MODULE);
    files.set("platform.ts", PLATFORM);
    files.set("function.test.ts", FUNCTION_TEST);
  }
  return files;
}
