#!/usr/bin/env bash
# Checks the README's test command on a fresh Debian 12: a minimal debootstrap
# chroot (plus this machine's Node.js, which the project's machine image ships)
# gets a clean clone of the repo and runs .ci/run. Slow (downloads every
# package); run by hand, not by CI.   bash scripts/check-fresh-machine.sh [dir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${1:-/tmp/w2t-fresh}"
command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap
if [ ! -x "$root/bin/bash" ]; then
  debootstrap --variant=minbase bookworm "$root" "$(sed -n 's/^URIs: //p' /etc/apt/sources.list.d/debian.sources | head -n 1)"
fi
# The image's apt sources and resolver, as a new machine has them.
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
rm -f "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Node.js and npm as the machine image has them (not a Debian package).
mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules"
cp /usr/bin/node "$root/usr/local/bin/node"
rm -rf "$root/usr/local/lib/node_modules/npm"
cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
mounts=(proc sys dev dev/pts dev/shm)
cleanup() { for m in $(printf '%s\n' "${mounts[@]}" | tac); do umount -l "$root/$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$root/dev/shm"
run_in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin CI=true \
    "${pass_env[@]}" bash -c "$1"
}
pass_env=()
# The image ships git and ca-certificates; install them before copying the
# machine's certificates, which installing ca-certificates would overwrite.
run_in_root 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null'
# The machine's npm settings, CA certificates and their environment variables
# (its registry connections go through them).
for f in /root/.npmrc /etc/npmrc /usr/etc/npmrc /etc/ssl/certs/ca-certificates.crt \
         "${NODE_EXTRA_CA_CERTS:-}" "${SSL_CERT_FILE:-}"; do
  [ -n "$f" ] && [ -f "$f" ] && mkdir -p "$root$(dirname "$f")" && cp "$f" "$root$f"
done
for v in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR; do
  [ -n "${!v:-}" ] && pass_env+=("$v=${!v}")
done
rm -rf "$root/root/w2t"
git clone -q "$here" "$root/root/w2t"
run_in_root 'cd /root/w2t && time bash .ci/run'
