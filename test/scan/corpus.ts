/**
 * A corpus of leaked-looking files for `kiln scan` and the gitleaks comparison. No file holds a
 * real credential, and none is committed whole: every token is put together here, at test time,
 * from a format's prefix and characters from a seeded generator, so the repository itself does
 * not trip secret scanners. `kiln` and `gitleaks` say which of the two reports the case (by rule
 * family for kiln, by any finding on the expected line for gitleaks); docs/scan.md's comparison
 * table is this list.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
function generator(seed: number): (n: number, alphabet: string) => string {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, alphabet) =>
    Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;
const HEX = "0123456789abcdef";
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export interface CorpusCase {
  name: string;
  /** File path inside the corpus folder. */
  file: string;
  text: string;
  /** 1-based line the finding is expected on (when anything finds it). */
  line: number;
  /** kiln's rule (without `scan/`), or null when kiln must report nothing. */
  kiln: string | null;
  /** Whether gitleaks v8.30.1 (default rules) reports any finding in the file. */
  gitleaks: boolean;
  /** Why the two differ, when they do (docs/scan.md). */
  note?: string;
}

/** The corpus, generated from `seed`. */
export function corpus(seed = 7): CorpusCase[] {
  const r = generator(seed);
  const pem = (label: string) =>
    [
      `-----BEGIN ${label}-----`,
      ...Array.from({ length: 6 }, () => r(64, B64)),
      `${r(20, B64)}==`,
      `-----END ${label}-----`,
    ].join("\n");
  const jwt = (payload: object) =>
    [
      Buffer.from(
        JSON.stringify({ alg: "ES256", kid: r(26, "abcdefghijklmnopqrstuvwxyz234567"), typ: "JWT" }),
      ).toString("base64url"),
      Buffer.from(JSON.stringify(payload)).toString("base64url"),
      r(86, `${ALNUM}-_`),
    ].join(".");
  const strong = () => `${r(6, ALNUM)}-${r(8, ALNUM)}_${r(10, ALNUM)}`;
  const gh = ["gh", "p_"].join("");
  return [
    {
      name: "GitHub classic token in .env",
      file: "app/.env",
      text: `GITHUB_TOKEN=${gh}${r(36, ALNUM)}\n`,
      line: 1,
      kiln: "github-token",
      gitleaks: true,
    },
    {
      name: "GitHub fine-grained token in a script",
      file: "scripts/release.sh",
      text: `#!/bin/sh\ncurl -H "Authorization: Bearer ${["github", "_pat_"].join("")}${r(22, ALNUM)}_${r(59, ALNUM)}" https://api.github.com\n`,
      line: 2,
      kiln: "github-token",
      gitleaks: true,
    },
    {
      name: "AWS access key id in Terraform",
      file: "infra/aws.tf",
      text: `provider "aws" {\n  region     = "eu-west-1"\n  access_key = "${["AK", "IA"].join("")}${r(16, B32)}"\n}\n`,
      line: 3,
      kiln: "aws-access-key-id",
      gitleaks: true,
    },
    {
      name: "AWS secret access key in credentials",
      file: "home/.aws/credentials",
      text: `[default]\naws_secret_access_key = ${r(40, B64)}\n`,
      line: 2,
      kiln: "secret-value",
      gitleaks: true,
    },
    {
      name: "age identity",
      file: "keys/age.agekey",
      text: `# created: 2026-01-01T00:00:00Z\n# public key: age1${r(58, BECH32.toLowerCase())}\n${["AGE-SECRET", "-KEY-1"].join("")}${r(58, BECH32)}\n`,
      line: 3,
      kiln: "age-secret-key",
      gitleaks: true,
    },
    {
      name: "RSA private key (PEM)",
      file: "certs/tls.key",
      text: `${pem(["RSA PRIVATE", " KEY"].join(""))}\n`,
      line: 1,
      kiln: "private-key",
      gitleaks: true,
    },
    {
      name: "OpenSSH private key",
      file: "home/.ssh/id_ed25519",
      text: `${pem(["OPENSSH PRIVATE", " KEY"].join(""))}\n`,
      line: 1,
      kiln: "private-key",
      gitleaks: true,
    },
    {
      name: "GCP service-account JSON",
      file: "gcp/sa.json",
      text: `${JSON.stringify(
        {
          type: "service_account",
          project_id: "homelab-123",
          private_key_id: r(40, HEX),
          private_key: `${pem(["PRIVATE", " KEY"].join(""))}\n`,
          client_email: "dns@homelab-123.iam.gserviceaccount.com",
        },
        null,
        2,
      )}\n`,
      line: 5,
      kiln: "gcp-service-account",
      gitleaks: true,
    },
    {
      name: "Slack bot token in YAML",
      file: "apps/bot/config.yaml",
      text: `slack:\n  channel: "#alerts"\n  botToken: ${["xo", "xb-"].join("")}${r(12, "0123456789")}-${r(13, "0123456789")}-${r(24, ALNUM)}\n`,
      line: 3,
      kiln: "slack-token",
      gitleaks: true,
    },
    {
      name: "Slack webhook URL",
      file: "apps/alertmanager/values.yaml",
      text: `receivers:\n  - name: slack\n    api_url: https://${["hooks.slack", ".com"].join("")}/services/T${r(8, B32)}/B${r(10, B32)}/${r(24, ALNUM)}\n`,
      line: 3,
      kiln: "slack-webhook",
      gitleaks: true,
    },
    {
      name: "DigitalOcean token",
      file: "infra/do.env",
      text: `DIGITALOCEAN_TOKEN=${["dop", "_v1_"].join("")}${r(64, HEX)}\n`,
      line: 1,
      kiln: "digitalocean-token",
      gitleaks: true,
    },
    {
      name: "Infisical service token",
      file: "apps/api/.env.local",
      text: `INFISICAL_TOKEN=st.${r(24, HEX)}.${r(32, HEX)}.${r(32, HEX)}\n`,
      line: 1,
      kiln: "infisical-token",
      gitleaks: true,
      note: "gitleaks has no Infisical rule; its generic-api-key rule catches it under a TOKEN key",
    },
    {
      name: "1Password Connect token",
      file: "apps/onepassword/connect.yaml",
      text: `connect:\n  serverUrl: http://onepassword-connect:8080\n  connectToken: ${jwt({ aud: ["com.1password.connect"], iss: "com.1password.b5", sub: r(26, B32), iat: 1700000000 })}\n`,
      line: 3,
      kiln: "1password-connect-token",
      gitleaks: true,
      note: "gitleaks reports it as a generic JWT",
    },
    {
      name: "plaintext kind: Secret",
      file: "clusters/home/apps/db-secret.yaml",
      text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\nstringData:\n  username: app\n  password: ${strong()}\n`,
      line: 6,
      kiln: "plaintext-secret",
      gitleaks: true,
      note: "gitleaks reports the password line (generic-api-key); kiln reports the Secret, at its stringData",
    },
    {
      name: "literal password in HelmRelease values",
      file: "clusters/home/apps/grafana.yaml",
      text: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: grafana\n  namespace: monitoring\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: grafana\n      sourceRef:\n        kind: HelmRepository\n        name: grafana\n  values:\n    adminUser: admin\n    adminPassword: hunter2hunter2\n`,
      line: 16,
      kiln: "helm-values-secret",
      gitleaks: false,
      note: "a low-entropy literal: gitleaks' generic rule needs entropy ≥ 3.5; kiln warns about any literal under a secret-like key in HelmRelease values",
    },
    {
      name: "API key in a ConfigMap",
      file: "clusters/home/apps/app-config.yaml",
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: apps\ndata:\n  LOG_LEVEL: info\n  API_KEY: ${r(32, ALNUM)}\n`,
      line: 8,
      kiln: "configmap-secret",
      gitleaks: true,
    },
    {
      name: "high-entropy password in docker-compose",
      file: "compose/docker-compose.yml",
      text: `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${r(24, ALNUM)}\n`,
      line: 5,
      kiln: "secret-value",
      gitleaks: true,
    },
    {
      name: "bearer token (a JWT) in a curl example",
      file: "docs/api.md",
      text: `Example request:\n\n    curl -H "Authorization: Bearer ${jwt({ sub: r(10, "0123456789"), name: "test", iat: 1516239022 })}" http://localhost\n`,
      line: 3,
      kiln: "bearer-token",
      gitleaks: true,
    },
    {
      name: "low-entropy data in a Secret",
      file: "clusters/home/apps/low.yaml",
      text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  namespace: apps\ndata:\n  password: ${Buffer.from("hunter2").toString("base64")}\n`,
      line: 6,
      kiln: "plaintext-secret",
      gitleaks: true,
      note: "gitleaks' kubernetes-secret-yaml rule",
    },
    {
      name: "age recipient (a public key)",
      file: "keys/recipient.txt",
      text: `# public key: age1${r(58, BECH32.toLowerCase())}\n`,
      line: 1,
      kiln: null,
      gitleaks: true,
      note: "gitleaks' generic-api-key reads `key: …`; an age recipient is public",
    },
    {
      name: ".sops.yaml (recipients only)",
      file: ".sops.yaml",
      text: `creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: age1${r(58, BECH32.toLowerCase())}\n`,
      line: 4,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "1Password reference (op://)",
      file: "apps/api/.env.tpl",
      text: "DATABASE_PASSWORD=op://homelab/postgres/password\nAPI_TOKEN=op://homelab/api/credential\n",
      line: 1,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "Flux substitution variables in a Secret",
      file: "clusters/home/apps/substituted.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Flux substitution variables, written as in a manifest.
      text: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: apps\nstringData:\n  password: ${APP_PASSWORD}\n  token: ${APP_TOKEN:=unset}\n",
      line: 7,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "vals reference (ref+)",
      file: "apps/values.yaml",
      text: "auth:\n  password: ref+vault://secret/data/app#/password\n",
      line: 2,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "placeholder password",
      file: "docs/example-values.yaml",
      text: "auth:\n  password: changeme\n  apiKey: <your-api-key>\n",
      line: 2,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "Helm template expression",
      file: "charts/app/templates/secret.yaml",
      text: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: {{ .Values.password | quote }}\n",
      line: 6,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "line allowed inline",
      file: "test/fixture.env",
      text: `API_TOKEN=${gh}${r(36, ALNUM)} # gitleaks:allow\n`,
      line: 1,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "public certificate",
      file: "certs/ca.crt",
      text: `${pem("CERTIFICATE")}\n`,
      line: 1,
      kiln: null,
      gitleaks: false,
    },
    {
      name: "secretKeyRef (a reference to a Secret)",
      file: "clusters/home/apps/deploy.yaml",
      text: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  selector:\n    matchLabels: { app: app }\n  template:\n    metadata:\n      labels: { app: app }\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n          env:\n            - name: PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: app-secret\n                  key: password\n",
      line: 21,
      kiln: null,
      gitleaks: false,
    },
  ];
}

/** Writes the corpus into a fresh folder; returns it. */
export function writeCorpus(cases: readonly CorpusCase[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-scan-corpus-"));
  for (const [file, text] of [...cases.map((c) => [c.file, c.text] as const), ...Object.entries(extra)]) {
    const p = path.join(dir, file);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}
