#!/bin/sh
# check-cli-libraries.sh KEFU_CLI KEFU_CLI_DRAW MODULEDIR — what kefu-cli
# loads before main() (issue 21): only what every command needs. libpq
# (with OpenSSL and Kerberos), ICU and libical are in modules loaded when a
# command needs them; cairo, Pango, fontconfig and libxlsxwriter (with
# libcrypto) only in kefu-cli-draw;
# libnotify in neither (notifications go straight to D-Bus). Each module
# and kefu-cli-draw must still have its library.
set -u
cli=$1 draw=$2 modules=$3
status=0

loaded() {
  # the libraries the dynamic loader maps for $1, one name a line
  ldd "$1" | awk '{print $1}'
}

for lib in libpq libicu libical libcairo libpango libfontconfig libnotify libgdk_pixbuf libssl libkrb5 libxlsxwriter libcrypto; do
  if loaded "$cli" | grep -q "^$lib"; then
    echo "not ok: kefu-cli loads $lib before main()"
    status=1
  fi
done
for pair in "$draw libcairo" "$draw libpango" "$draw libxlsxwriter" "$modules/kefu-pg.so libpq" \
            "$modules/kefu-pinyin.so libicui18n" "$modules/kefu-ical.so libical"; do
  set -- $pair
  if ! loaded "$1" | grep -q "^$2"; then
    echo "not ok: $1 does not load $2"
    status=1
  fi
done
[ $status = 0 ] && echo "ok: kefu-cli loads $(loaded "$cli" | wc -l) libraries, none of the heavy ones"
exit $status
