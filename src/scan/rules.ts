/**
 * What `kiln scan` looks for in text: credential formats that identify themselves (a fixed
 * prefix or armour and a known length). The formats are the vendors' (the same ones gitleaks'
 * default rules describe); the patterns are kiln's own, kept to the families a homelab repository
 * meets. Hand-written because no maintained npm package ships a secret-rule set with both
 * patterns and the non-secret prefix each token may be shown by.
 */

/** A credential format found by a regular expression over a file's text. */
export interface TokenRule {
  /** Stable id, shown as `scan/<id>` and usable in the allowlist. */
  id: string;
  description: string;
  /** Global regex; the group named `secret`, when present, is the secret, else the whole match. */
  pattern: RegExp;
  /** Lower-case literals one of which must occur in the text (skips the regex otherwise). */
  keywords: string[];
  /** The part of a match that identifies the format and is safe to show (e.g. `ghp_`). */
  shown?: (secret: string) => string;
  /** Extra test on the secret (e.g. a JWT's audience); false drops the match. */
  accept?: (secret: string) => boolean;
}

import { entropy } from "./values.ts";

const prefix = (n: number) => (s: string) => s.slice(0, n);
/** Ends a token: a quote, space, `;`, an escaped line break, or the end. */
const END = String.raw`(?=[\x60'"\s;,)\]}]|\\[nr]|$)`;

function jwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const TOKEN_RULES: readonly TokenRule[] = [
  {
    id: "bearer-token",
    description: "bearer token in an Authorization header",
    pattern: /\bBearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)/g,
    keywords: ["bearer"],
    // `Bearer ${TOKEN}` and `Bearer <token>` are how documentation writes it.
    accept: (s) => entropy(s) >= 3.5 && !/^[a-z_-]+$/i.test(s),
    shown: () => "",
  },
  {
    id: "private-key",
    description: "private key",
    // The body must be there: a bare BEGIN line in documentation is not a key.
    pattern:
      /-----BEGIN (?<label>(?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----[\sA-Za-z0-9+/=:,.\\-]{64,}?-----END \k<label>PRIVATE KEY(?: BLOCK)?-----/g,
    keywords: ["-----begin"],
    shown: (s) => /^-----BEGIN [A-Z0-9 ]*-----/.exec(s)?.[0] ?? "-----BEGIN PRIVATE KEY-----",
  },
  {
    id: "age-secret-key",
    description: "age identity (secret key)",
    pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g,
    keywords: ["age-secret-key-1"],
    shown: prefix(16),
  },
  {
    id: "github-token",
    description: "GitHub token",
    pattern: new RegExp(
      String.raw`\b(?<secret>(?:ghp|gho|ghu|ghs|ghr)_[0-9a-zA-Z]{36}|github_pat_\w{82})${END}`,
      "g",
    ),
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    shown: (s) => (s.startsWith("github_pat_") ? "github_pat_" : s.slice(0, 4)),
  },
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    pattern: /\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    keywords: ["a3t", "akia", "asia", "abia", "acca"],
    shown: prefix(4),
  },
  {
    id: "gcp-api-key",
    description: "Google Cloud API key",
    pattern: new RegExp(String.raw`\b(?<secret>AIza[\w-]{35})${END}`, "g"),
    keywords: ["aiza"],
    shown: prefix(4),
  },
  {
    id: "slack-token",
    description: "Slack token",
    pattern:
      /\b(?<secret>xox[baprse]-(?:\d+-)*[0-9a-zA-Z]{8,}(?:-[0-9a-zA-Z]+)*|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)/g,
    keywords: ["xox", "xapp-"],
    shown: prefix(5),
  },
  {
    id: "slack-webhook",
    description: "Slack incoming webhook URL",
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9+/]{43,56})/g,
    keywords: ["hooks.slack.com"],
    shown: () => "hooks.slack.com/",
  },
  {
    id: "digitalocean-token",
    description: "DigitalOcean token",
    pattern: new RegExp(String.raw`\b(?<secret>do[por]_v1_[a-f0-9]{64})${END}`, "g"),
    keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
    shown: prefix(7),
  },
  {
    id: "infisical-token",
    description: "Infisical service token",
    pattern: /\b(?<secret>st\.[a-f0-9]{16,}\.[a-f0-9]{16,}\.[a-f0-9]{16,})\b/g,
    keywords: ["st."],
    shown: prefix(3),
  },
  {
    id: "1password-token",
    description: "1Password service account token",
    pattern: /\b(?<secret>ops_eyJ[a-zA-Z0-9+/]{250,}={0,3})/g,
    keywords: ["ops_eyj"],
    shown: prefix(4),
  },
  {
    id: "1password-connect-token",
    description: "1Password Connect token",
    pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,})/g,
    keywords: ["eyj"],
    // A Connect token is a JWT for the audience com.1password.connect; other JWTs are left alone.
    accept: (s) => {
      const aud = jwtPayload(s)?.aud;
      return (Array.isArray(aud) ? aud : [aud]).some(
        (a) => typeof a === "string" && a.includes("1password.connect"),
      );
    },
    shown: () => "eyJ",
  },
];
