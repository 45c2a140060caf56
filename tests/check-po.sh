#!/bin/sh
# Fails when po/LANG.po has an untranslated or fuzzy message, or lacks a
# message that the sources (po/POTFILES.in) contain today.
# Usage: check-po.sh SRCDIR LANG
set -eu
src=$1
lang=$2
po=$src/po/$lang.po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
echo "$lang: $stats"
case "$stats" in
  *untranslated*|*fuzzy*|*warning*|*error*) echo "FAIL: $po is incomplete" >&2; exit 1 ;;
esac

# The messages the sources have now (same keywords as meson's glib preset).
grep -v '^#' "$src/po/POTFILES.in" | sed '/^$/d' > "$tmp/files"
(cd "$src" && xgettext --from-code=UTF-8 --add-comments --files-from="$tmp/files" \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
   --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
   --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
   --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
   -o "$tmp/current.pot")
if ! LC_ALL=C msgcmp "$po" "$tmp/current.pot" 2> "$tmp/msgcmp.log"; then
  echo "FAIL: $po lacks messages that the sources have (run: ninja -C _build kefu-update-po):" >&2
  grep -E 'this message is used but not defined' -A1 "$tmp/msgcmp.log" | head -40 >&2
  exit 1
fi
echo "$lang: every message of the sources is translated"
