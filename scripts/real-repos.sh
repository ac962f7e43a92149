#!/usr/bin/env bash
# Lays out YAML-only working copies of the public Flux repositories the real-repository tests and
# benchmarks read (KILN_REAL_REPOS), from git snapshots on this machine: one bare repository per
# project at $KILN_SNAPSHOTS/<owner>+<name>/repo (the search tool's fetch puts them in /work/.mirror).
# No repository content is committed to kiln; with no snapshots this prints nothing and the tests
# that need them skip. Usage: scripts/real-repos.sh OUT_DIR  → prints OUT_DIR when any was laid out.
set -euo pipefail
out=${1:?usage: real-repos.sh OUT_DIR}
snapshots=${KILN_SNAPSHOTS:-/work/.mirror}
# Kept for kiln's own tests. Repositories held aside for independent acceptance are not listed.
repos=(joryirving/home-ops mirceanton/home-ops zhorvath83/home-ops rcdailey/home-ops kid/home-ops damacus/home-ops)
any=false
for r in "${repos[@]}"; do
  gd="$snapshots/${r/\//+}/repo"
  [ -d "$gd" ] || continue
  dest="$out/${r%%/*}"
  if [ ! -f "$dest/.kiln-snapshot" ] || [ "$(cat "$dest/.kiln-snapshot")" != "$(git --git-dir="$gd" rev-parse HEAD)" ]; then
    rm -rf "$dest" && mkdir -p "$dest"
    # YAML, JSON, the text inputs of kustomize generators (scripts, configs, env files, icons:
    # what configMapGenerator files reads), and symlinks; absent blobs (large files) are skipped.
    git --git-dir="$gd" ls-tree -r HEAD | while read -r mode type sha path; do
      [ "$type" = blob ] || continue
      case "$path" in
      *.yaml | *.yml | *.json | *.env | *.txt | *.tpl | *.conf | *.toml | .sops.yaml | */.sops.yaml) ;;
      *.sh | *.py | *.js | *.mjs | *.lua | *.css | *.svg | *.vrl | *.config | *.ini | *.tmpl | *.j2 | */env | */.*ignore) ;;
      *) [ "$mode" = 120000 ] || continue ;;
      esac
      mkdir -p "$dest/$(dirname "$path")"
      if [ "$mode" = 120000 ]; then
        ln -sfn "$(git --git-dir="$gd" cat-file blob "$sha")" "$dest/$path"
      else
        git --git-dir="$gd" cat-file blob "$sha" >"$dest/$path" 2>/dev/null || rm -f "$dest/$path"
      fi
    done
    git --git-dir="$gd" rev-parse HEAD >"$dest/.kiln-snapshot"
  fi
  any=true
done
$any && echo "$out"
exit 0
