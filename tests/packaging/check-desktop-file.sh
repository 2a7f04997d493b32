#!/usr/bin/env bash
# check-desktop-file.sh APP_ID DESKTOP_FILE MAIN_CPP: the desktop file is named after the application
# id, names the icon by it, and passes desktop-file-validate with nothing to say (hints included).
set -euo pipefail
id=$1 desktop=$2 main=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(basename "$desktop")" = "$id.desktop" ] || fail "$desktop is not named $id.desktop"
grep -qx "Icon=$id" "$desktop" || fail "$desktop does not say Icon=$id"
grep -qx 'Exec=paldesk' "$desktop" || fail "$desktop does not start paldesk"
# paldesk tells the desktop (Wayland app_id, X11 startup notification) which desktop file it is.
grep -q 'setDesktopFileName(QStringLiteral(PALDESK_APP_ID))' "$main" || fail "$main does not set the desktop file name from PALDESK_APP_ID"
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate has something to say: $out"
echo "ok: $desktop"
