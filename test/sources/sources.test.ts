import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError } from "kiln";
import { describe, expect, it } from "vitest";
import { ContentCache, defaultCacheDir, sha256 } from "../../src/sources/cache.ts";
import { fetchContent, PinMismatchError } from "../../src/sources/fetch.ts";
import { Lockfile } from "../../src/sources/lockfile.ts";
import { mirrorPath } from "../../src/sources/mirror.ts";
import { resolveArtifacts } from "../../src/sources/resolve.ts";
import { expandSources } from "../../src/sources/spec.ts";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-sources-"));
const URL_A = "https://example.test/org/repo/abc123/crds/a.yaml";

/** A mirror folder holding `url` with `text`. */
function mirrorWith(url: string, text: string): string {
  const dir = tmp();
  const file = mirrorPath(dir, url);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return dir;
}

describe("content cache", () => {
  it("stores by sha256 and treats a corrupt entry as absent", () => {
    const cache = new ContentCache(tmp());
    const hash = cache.put(Buffer.from("hello"));
    expect(hash).toBe(sha256("hello"));
    expect(cache.get(hash)?.toString()).toBe("hello");
    writeFileSync(cache.pathOf(hash), "tampered");
    expect(cache.get(hash)).toBeUndefined();
  });

  it("lives in KILN_CACHE, else XDG_CACHE_HOME/kiln, else ~/.cache/kiln", () => {
    expect(defaultCacheDir({ KILN_CACHE: "/c" })).toBe("/c");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x" })).toBe("/x/kiln");
    expect(defaultCacheDir({})).toBe(path.join(os.homedir(), ".cache", "kiln"));
  });
});

describe("mirror layout", () => {
  it("maps https://HOST/PATH to DIR/HOST/PATH", () => {
    expect(mirrorPath("/m", URL_A)).toBe("/m/example.test/org/repo/abc123/crds/a.yaml");
  });

  it.each(["https://example.test/a/..%2F..%2Fetc/passwd", "file:///etc/passwd", "not a url"])(
    "refuses %s",
    (u) => {
      expect(() => mirrorPath("/m", u)).toThrow(KilnError);
    },
  );
});

describe("fetchContent", () => {
  it("takes pinned content from the cache first, then the mirror (and caches it)", async () => {
    const cache = new ContentCache(tmp());
    const mirror = mirrorWith(URL_A, "from mirror");
    const pin = { sha256: sha256("from mirror"), size: 11 };
    const first = await fetchContent(URL_A, { cache, mirror, offline: true, pin });
    expect(first.from).toBe("mirror");
    const second = await fetchContent(URL_A, { cache, offline: true, pin });
    expect(second).toMatchObject({ from: "cache", sha256: pin.sha256 });
    expect(second.bytes.toString()).toBe("from mirror");
  });

  it("refuses content whose hash differs from the pin", async () => {
    const cache = new ContentCache(tmp());
    const mirror = mirrorWith(URL_A, "changed upstream");
    const pin = { sha256: sha256("original"), size: 8 };
    const e = await fetchContent(URL_A, { cache, mirror, offline: true, pin }).catch((x) => x);
    expect(e).toBeInstanceOf(PinMismatchError);
    expect(e.message).toContain(`kiln.lock pins sha256 ${pin.sha256}`);
    expect(e.message).toContain("kiln import --update");
    // Refused content is not cached under its new hash either way it could be used later.
    expect(cache.get(pin.sha256)).toBeUndefined();
  });

  it("names the URL and the three places looked when content is missing", async () => {
    const cache = new ContentCache(tmp());
    const pin = { sha256: sha256("x"), size: 1 };
    const e: KilnError = await fetchContent(URL_A, { cache, mirror: tmp(), offline: true, pin }).catch(
      (x) => x,
    );
    expect(e).toBeInstanceOf(KilnError);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe(`cannot get ${URL_A}`);
    expect(lines.slice(2).map((l) => l.trim().split(":")[0])).toEqual(["cache", "mirror", "network"]);
    expect(e.message).toContain("network: not tried (offline)");
    const noMirror: KilnError = await fetchContent(URL_A, { cache, offline: true }).catch((x) => x);
    expect(noMirror.message).toContain("mirror: none set (--mirror DIR or KILN_MIRROR)");
  });
});

