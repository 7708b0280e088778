#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, from the npm registry) for test/extension/code-server.test.ts, which
# installs the extension's .vsix into it and drives it in headless Chromium. Idempotent: does nothing when this
# version is already installed. Prints the path of the code-server binary last.
#   STROOM_CODE_SERVER_HOME   install prefix (default ~/.cache/stroom-code-server; outside the repository)
set -euo pipefail

# 4.100.x is the last line that runs on Node 20 (later ones need Node 24).
VERSION=4.100.3
PREFIX="${STROOM_CODE_SERVER_HOME:-$HOME/.cache/stroom-code-server}"
BIN="$PREFIX/node_modules/code-server/out/node/entry.js"
LAUNCHER="$PREFIX/bin/code-server"
MARKER="$PREFIX/.installed-$VERSION"

# Debian packages: ripgrep (its binary replaces the download of @vscode/ripgrep), libkrb5-dev (code-server's
# kerberos addon links krb5), chromium (the test drives the page with it). apt-get update only when one is missing;
# someone else may hold the dpkg lock, so wait for it.
missing=()
for pkg in ripgrep libkrb5-dev chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt_get() {
        for attempt in 1 2 3 4 5; do
            apt-get -o DPkg::Lock::Timeout=300 "$@" && return 0
            echo "apt-get $1 failed (attempt $attempt); retrying in 20 s" >&2
            sleep 20
        done
        return 1
    }
    apt_get update -qq >&2
    apt_get install -y -qq "${missing[@]}" >&2
fi

if [ -f "$MARKER" ] && [ -x "$LAUNCHER" ] \
    && [ "$(node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null)" = "$VERSION" ]; then
    echo "$LAUNCHER"
    exit 0
fi

started=$(date +%s)
rm -rf "$PREFIX"
mkdir -p "$PREFIX/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache under $TMPDIR already has the archive:
# put Debian's rg there under the name it looks for.
case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) echo "code-server.sh: no ripgrep archive name known for $(uname -m)" >&2; exit 1 ;;
esac
mkdir -p "$work/tmp/vscode-ripgrep-cache-1.15.11" "$work/rg"
cp "$(command -v rg)" "$work/rg/rg"
tar -czf "$work/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$work/rg" rg

echo '{ "private": true }' > "$PREFIX/package.json"
# unsafe_perm: code-server's postinstall refuses to run as root without it. yes: node-pty's postinstall runs
# `npx node-gyp`, which must not prompt. nodedir: build the native addons against the local Node headers.
(
    cd "$PREFIX"
    TMPDIR="$work/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
        npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >&2
)
ln -sf ../node_modules/code-server/out/node/entry.js "$LAUNCHER"
chmod +x "$BIN"
# Its own config and data folders, so the check writes nothing into the user's.
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" "$LAUNCHER" --version >&2
touch "$MARKER"
echo "code-server $VERSION installed in $(( $(date +%s) - started )) s" >&2
echo "$LAUNCHER"
