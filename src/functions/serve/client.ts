/**
 * A RunFunction client built from the SDK's service definition (the SDK exports the service but
 * not a client constructor), for tests, benchmarks and tools that call a running function.
 */
import {
  FunctionRunnerServiceService,
  type RunFunctionRequest,
  type RunFunctionResponse,
} from "@crossplane-org/function-sdk-typescript";
import * as grpc from "@grpc/grpc-js";

type UnaryMethod = (
  req: RunFunctionRequest,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, rsp: RunFunctionResponse) => void,
) => grpc.ClientUnaryCall;

export interface FunctionClient {
  /** One RunFunction call; rejects with the gRPC ServiceError (code, details) on failure. */
  run(req: RunFunctionRequest, opts?: { deadlineMs?: number }): Promise<RunFunctionResponse>;
  close(): void;
}

/** TLS material of a client: the CA that signed the server, and the client's own pair for mTLS. */
export interface ClientTls {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Connects to a function at `address`; `tls` undefined means plain text (`--insecure` servers). */
export function connectFunction(
  address: string,
  tls?: ClientTls,
  options: grpc.ClientOptions = {},
): FunctionClient {
  const Client = grpc.makeGenericClientConstructor(
    FunctionRunnerServiceService as unknown as grpc.ServiceDefinition,
    "FunctionRunnerService",
  );
  const creds = tls
    ? grpc.credentials.createSsl(tls.ca, tls.key ?? null, tls.cert ?? null)
    : grpc.credentials.createInsecure();
  const client = new Client(address, creds, options);
  return {
    run: (req, opts = {}) =>
      new Promise((resolve, reject) => {
        const callOpts: grpc.CallOptions = opts.deadlineMs ? { deadline: Date.now() + opts.deadlineMs } : {};
        (client as unknown as { runFunction: UnaryMethod }).runFunction(
          req,
          new grpc.Metadata(),
          callOpts,
          (err: grpc.ServiceError | null, rsp: RunFunctionResponse) => (err ? reject(err) : resolve(rsp)),
        );
      }),
    close: () => client.close(),
  };
}
