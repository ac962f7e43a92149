/**
 * The Kubernetes CEL library functions (k8s.io/apiserver/pkg/cel/library) that @bufbuild/cel
 * does not ship: URLs, quantities, lists, regex, IP/CIDR. Written here because no JavaScript
 * package provides them; semantics follow the Kubernetes docs for "CEL in Kubernetes".
 *
 * @bufbuild/cel has no opaque custom types, so a Quantity or URL is carried as a map with one
 * reserved key; user data never contains that key because object keys reach CEL escaped.
 */
import {
  type CelFunc,
  type CelMap,
  CelScalar,
  celFunc,
  celMap,
  celMethod,
  isCelMap,
  listType,
  mapType,
  strings,
} from "../../core/cel-vendor.ts";

const Q = "__kiln_quantity__";
const U = "__kiln_url__";
const DYN = CelScalar.DYN;
const STR = CelScalar.STRING;
const BOOL = CelScalar.BOOL;
const INT = CelScalar.INT;
const DBL = CelScalar.DOUBLE;
const MAP = mapType(STR, DYN);
const LIST = listType(DYN);

/** Quantity as an exact rational: `num / 10^9` (nano units), enough for every Kubernetes suffix. */
const SUFFIX: Record<string, bigint> = {
  n: 1n,
  u: 1_000n,
  m: 1_000_000n,
  "": 1_000_000_000n,
  k: 10n ** 12n,
  M: 10n ** 15n,
  G: 10n ** 18n,
  T: 10n ** 21n,
  P: 10n ** 24n,
  E: 10n ** 27n,
  Ki: 1024n * 10n ** 9n,
  Mi: 1024n ** 2n * 10n ** 9n,
  Gi: 1024n ** 3n * 10n ** 9n,
  Ti: 1024n ** 4n * 10n ** 9n,
  Pi: 1024n ** 5n * 10n ** 9n,
  Ei: 1024n ** 6n * 10n ** 9n,
};
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** Parses a Kubernetes resource.Quantity into nano units, or undefined when malformed. */
export function parseQuantity(s: string): bigint | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [, sign, digits, suffix, exp] = m;
  const [whole, frac = ""] = digits!.split(".");
  let num = BigInt(`${whole || "0"}${frac}`);
  let scale = SUFFIX[suffix ?? ""]!;
  let den = 10n ** BigInt(frac.length);
  if (exp !== undefined) {
    const e = Number(exp);
    if (Math.abs(e) > 30) return undefined;
    if (e >= 0) scale *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  num = (num * scale) / den;
  return sign === "-" ? -num : num;
}

function quantity(s: string): CelMap {
  const v = parseQuantity(s);
  if (v === undefined) throw new Error(`quantities must match the regular expression '${QUANTITY.source}'`);
  return celMap(
    new Map<string, bigint | string>([
      [Q, v],
      ["__text__", s],
    ]),
  );
}
function q(m: CelMap): bigint {
  const v = m.get(Q);
  if (typeof v !== "bigint") throw new Error("no such overload: receiver is not a Quantity");
  return v;
}
const cmp = (a: bigint, b: bigint) => (a < b ? -1n : a > b ? 1n : 0n);

function url(s: string): CelMap {
  let u: URL;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^\//.test(s))
    throw new Error(`URL parse error during conversion from string: ${s}`);
  try {
    u = new URL(s, s.startsWith("/") ? "relative:/" : undefined);
  } catch {
    throw new Error(`URL parse error during conversion from string: ${s}`);
  }
  const rel = s.startsWith("/");
  return celMap(
    new Map<string, string | boolean>([
      [U, true],
      ["scheme", rel ? "" : u.protocol.replace(/:$/, "")],
      ["host", rel ? "" : u.host],
      ["hostname", rel ? "" : u.hostname.replace(/^\[|\]$/g, "")],
      ["port", rel ? "" : u.port],
      ["path", u.pathname],
      ["query", u.search.replace(/^\?/, "")],
    ]),
  );
}
const part = (m: CelMap, k: string) => {
  if (m.get(U) !== true) throw new Error("no such overload: receiver is not a URL");
  return String(m.get(k) ?? "");
};

