/**
 * A simulated Crossplane provider for `kiln simulate`: it turns desired managed resources into
 * observed ones, one reconcile pass per step. Behaviour is per kind and written in TypeScript:
 * how many passes until `Ready`, what `status.atProvider` reports once ready, and faults (a
 * resource that never becomes ready, a provider error). Without a rule a managed resource is
 * Ready one pass after it is created, with `atProvider` mirroring `forProvider`.
 */

import { createHash } from "node:crypto";
import type { KubeObject } from "../../core/identity.ts";
import { parseApiVersion } from "../../core/identity.ts";
import { userCodeSync } from "../../model/sandbox.ts";

/** How the simulated provider treats one kind (or one composed resource). */
export interface ManagedBehavior {
  /** Reconcile passes after creation before the resource reports Ready=True (default 1). */
  readyAfter?: number;
  /**
   * Fields `status.atProvider` reports once the resource is Ready, merged over a mirror of
   * `spec.forProvider`. `step` is the simulation step, for values that change over time.
   */
  observe?: (desired: KubeObject, step: number) => Record<string, unknown>;
  /** Fault: the resource is created but never becomes Ready. */
  neverReady?: boolean;
  /** Fault: the provider fails to reconcile it with this message (Synced=False, never Ready). */
  error?: string;
}

/**
 * Rules keyed by a composition resource name (`droplet`), `Kind.group`
 * (`Droplet.droplet.digitalocean.m.crossplane.io`) or `Kind` (`Droplet`), most specific first.
 */
export type ProviderRules = Readonly<Record<string, ManagedBehavior>>;

export const SIMULATED_PROVIDER = "kiln.dev/SimulatedProvider" as const;

/** A provider definition: user rules over kiln's defaults (see `defaultRules`). */
export interface SimulatedProvider {
  readonly kind: typeof SIMULATED_PROVIDER;
  readonly rules: ProviderRules;
}

/**
 * Declares how the simulated provider behaves, e.g.
 * `defineProvider({ "Droplet.droplet.digitalocean.m.crossplane.io": { readyAfter: 2, observe: () => ({ ipv4Address: "203.0.113.10" }) } })`.
 * A `kiln simulate --provider` module default-exports the result.
 */
export function defineProvider(rules: ProviderRules): SimulatedProvider {
  return { kind: SIMULATED_PROVIDER, rules };
}

export function isSimulatedProvider(v: unknown): v is SimulatedProvider {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === SIMULATED_PROVIDER;
}

/** A stable number in [0, mod) from text: simulated IDs must not change between runs. */
export function stableNumber(text: string, mod: number): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) % mod;
}

const forProvider = (o: KubeObject) =>
  (o.spec as { forProvider?: Record<string, unknown> } | undefined)?.forProvider ?? {};
const DO = ["digitalocean.m.crossplane.io", "digitalocean.crossplane.io"];

/** DigitalOcean kinds of the reference gateway: Image → Droplet → Domain and Records. */
export function defaultRules(): Record<string, ManagedBehavior> {
  const rules: Record<string, ManagedBehavior> = {};
  for (const g of DO) {
    rules[`Image.custom.${g}`] = {
      readyAfter: 2,
      // DigitalOcean image IDs are numbers; the gateway must stringify them for the Droplet.
      observe: (d) => ({
        imageId: 100_000_000 + stableNumber(`image/${d.metadata.name}`, 900_000_000),
        status: "available",
      }),
    };
    rules[`Droplet.droplet.${g}`] = {
      readyAfter: 2,
      observe: (d) => ({
        id: String(300_000_000 + stableNumber(`droplet/${d.metadata.name}`, 100_000_000)),
        // TEST-NET-3 (RFC 5737): documentation addresses, never routable.
        ipv4Address: `203.0.113.${10 + stableNumber(`ip/${d.metadata.name}`, 240)}`,
        status: "active",
      }),
    };
    rules[`Domain.dns.${g}`] = {
      readyAfter: 1,
      observe: (d) => ({ id: String(forProvider(d).name ?? d.metadata.name) }),
    };
    rules[`Record.dns.${g}`] = {
      readyAfter: 1,
      observe: (d) => {
        const fp = forProvider(d) as { name?: string; domain?: string };
        return {
          id: String(stableNumber(`record/${d.metadata.name}`, 1_000_000_000)),
          fqdn: fp.name === "@" || !fp.name ? fp.domain : `${fp.name}.${fp.domain}`,
        };
      },
    };
  }
  return rules;
}

/**
 * The behaviour for one composed resource: every matching rule merged, user rules over kiln's
 * defaults and more specific keys over less specific ones (so `--fault Droplet=never-ready`
 * adds to a provider module's `Droplet.droplet.…` rule instead of replacing it).
 */
export function behaviorFor(
  provider: SimulatedProvider | undefined,
  resourceName: string,
  obj: KubeObject,
): ManagedBehavior {
  const { group } = parseApiVersion(obj.apiVersion);
  const keys = [obj.kind, `${obj.kind}.${group}`, resourceName];
  const defaults = defaultRules();
  const layers = [...keys.map((k) => defaults[k]), ...keys.map((k) => provider?.rules[k])];
  return Object.assign({}, ...layers.filter((r) => r !== undefined));
}

/** One composed resource as the simulated cluster holds it. */
export interface ManagedState {
  /** Step at which the provider created it. */
  createdAt: number;
  /** The observed object (desired metadata/spec plus status). */
  observed: KubeObject;
}

/**
 * One reconcile pass over a desired composed resource: create it (naming it from generateName
 * deterministically) or update its spec, then report conditions and atProvider.
 */
export function reconcile(
  behavior: ManagedBehavior,
  desired: KubeObject,
  previous: ManagedState | undefined,
  step: number,
  seed: string,
): ManagedState {
  const createdAt = previous?.createdAt ?? step;
  const meta = structuredClone(desired.metadata);
  if (previous) meta.name = previous.observed.metadata.name;
  else if (!meta.name) meta.name = `${meta.generateName ?? ""}${generatedSuffix(seed)}`;
  const obj: KubeObject = { ...structuredClone(desired), metadata: meta };
  const age = step - createdAt;
  const ready = !behavior.neverReady && !behavior.error && age >= (behavior.readyAfter ?? 1);
  const atProvider = {
    ...forProvider(desired),
    // A provider module's `observe` is user code (timed on `kiln simulate`'s worker).
    ...(ready && behavior.observe
      ? userCodeSync(`the provider's observe() for ${seed}`, () => behavior.observe!(obj, step))
      : {}),
  };
  const synced = behavior.error
    ? { type: "Synced", status: "False", reason: "ReconcileError", message: behavior.error }
    : { type: "Synced", status: "True", reason: "ReconcileSuccess" };
  const readyCond = ready
    ? { type: "Ready", status: "True", reason: "Available" }
    : { type: "Ready", status: "False", reason: "Creating" };
  obj.status = { atProvider, conditions: [readyCond, synced] };
  return { createdAt, observed: obj };
}

// Kubernetes' generateName alphabet (no vowels, no look-alikes).
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function generatedSuffix(seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  return [...bytes.subarray(0, 5)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}
