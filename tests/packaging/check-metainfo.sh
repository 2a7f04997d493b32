#!/usr/bin/env bash
# check-metainfo.sh APP_ID VERSION METAINFO SCREENSHOT_DIR: the AppStream metainfo passes
# `appstreamcli validate --no-net` with no error, warning or unexpected info, and says what the
# build is: its id, launchable, binaries, this version, and screenshots that exist, with captions.
set -euo pipefail
id=$1 version=$2 metainfo=$3 shots=$4
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(basename "$metainfo")" = "$id.metainfo.xml" ] || fail "$metainfo is not named $id.metainfo.xml"
out=$(appstreamcli validate --no-net "$metainfo" 2>&1) || fail "appstreamcli validate: $out"
echo "$out"
# The two infos AppStream 0.16 gives are decisions: the placeholder domain (README, "Application
# id") and <developer>, AppStream 1.0's tag, shipped beside 0.16's <developer_name>.
unexpected=$(echo "$out" | grep -E '^[EWIP]: ' |
    grep -vE "^I: $id:[0-9]+: cid-maybe-not-rdns $id\$" | grep -vE "^I: $id:[0-9]+: unknown-tag developer\$" || true)
[ -z "$unexpected" ] || fail "appstreamcli validate: $unexpected"
python3 - "$id" "$version" "$metainfo" "$shots" <<'PY'
import os, sys, xml.etree.ElementTree as ET
app_id, version, path, shots = sys.argv[1:]
root = ET.parse(path).getroot()
def fail(msg):
    sys.exit("FAIL: " + msg)
if root.findtext("id") != app_id: fail("id is not " + app_id)
if root.find("launchable").text != app_id + ".desktop": fail("launchable is not " + app_id + ".desktop")
if root.findtext("icon") != app_id: fail("icon is not " + app_id)
binaries = sorted(b.text for b in root.iterfind("provides/binary"))
if binaries != ["pal-sandbox", "palctl", "paldesk"]: fail("provides %s" % binaries)
if not root.findtext("developer_name") or not root.findtext("developer/name"): fail("developer_name and developer")
if root.find("content_rating").get("type") != "oars-1.1": fail("no OARS 1.1 content rating")
releases = [r.get("version") for r in root.iterfind("releases/release")]
if not releases or releases[0] != version: fail("newest release %s, project version %s" % (releases, version))
screenshots = root.findall("screenshots/screenshot")
if not screenshots: fail("no screenshots")
for s in screenshots:
    image = s.findtext("image")
    if not s.findtext("caption"): fail(image + " has no caption")
    if not image.startswith("https://"): fail(image + " is not an https URL")
    if not os.path.isfile(os.path.join(shots, os.path.basename(image))): fail(image + " is not in docs/screenshots")
print("ok:", path)
PY
