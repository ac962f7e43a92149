/**
 * Every command registers itself here, one line each. Command files only declare flags; their
 * implementation is imported when the command runs.
 */
import type { Command } from "commander";
import { registerBootstrap } from "./bootstrap.ts";
import { registerBuild } from "./build.ts";
import { registerFlux } from "./flux.ts";
import { registerFn } from "./fn.ts";
import { registerFrp } from "./frp.ts";
import { registerImport } from "./import.ts";
import { registerInit } from "./init.ts";
import { registerRender } from "./render.ts";
import { registerSecrets } from "./secrets.ts";
import { registerSimulate } from "./simulate.ts";
import { registerSynth } from "./synth.ts";
import { registerValidate } from "./validate.ts";

export const commands: Array<(program: Command) => void> = [
  registerInit,
  registerSynth,
  registerBuild,
  registerValidate,
  registerBootstrap,
  registerRender,
  registerSimulate,
  registerFn,
  registerFrp,
  registerFlux,
  registerImport,
  registerSecrets,
];