function numbers(l: Iterable<unknown>): Array<bigint | number> {
  return [...l].map((x) => {
    if (typeof x === "bigint" || typeof x === "number") return x;
    throw new Error("no such overload: list elements must be numbers");
  });
}
function ordered(l: Iterable<unknown>): unknown[] {
  return [...l];
}
function lt(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a < b;
  if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number"))
    return a < b;
  throw new Error("no such overload: elements are not comparable");
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIP(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (!s.includes(":") || s.includes("%")) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
function isCIDR(s: string): boolean {
  const [ip, bits, extra] = s.split("/");
  if (extra !== undefined || !ip || !bits || !/^\d+$/.test(bits)) return false;
  return isIP(ip) && Number(bits) <= (ip.includes(":") ? 128 : 32);
}

/** Function names this library adds, for the static "is every call supported" check. */
export const KUBERNETES_FUNCTIONS = [
  "isURL",
  "url",
  "getScheme",
  "getHost",
  "getHostname",
  "getPort",
  "getEscapedPath",
  "getQuery",
  "isQuantity",
  "quantity",
  "isLessThan",
  "isGreaterThan",
  "compareTo",
  "asInteger",
  "asApproximateFloat",
  "isInteger",
  "sign",
  "add",
  "sub",
  "isSorted",
  "sum",
  "min",
  "max",
  "indexOf",
  "lastIndexOf",
  "find",
  "findAll",
  "isIP",
  "isCIDR",
];

/** Every function kiln registers on top of the CEL standard library. */
export function kubernetesLibrary(): CelFunc[] {
  return [
    ...strings,
    celFunc("isURL", [STR], BOOL, (s) => {
      try {
        url(s);
        return true;
      } catch {
        return false;
      }
    }),
    celFunc("url", [STR], MAP, (s) => url(s)),
    celMethod("getScheme", MAP, [], STR, function () {
      return part(this, "scheme");
    }),
    celMethod("getHost", MAP, [], STR, function () {
      return part(this, "host");
    }),
    celMethod("getHostname", MAP, [], STR, function () {
      return part(this, "hostname");
    }),
    celMethod("getPort", MAP, [], STR, function () {
      return part(this, "port");
    }),
    celMethod("getEscapedPath", MAP, [], STR, function () {
      return part(this, "path");
    }),
    celMethod("getQuery", MAP, [], STR, function () {
      return part(this, "query");
    }),
    celFunc("isQuantity", [STR], BOOL, (s) => parseQuantity(s) !== undefined),
    celFunc("quantity", [STR], MAP, (s) => quantity(s)),
    celMethod("isLessThan", MAP, [MAP], BOOL, function (o) {
      return q(this) < q(o);
    }),
    celMethod("isGreaterThan", MAP, [MAP], BOOL, function (o) {
      return q(this) > q(o);
    }),
    celMethod("compareTo", MAP, [MAP], INT, function (o) {
      return cmp(q(this), q(o));
    }),
    celMethod("sign", MAP, [], INT, function () {
      return cmp(q(this), 0n);
    }),
    celMethod("isInteger", MAP, [], BOOL, function () {
      return q(this) % 1_000_000_000n === 0n;
    }),
    celMethod("asInteger", MAP, [], INT, function () {
      const v = q(this);
      if (v % 1_000_000_000n !== 0n) throw new Error("cannot convert value to integer");
      return v / 1_000_000_000n;
    }),
    celMethod("asApproximateFloat", MAP, [], DBL, function () {
      return Number(q(this)) / 1e9;
    }),
    celMethod("add", MAP, [MAP], MAP, function (o) {
      return addQ(q(this) + q(o));
    }),
    celMethod("sub", MAP, [MAP], MAP, function (o) {
      return addQ(q(this) - q(o));
    }),
    celMethod("isSorted", LIST, [], BOOL, function () {
      const xs = ordered(this);
      return xs.every((x, i) => i === 0 || !lt(x, xs[i - 1]));
    }),
    celMethod("sum", LIST, [], DYN, function () {
      const xs = numbers(this);
      if (xs.length === 0) return 0n;
      return xs.every((x) => typeof x === "bigint")
        ? (xs as bigint[]).reduce((a, b) => a + b, 0n)
        : xs.reduce<number>((a, b) => a + Number(b), 0);
    }),
    celMethod("min", LIST, [], DYN, function () {
      const xs = ordered(this);
      if (!xs.length) throw new Error("min called on empty list");
      return xs.reduce((a, b) => (lt(b, a) ? b : a)) as bigint;
    }),
    celMethod("max", LIST, [], DYN, function () {
      const xs = ordered(this);
      if (!xs.length) throw new Error("max called on empty list");
      return xs.reduce((a, b) => (lt(a, b) ? b : a)) as bigint;
    }),
    celMethod("find", STR, [STR], STR, function (re) {
      return new RegExp(re).exec(this)?.[0] ?? "";
    }),
    celMethod("findAll", STR, [STR], listType(STR), function (re) {
      return [...this.matchAll(new RegExp(re, "g"))].map((m) => m[0]);
    }),
    celFunc("isIP", [STR], BOOL, (s) => isIP(s)),
    celFunc("isCIDR", [STR], BOOL, (s) => isCIDR(s)),
  ];
}

function addQ(v: bigint): CelMap {
  return celMap(
    new Map<string, bigint | string>([
      [Q, v],
      ["__text__", String(v)],
    ]),
  );
}

/** True for values produced by `quantity()` / `url()` (they must not leak into messages as maps). */
export function isOpaque(v: unknown): boolean {
  return isCelMap(v) && (v.has(Q) || v.has(U));
}
