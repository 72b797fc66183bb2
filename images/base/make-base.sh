#!/usr/bin/env bash
# Makes the default base image, a minimal Debian bookworm, without a registry: debootstrap
# --variant=minbase from the apt mirror, imported with `podman import`. Built once: an image
# already present under the name is reused (pass --rebuild to replace it).
#   images/base/make-base.sh [--rebuild]      env: GRADEBOX_BASE_IMAGE, DEBIAN_MIRROR
set -euo pipefail
image=${GRADEBOX_BASE_IMAGE:-localhost/gradebox-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "${1:-}" != --rebuild ] && podman image exists "$image"; then
  echo "make-base: $image present, reused"
  exit 0
fi

rootfs=$(mktemp -d /var/tmp/gradebox-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "make-base: debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
# Same suites as a debian:bookworm image: security and point-release updates.
cat > "$rootfs/etc/apt/sources.list" <<LIST
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
LIST
# What the slim images set: no recommends, no docs, no apt caches in layers.
cat > "$rootfs/etc/apt/apt.conf.d/90gradebox-slim" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CONF
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/90gradebox-nodoc" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CONF
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
       "$rootfs"/usr/share/locale/*
tar -C "$rootfs" --numeric-owner -c . |
  podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "make-base: $image imported"
