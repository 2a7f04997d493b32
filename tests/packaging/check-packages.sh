#!/usr/bin/env bash
# check-packages.sh APP_ID DIR: the .deb and the .rpm cpack wrote to DIR (one of each) both packages hold what an installed PAL Desk needs: the three
# binaries, the sandbox module, the desktop file, the metainfo, the icons, the man pages and the
# shell completions; and the RPM asks Fedora for what rpmbuild cannot see.
set -euo pipefail
id=$1 dir=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
shopt -s nullglob
debs=("$dir"/*.deb) rpms=("$dir"/*.rpm)
[ ${#debs[@]} -eq 1 ] && [ ${#rpms[@]} -eq 1 ] || fail "want one .deb and one .rpm in $dir: ${debs[*]} ${rpms[*]}"
deb=${debs[0]} rpm=${rpms[0]}
[ -f "$deb" ] || fail "no .deb at $deb"
[ -f "$rpm" ] || fail "no .rpm at $rpm"
deb_files=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
expected=(
    /usr/bin/paldesk /usr/bin/palctl /usr/bin/pal-sandbox
    "/usr/share/applications/$id.desktop"
    "/usr/share/metainfo/$id.metainfo.xml"
    "/usr/share/icons/hicolor/scalable/apps/$id.svg"
    /usr/share/man/man1/palctl.1.gz /usr/share/man/man1/paldesk.1.gz /usr/share/man/man1/pal-sandbox.1.gz
    /usr/share/bash-completion/completions/palctl /usr/share/zsh/vendor-completions/_palctl
)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$id.png")
done
for f in "${expected[@]}"; do
    grep -qx -- "$f" <<<"$deb_files" || fail "$(basename "$deb") lacks $f"
    grep -qx -- "$f" <<<"$rpm_files" || fail "$(basename "$rpm") lacks $f"
done
grep -Eq '/paldesk/paldesk-sandbox\.so$' <<<"$deb_files" || fail "$(basename "$deb") lacks the sandbox module"
grep -Eq '/paldesk/paldesk-sandbox\.so$' <<<"$rpm_files" || fail "$(basename "$rpm") lacks the sandbox module"
# The RPM owns no folder the system owns (it would conflict with Fedora's filesystem package).
for d in /usr /usr/bin /usr/share /usr/share/man/man1 /usr/share/applications /usr/share/icons/hicolor; do
    ! grep -qx -- "$d" <<<"$rpm_files" || fail "$(basename "$rpm") claims the system folder $d"
done
requires=$(rpm -qp --requires "$rpm" 2>/dev/null)
for r in qt6-qtbase qt6-qtnetworkauth qtkeychain-qt6 libsecret openssl-libs 'libQt6Widgets.so.6()(64bit)'; do
    grep -q -- "^$r" <<<"$requires" || fail "$(basename "$rpm") does not require $r"
done
echo "ok: $(basename "$deb") and $(basename "$rpm") hold ${#expected[@]} expected files each"
