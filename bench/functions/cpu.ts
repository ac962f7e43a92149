/**
 * Server-side CPU per call without the network: decode the request, run the function, encode the
 * response — the part of a RunFunction call a function server controls. Less sensitive to a
 * loaded machine than loopback latency, so it is reported beside it.
 */
import { RunFunctionRequest, RunFunctionResponse, to } from "@crossplane-org/function-sdk-typescript";
import gateway from "../../examples/homelab/platform/function.ts";
import { decodeRunFunctionRequest, encodeRunFunctionResponse } from "../../src/functions/codec.ts";
import { median } from "../util.ts";

export interface CallCpu {
  decodeUs: number;
  runUs: number;
  encodeUs: number;
  responseBytes: number;
}

interface Codec {
  decode(b: Uint8Array): RunFunctionRequest;
  encode(r: RunFunctionResponse): Uint8Array;
}
/** What each server uses on the wire: the SDK's generated codec, and kiln's (src/functions/codec.ts). */
const SDK_CODEC: Codec = {
  decode: (b) => RunFunctionRequest.decode(b),
  encode: (r) => Buffer.from(RunFunctionResponse.encode(r).finish()),
};
const KILN_CODEC: Codec = { decode: decodeRunFunctionRequest, encode: encodeRunFunctionResponse };

async function side(
  bytes: Uint8Array,
  codec: Codec,
  run: (r: RunFunctionRequest) => Promise<RunFunctionResponse>,
  n: number,
) {
  const d: number[] = [];
  const r: number[] = [];
  const e: number[] = [];
  let size = 0;
  for (let round = 0; round < 7; round++) {
    let td = 0n;
    let tr = 0n;
    let te = 0n;
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      const req = codec.decode(bytes);
      const t1 = process.hrtime.bigint();
      const rsp = await run(req);
      const t2 = process.hrtime.bigint();
      size = codec.encode(rsp).length;
      const t3 = process.hrtime.bigint();
      td += t1 - t0;
      tr += t2 - t1;
      te += t3 - t2;
    }
    // The first round warms the JIT up and is not counted.
    if (round === 0) continue;
    d.push(Number(td) / n / 1e3);
    r.push(Number(tr) / n / 1e3);
    e.push(Number(te) / n / 1e3);
  }
  return { decodeUs: median(d), runUs: median(r), encodeUs: median(e), responseBytes: size };
}

/** Medians over 6 rounds of `n` calls each, kiln's gateway function then the bare SDK function. */
export async function callCpu(bytes: Uint8Array, n = 5000): Promise<{ kiln: CallCpu; sdk: CallCpu }> {
  const kiln = await side(bytes, KILN_CODEC, (r) => gateway.run(r), n);
  const sdk = await side(bytes, SDK_CODEC, async (r) => to(r), n);
  return { kiln, sdk };
}
