#!/usr/bin/env bash
# Runs Node 24, the active LTS that the suite runs on and the bench measures, with the given
# arguments: the machine's `node` when it is 24, else the npm registry's `node` package (a Node 24
# binary), fetched once into a cache directory (BHARATMART_NODE24_DIR, by default
# ~/.cache/bharatmart/node24) and reused by later runs.
set -euo pipefail
if [ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ]; then exec node "$@"; fi
dir="${BHARATMART_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bharatmart/node24}"
if [ ! -x "$dir/node_modules/.bin/node" ]; then
  echo "node24: fetching Node 24 from the npm registry (package node@24) into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent node@24
fi
exec "$dir/node_modules/.bin/node" "$@"
