/**
 * Certificates for mutual-TLS tests, generated with the openssl CLI on the machine: a CA, a
 * server cert for localhost/127.0.0.1, a client cert from the same CA, and a client cert from
 * an unrelated CA (which the server must refuse).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { peer } from "../helpers/env.ts";

export interface TestPki {
  /** Folder laid out like Crossplane's /tls/server: tls.key, tls.crt, ca.crt. */
  serverDir: string;
  ca: Buffer;
  client: { cert: Buffer; key: Buffer };
  rogueClient: { cert: Buffer; key: Buffer };
}

export const OPENSSL_SKIP = "skipped: openssl is not installed (needed to generate test certificates)";
export const hasOpenssl = () => peer("openssl") !== undefined;

function ossl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function ca(dir: string, name: string): void {
  ossl(dir, [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
  ]);
}

function leaf(dir: string, name: string, caName: string, ext: string): void {
  ossl(dir, [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${name}`,
  ]);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  ossl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${caName}.crt`,
    "-CAkey",
    `${caName}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
}

export function makePki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-pki-"));
  ca(dir, "ca");
  ca(dir, "rogue-ca");
  leaf(dir, "server", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  leaf(dir, "client", "ca", "extendedKeyUsage=clientAuth\n");
  leaf(dir, "rogue", "rogue-ca", "extendedKeyUsage=clientAuth\n");
  const serverDir = path.join(dir, "server-tls");
  execFileSync("mkdir", [serverDir]);
  writeFileSync(path.join(serverDir, "tls.key"), readFileSync(path.join(dir, "server.key")));
  writeFileSync(path.join(serverDir, "tls.crt"), readFileSync(path.join(dir, "server.crt")));
  writeFileSync(path.join(serverDir, "ca.crt"), readFileSync(path.join(dir, "ca.crt")));
  const read = (f: string) => readFileSync(path.join(dir, f));
  return {
    serverDir,
    ca: read("ca.crt"),
    client: { cert: read("client.crt"), key: read("client.key") },
    rogueClient: { cert: read("rogue.crt"), key: read("rogue.key") },
  };
}
