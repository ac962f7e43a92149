#!/usr/bin/env bash
# Installs the peers only the benchmarks use (not the tests): flux-local from PyPI into a venv
# at ~/.cache/kiln/fluxlocal-venv, where bench/flux.bench.ts looks for it. flux-local 7.x needs
# Python ≥ 3.12 (it uses PEP 701 f-strings; on 3.11 it stops at import with a SyntaxError), so
# the first python3.13/python3.12 on PATH or under pyenv is taken. kustomize and helm, which
# flux-local calls, come from .ci/run's GOBIN.
set -euo pipefail
venv=${KILN_FLUXLOCAL_VENV:-$HOME/.cache/kiln/fluxlocal-venv}
version=${KILN_FLUXLOCAL_VERSION:-7.11.0}
if [ -x "$venv/bin/flux-local" ] && "$venv/bin/pip" show flux-local 2>/dev/null | grep -qx "Version: $version"; then
  exit 0
fi
py=""
for c in python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3; do
  if command -v "$c" >/dev/null 2>&1 && "$c" 2>/dev/null -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    py=$c
    break
  fi
done
[ -n "$py" ] || { echo "bench-peers: no Python ≥ 3.12 found; flux-local is left out of the benchmarks"; exit 0; }
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/pip" install -q "flux-local==$version"
echo "bench-peers: flux-local $version in $venv ($("$py" --version))"
