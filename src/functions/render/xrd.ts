/**
 * `kiln render --xrd`: default the XR from its CompositeResourceDefinition's schema before the
 * pipeline sees it, as crank's `DefaultValues` does (the apiserver would default it on create).
 */
import { KilnError } from "../../core/errors.ts";
import { parseApiVersion } from "../../core/identity.ts";
import { isObject } from "../../core/object.ts";
import { applyDefaults } from "../../import/defaults.ts";
import { type LoadedObject, loadObjects, where } from "./load.ts";

/** The XR with the defaults of the XRD version it is written in. */
export function defaultFromXrd(xr: LoadedObject, xrdFile: string): Record<string, unknown> {
  const all = loadObjects(xrdFile, "XRD");
  if (all.length !== 1)
    throw new KilnError(`expected exactly one XRD, found ${all.length}`, { file: xrdFile });
  const xrd = all[0]!;
  const o = xrd.object;
  if (
    !/^apiextensions\.crossplane\.io\/v(1|2)$/.test(o.apiVersion) ||
    o.kind !== "CompositeResourceDefinition"
  ) {
    throw new KilnError(`not an XRD: ${o.kind}/${o.metadata.name ?? ""}`, where(xrd));
  }
  const spec = isObject(o.spec) ? o.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const { group, version } = parseApiVersion(xr.object.apiVersion);
  if (spec.group !== group || names.kind !== xr.object.kind) {
    throw new KilnError(
      `XRD ${o.metadata.name} defines ${String(names.kind)}.${String(spec.group)}, not the XR's ${xr.object.kind}.${group}`,
      where(xrd, ["spec"]),
    );
  }
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const v = versions.find((x) => x.name === version);
  if (!v) {
    throw new KilnError(
      `XRD ${o.metadata.name} has no version ${version} (has ${versions.map((x) => String(x.name)).join(", ") || "none"})`,
      where(xrd, ["spec", "versions"]),
    );
  }
  const schema =
    isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
  return applyDefaults(xr.object, schema) as Record<string, unknown>;
}
