#!/usr/bin/env node
// Kept tiny so `kiln --version` starts fast: the CLI entry loads command modules lazily.
import "../dist/cli/main.js";
