#!/usr/bin/env bash
# Installs everything wafer2token needs, idempotently (Debian 12, as root).
# Quick when all is present: it checks before it installs.
#   bash scripts/deps.sh [--no-web]   (--no-web: native build only)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_web=1
[ "${1:-}" = "--no-web" ] && want_web=0

log() { printf '[deps] %s\n' "$*" >&2; }

native_pkgs=(build-essential clang cmake ninja-build git googletest libgtest-dev libgmock-dev
             nlohmann-json3-dev libbenchmark-dev libcurl4-openssl-dev ca-certificates)
web_pkgs=(emscripten dpkg-dev chromium fonts-roboto-unhinted fonttools)

pkgs=("${native_pkgs[@]}")
[ $want_web = 1 ] && pkgs+=("${web_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm come with the machine image; install Debian's only when absent.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

apt_updated=0
apt_update() { [ $apt_updated = 1 ] || { apt-get update -qq; apt_updated=1; }; }

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_update
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ $want_web = 1 ] || exit 0

# playwright-core (the browser tests) needs Node.js 20 or newer; the machine image ships it.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  log "Node.js >= 20 is needed for the browser tests; found $(node --version)"
  exit 1
fi

# Dear ImGui core sources (not in libimgui-dev) from Debian's source package,
# into a git-ignored, build-local folder.
imgui_dir="$here/third_party/imgui"
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
  log "fetching Dear ImGui sources (Debian source package)"
  # Source lists derived from the binary ones, so no host is named here.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    src_list=/etc/apt/sources.list.d/debian-src.sources
    [ -f "$src_list" ] || { sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list"; apt_updated=0; }
  else
    src_list=/etc/apt/sources.list.d/w2t-src.list
    [ -f "$src_list" ] || { sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$src_list"; apt_updated=0; }
  fi
  apt_update
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get source -qq imgui >/dev/null 2>&1)
  src="$(find "$tmp" -maxdepth 1 -type d -name 'imgui-*' | head -n 1)"
  [ -n "$src" ] && [ -f "$src/imgui.cpp" ] || { log "apt-get source imgui failed"; exit 1; }
  rm -rf "$imgui_dir"; mkdir -p "$(dirname "$imgui_dir")"
  mkdir -p "$imgui_dir/backends"
  cp "$src"/*.cpp "$src"/*.h "$imgui_dir/"
  cp "$src"/backends/imgui_impl_glfw.* "$src"/backends/imgui_impl_opengl3* "$imgui_dir/backends/"
  cp "$src/LICENSE.txt" "$imgui_dir/" 2>/dev/null || true
  rm -rf "$tmp"
fi

# npm packages for the browser tests and the SDK cross-checks (pinned in
# package-lock.json). Reinstall when node_modules is missing or was installed from
# another lockfile: the lockfile's SHA-256 is kept in node_modules/.w2t-lock-sha256.
lock_stamp="$here/node_modules/.w2t-lock-sha256"
lock_sha="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$lock_sha" ]; then
  log "installing npm packages"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$lock_sha" > "$lock_stamp"
fi
