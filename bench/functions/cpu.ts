/**
 * Server-side CPU per call without the network: decode the request, run the function, encode the
 * response — the part of a RunFunction call a function server controls. Less sensitive to a
 * loaded machine than loopback latency, so it is reported beside it.
 */
import { RunFunctionRequest, RunFunctionResponse, to } from "@crossplane-org/function-sdk-typescript";
import gateway from "../../examples/homelab/platform/function.ts";
import { median } from "../util.ts";

export interface CallCpu {
  decodeUs: number;
  runUs: number;
  encodeUs: number;
  responseBytes: number;
}

/** What both servers use on the wire: the SDK's generated code. */
const decode = (b: Uint8Array) => RunFunctionRequest.decode(b);
const encode = (r: RunFunctionResponse) => Buffer.from(RunFunctionResponse.encode(r).finish());

interface Side {
  run: (r: RunFunctionRequest) => Promise<RunFunctionResponse>;
  d: number[];
  r: number[];
  e: number[];
  size: number;
}

/** One round of `n` calls: decode, run and encode times per call in µs. */
async function round(bytes: Uint8Array, s: Side, n: number, keep: boolean): Promise<void> {
  let td = 0n;
  let tr = 0n;
  let te = 0n;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const req = decode(bytes);
    const t1 = process.hrtime.bigint();
    const rsp = await s.run(req);
    const t2 = process.hrtime.bigint();
    s.size = encode(rsp).length;
    const t3 = process.hrtime.bigint();
    td += t1 - t0;
    tr += t2 - t1;
    te += t3 - t2;
  }
  if (!keep) return;
  s.d.push(Number(td) / n / 1e3);
  s.r.push(Number(tr) / n / 1e3);
  s.e.push(Number(te) / n / 1e3);
}

const result = (s: Side): CallCpu => ({
  decodeUs: median(s.d),
  runUs: median(s.r),
  encodeUs: median(s.e),
  responseBytes: s.size,
});

/**
 * Medians over 6 rounds of `n` calls each. Rounds alternate between kiln's gateway function and
 * the bare SDK function so that both see the same load on a shared machine; the first round of
 * each warms the JIT up and is not counted.
 */
export async function callCpu(bytes: Uint8Array, n = 5000): Promise<{ kiln: CallCpu; sdk: CallCpu }> {
  const kiln: Side = { run: (r) => gateway.run(r), d: [], r: [], e: [], size: 0 };
  const sdk: Side = { run: async (r) => to(r), d: [], r: [], e: [], size: 0 };
  for (let i = 0; i < 7; i++) {
    await round(bytes, kiln, n, i > 0);
    await round(bytes, sdk, n, i > 0);
  }
  return { kiln: result(kiln), sdk: result(sdk) };
}
