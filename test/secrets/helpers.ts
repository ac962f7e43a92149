/** Test identities made fresh per run with the library (never committed), and a random tree. */
import fc from "fast-check";
import { generateIdentityFile } from "../../src/secrets/age.ts";
import { SopsMap, type SopsValue } from "../../src/secrets/tree.ts";

export async function identity(): Promise<{ secret: string; recipient: string; text: string }> {
  const { text, recipient } = await generateIdentityFile(new Date(0));
  const secret = text.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1")) as string;
  return { secret, recipient, text };
}

/** A plaintext value that never leaves a test's files: outputs are grepped for it. */
export const CANARY = "kiln-canary-7f3a9c41";

/** A plaintext Secret whose values carry the canary (data base64-encoded). */
export const CANARY_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: default
type: Opaque
data:
  password: ${Buffer.from(CANARY).toString("base64")}
stringData:
  user: ${CANARY}-user
`;

/** Flux's usual sops options for Secrets. */
export const FLUX_SOPS = { encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true } as const;

const key = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.-]{0,10}$/).filter((k) => k !== "sops");
const str = fc.oneof(
  // No tabs: sops 3.13.2 itself turns a multi-line string holding a tab into null (docs/secrets.md).
  // Nor multi-line text starting with a space or line break: yaml.v3 writes it as a `|4` block
  // even in a sequence item, where that indicator is wrong (kiln double-quotes it there).
  fc.string({ maxLength: 20 }).filter((s) => !s.includes("\t") && !(s.includes("\n") && /^[ \n]/.test(s))),
  fc.stringMatching(/^[a-z0-9:#'"-][a-z0-9 :#'"\n-]{0,20}$/),
  fc.constantFrom("yes", "no", "1.0", "null", "~", "true", "0x1F", "2024-01-01", "-a", "a: b"),
);
const scalar: fc.Arbitrary<SopsValue> = fc.oneof(
  str,
  fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.boolean(),
  fc.constant(null),
);
const mapOf = (v: fc.Arbitrary<SopsValue>) =>
  fc.uniqueArray(fc.tuple(key, v), { selector: ([k]) => k, maxLength: 5 }).map((items) => new SopsMap(items));

/** Random nested documents: maps, sequences, every scalar type. */
export const document: fc.Arbitrary<SopsMap> = fc.letrec<{ value: SopsValue; map: SopsMap }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    tie("map"),
    fc.array(tie("value"), { maxLength: 4 }),
  ),
  map: mapOf(tie("value")),
})).map;

/** Flat string maps, the shape dotenv holds. */
export const flatDocument: fc.Arbitrary<SopsMap> = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), fc.stringMatching(/^[ -~]{0,20}$/)), {
    selector: ([k]) => k,
    maxLength: 6,
  })
  .map((items) => new SopsMap(items.filter(([k]) => !k.startsWith("sops_"))));
