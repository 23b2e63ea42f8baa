#!/usr/bin/env bash
# The Debian tools the test suite uses: independent readers of Tipline's output (exiftool,
# qpdf, pdftotext, unzip and image decoders), Chromium for the end-to-end tests and CJK fonts for
# its screenshots. Installs the missing ones with apt-get when run
# as root (CI, a fresh machine); otherwise names them and fails.
set -uo pipefail
need=()
command -v exiftool >/dev/null || need+=(libimage-exiftool-perl)
perl -MArchive::Zip -e1 2>/dev/null || need+=(libarchive-zip-perl)
command -v qpdf >/dev/null || need+=(qpdf)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v unzip >/dev/null || need+=(unzip)
command -v dwebp >/dev/null || need+=(webp)
command -v djpeg >/dev/null || need+=(libjpeg-turbo-progs)
command -v heif-convert >/dev/null || need+=(libheif-examples)
# The browser the end-to-end tests drive with playwright-core.
command -v chromium >/dev/null || need+=(chromium)
# CJK fonts, so that Korean and Chinese pages render readably in Chromium's screenshots (without
# them every Hangul and Han character is a box).
# (grep without -q reads to the end: an early exit would kill fc-list, and pipefail fail the test.)
{ fc-list : family 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; } \
  || [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ "${#need[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The tests need these Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "installing test tools: ${need[*]}" >&2
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
