#!/usr/bin/env bash
# Installs the npm package llama-stack-client (the version pinned in evals-server/src/test/node/package-lock.json)
# for evals-server's conformance test, with `npm ci` from the committed lock file, and prints the folder of the
# package. The install goes to a cached folder named after the lock file's hash, so `mvn clean` keeps it and a new
# lock file installs anew: $EVALS4J_CACHE_DIR, else $XDG_CACHE_HOME/evals4j, else ~/.cache/evals4j. An argument
# gives another folder. Needs Node.js 20 and npm; reaches the npm registry only when the folder is not there yet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/evals-server/src/test/node"
hash="$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -c1-12)"
cache="${EVALS4J_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evals4j}"
dest="${1:-$cache/llama-stack-client-$hash}"
package="$dest/node_modules/llama-stack-client"

if [ -f "$package/package.json" ]; then
  echo "$package"
  exit 0
fi
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-llama-stack-client: $tool is not installed (Node.js 20 is needed)" >&2; exit 1; }
done
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 18 ] || { echo "install-llama-stack-client: Node.js $(node --version) is too old; 20 is needed" >&2; exit 1; }

tmp="$dest.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$src/package.json" "$src/package-lock.json" "$tmp/"
(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$tmp" "$dest"
trap - EXIT
echo "$package"