describe("lockfile", () => {
  it("round-trips, sorted by key, byte-stable", () => {
    const lock = new Lockfile();
    lock.set({ url: "https://b.test/x.yaml", sha256: "b".repeat(64), size: 2 });
    lock.set({ path: "crds/a.yaml", sha256: "a".repeat(64), size: 1 });
    const text = lock.toString();
    expect(JSON.parse(text).artifacts.map((a: { url?: string; path?: string }) => a.url ?? a.path)).toEqual([
      "crds/a.yaml",
      "https://b.test/x.yaml",
    ]);
    expect(Lockfile.parse(text, "kiln.lock").toString()).toBe(text);
  });

  it.each([
    ["{", "not valid JSON"],
    ['{"lockfileVersion": 9, "artifacts": []}', "unsupported lockfile"],
    ['{"lockfileVersion": 1, "artifacts": [{"url": "u", "sha256": "zz", "size": 1}]}', "sha256 (64 hex)"],
  ])("rejects a malformed lockfile (%s)", (text, msg) => {
    expect(() => Lockfile.parse(text, "kiln.lock")).toThrow(msg);
  });
});

describe("source expansion and resolution", () => {
  it("expands URLs, files, folders and Helm charts' crds/ into artifacts", () => {
    const dir = tmp();
    mkdirSync(path.join(dir, "crds/sub"), { recursive: true });
    mkdirSync(path.join(dir, "chart/crds"), { recursive: true });
    for (const f of ["crds/b.yaml", "crds/sub/a.yml", "crds/readme.md", "chart/crds/c.yaml", "one.json"])
      writeFileSync(path.join(dir, f), "x");
    const keys = expandSources(
      [URL_A, { path: "crds" }, { chart: "chart" }, "one.json", { url: URL_A }],
      dir,
    ).map((a) => a.key);
    expect(keys).toEqual([URL_A, "crds/b.yaml", "crds/sub/a.yml", "chart/crds/c.yaml", "one.json"]);
    expect(() => expandSources([{ chart: "crds" }], dir)).toThrow("has no crds/ folder");
    expect(() => expandSources(["missing.yaml"], dir)).toThrow("no such file or folder");
  });

  it("pins new artifacts and refuses a changed local file until update", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "a.yaml"), "one");
    const cache = new ContentCache(tmp());
    const arts = expandSources(["a.yaml"], dir);
    const first = await resolveArtifacts(arts, { lock: new Lockfile(), cache, offline: true });
    expect(first.lock.get("a.yaml")).toEqual({ path: "a.yaml", sha256: sha256("one"), size: 3 });
    writeFileSync(path.join(dir, "a.yaml"), "two");
    await expect(resolveArtifacts(arts, { lock: first.lock, cache, offline: true })).rejects.toThrow(
      "file changed since it was pinned",
    );
    const updated = await resolveArtifacts(arts, { lock: first.lock, cache, offline: true, update: true });
    expect(updated.lock.get("a.yaml")?.sha256).toBe(sha256("two"));
  });
});

describe("fetchContent over HTTP (a local server stands in for upstream)", () => {
  it("downloads, hash-checks and caches; a 404 or refused connection is one clear error", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      if (req.url === "/crds/a.yaml") res.end("served");
      else res.writeHead(404, "Not Found").end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const cache = new ContentCache(tmp());
      const url = `http://127.0.0.1:${port}/crds/a.yaml`;
      const got = await fetchContent(url, { cache });
      expect(got).toMatchObject({ from: "network", sha256: sha256("served"), size: 6 });
      expect(cache.get(sha256("served"))?.toString()).toBe("served");
      const missing: KilnError = await fetchContent(`http://127.0.0.1:${port}/nope.yaml`, { cache }).catch(
        (x) => x,
      );
      expect(missing.message).toContain("network: HTTP 404 Not Found");
      const pinned = await fetchContent(url, { cache, pin: { sha256: sha256("other"), size: 5 } }).catch(
        (x) => x,
      );
      expect(pinned).toBeInstanceOf(PinMismatchError);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    // A port nothing listens on (taken and released; fetch's pool never connected to it).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const free = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const refused: KilnError = await fetchContent(`http://127.0.0.1:${free}/crds/a.yaml`, {
      cache: new ContentCache(tmp()),
    }).catch((x) => x);
    expect(refused.message).toMatch(/network: ECONNREFUSED/);
  });
});
