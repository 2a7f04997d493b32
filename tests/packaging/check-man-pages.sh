#!/usr/bin/env bash
# check-man-pages.sh PALCTL MAN_DIR: each gzipped page in MAN_DIR renders with `man -l` without a
# groff warning, and palctl(1) has a section for every command `palctl --help` lists, every global
# option, every exit code and every environment variable it names.
set -euo pipefail
palctl=$1 dir=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
for page in palctl paldesk pal-sandbox; do
    gz=$dir/$page.1.gz
    [ -f "$gz" ] || fail "$gz was not built"
    warnings=$(zcat "$gz" | groff -man -ww -z 2>&1) || fail "groff: $warnings"
    [ -z "$warnings" ] || fail "$page(1): $warnings"
    text=$(MANWIDTH=200 MAN_KEEP_FORMATTING= man -l "$gz" 2>&1) || fail "man -l $gz: $text"
    echo "$text" | grep -q "^NAME" || fail "$page(1) has no NAME section"
    echo "$text" | grep -Eq "^ +$page " || fail "$page(1) does not name $page"
done
page=$(MANWIDTH=200 man -l "$dir/palctl.1.gz" | col -b)
help=$("$palctl" --help)
# Commands: the lines between "Commands:" and the blank line after them; two words at most
# ("partner show"), then arguments in capitals or brackets.
mapfile -t commands < <(echo "$help" | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z-]*\)\?\).*/\1/p')
[ ${#commands[@]} -gt 10 ] || fail "read only ${#commands[@]} commands from palctl --help"
for c in "${commands[@]}"; do
    echo "$page" | grep -Eq "^   palctl $c\$" || fail "palctl(1) has no section for 'palctl $c'"
    # the command's own options, as its --help lists them
    for o in $("$palctl" $c --help | sed -n '/^Options:/,/^$/p' | grep -Eo -- '--[a-z][a-z0-9-]*'); do
        echo "$page" | sed -n "/^   palctl $c\$/,/^   palctl /p" | grep -q -- "$o" ||
            fail "palctl(1) does not give 'palctl $c' its option $o"
    done
done
for o in $(echo "$help" | sed -n '/^Global options:/,/^$/p' | grep -Eo -- '--[a-z][a-z0-9-]*'); do
    echo "$page" | sed -n '/^GLOBAL OPTIONS/,/^COMMANDS/p' | grep -q -- "$o" || fail "palctl(1) lacks global option $o"
done
for code in $(echo "$help" | sed -n '/^Exit codes:/,/^$/p' | grep -Eo '^  [0-9]+'); do
    echo "$page" | sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' | grep -Eq "^       $code\b" || fail "palctl(1) lacks exit code $code"
done
for v in $(echo "$help" | sed -n '/^Environment:/,/^$/p' | grep -Eo '^  [A-Z_]+'); do
    echo "$page" | sed -n '/^ENVIRONMENT/,/^SEE ALSO/p' | grep -q "^       $v\$" || fail "palctl(1) lacks $v"
done
echo "ok: ${#commands[@]} commands in palctl(1), paldesk(1) and pal-sandbox(1) render"
