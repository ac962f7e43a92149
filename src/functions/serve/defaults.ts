/** Server defaults, kept apart from server.ts so the CLI can show them without loading gRPC. */

/** Where Crossplane's package manager mounts the function's certificates. */
export const DEFAULT_TLS_SERVER_CERTS_DIR = "/tls/server";
/** Crossplane dials functions on 9443. */
export const DEFAULT_ADDRESS = "0.0.0.0:9443";
/** gRPC's own default receive limit, which Crossplane's client also uses. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_DEADLINE_MS = 30_000;
/** Time in-flight calls get to finish after SIGTERM (Kubernetes' default grace period is 30 s). */
export const SHUTDOWN_GRACE_MS = 25_000;
/** The runtime image of packaged functions: distroless Node 20 (kiln's minimum), non-root. */
export const DEFAULT_BASE_IMAGE = "gcr.io/distroless/nodejs20-debian12:nonroot";
