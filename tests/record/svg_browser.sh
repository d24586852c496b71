#!/bin/sh
# SPDX-License-Identifier: MIT
# jtune plot in a real browser: headless Chromium renders the SVG of a workload run (no XML
# error in the DOM, no error on its console beyond the machine's missing D-Bus and the
# browser's inter-process plumbing) and the
# screenshot carries far more than an empty page of the same size.
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium not found (Debian package chromium): skipped"; exit 77; }

"$JTUNE" plot "$JTUNE_SOURCE_DIR/tests/record/batch-run.csv" -o "$T/plot.svg" \
    2>/dev/null || die "plot"
cat >"$T/blank.svg" <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="960" height="900"><rect width="100%" height="100%" fill="#fafafa"/></svg>
SVG

# chromium FILE.svg MODE OUT: one fresh profile per run
browse() {
    rm -rf "$T/profile"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$T/profile" --window-size=1000,1400 "$2" \
        "file://$1" >"$3" 2>"$3.err"
}
browse "$T/plot.svg" --dump-dom "$T/dom.txt" || die "chromium --dump-dom failed"
grep -q '<svg' "$T/dom.txt" || die "the DOM has no <svg>"
! grep -q parsererror "$T/dom.txt" || die "chromium reports an XML error: $(cat "$T/dom.txt")"
browse "$T/plot.svg" --screenshot="$T/plot.png" "$T/shot.out" ||
    die "chromium --screenshot failed: $(cat "$T/shot.out.err")"
browse "$T/blank.svg" --screenshot="$T/blank.png" "$T/blank.out" ||
    die "chromium --screenshot of a blank page failed"
# errors other than the machine's (no D-Bus in a container) and the browser's own process
# plumbing (mojo IPC between its processes, seen on a loaded machine) are the page's
errors=$(cat "$T/dom.txt.err" "$T/shot.out.err" | grep -E 'ERROR|FATAL|Uncaught' |
    grep -v -E 'dbus|D-Bus|bus\.cc|object_proxy|mojo/|interface_endpoint_client' || true)
[ -z "$errors" ] || die "chromium reported errors: $errors"
[ -s "$T/plot.png" ] || die "no screenshot"
plot=$(wc -c <"$T/plot.png")
blank=$(wc -c <"$T/blank.png")
echo "screenshot: $plot bytes (an empty page: $blank bytes)"
[ "$plot" -gt $((blank * 3)) ] || die "the screenshot is hardly more than an empty page"
echo "ok: rendered by $("$CHROMIUM" --version 2>/dev/null | head -1)"
