#!/bin/sh
# SPDX-License-Identifier: MIT
# jtune plot in a real browser: headless Chromium renders the SVG of a workload run (no XML
# error in the DOM, no error on its console beyond the machine's missing D-Bus and the
# browser's inter-process plumbing) and the
# screenshot carries far more than an empty page of the same size.
. "$JTUNE_SOURCE_DIR/tests/record/common.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium not found (Debian package chromium): skipped"; exit 77; }

"$JTUNE" plot "$JTUNE_SOURCE_DIR/tests/record/batch-run.csv" -o "$SCRATCH/plot.svg" \
    2>/dev/null || fail "plot"
cat >"$SCRATCH/blank.svg" <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="960" height="900"><rect width="100%" height="100%" fill="#fafafa"/></svg>
SVG

# chromium FILE.svg MODE OUT: one fresh profile per run
browse() {
    rm -rf "$SCRATCH/profile"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$SCRATCH/profile" --window-size=1000,1400 "$2" \
        "file://$1" >"$3" 2>"$3.err"
}
browse "$SCRATCH/plot.svg" --dump-dom "$SCRATCH/dom.txt" || fail "chromium --dump-dom failed"
grep -q '<svg' "$SCRATCH/dom.txt" || fail "the DOM has no <svg>"
! grep -q parsererror "$SCRATCH/dom.txt" || fail "chromium reports an XML error: $(cat "$SCRATCH/dom.txt")"
browse "$SCRATCH/plot.svg" --screenshot="$SCRATCH/plot.png" "$SCRATCH/shot.out" ||
    fail "chromium --screenshot failed: $(cat "$SCRATCH/shot.out.err")"
browse "$SCRATCH/blank.svg" --screenshot="$SCRATCH/blank.png" "$SCRATCH/blank.out" ||
    fail "chromium --screenshot of a blank page failed"
# errors other than the machine's (no D-Bus in a container) and the browser's own process
# plumbing (mojo IPC between its processes, seen on a loaded machine) are the page's
errors=$(cat "$SCRATCH/dom.txt.err" "$SCRATCH/shot.out.err" | grep -E 'ERROR|FATAL|Uncaught' |
    grep -v -E 'dbus|D-Bus|bus\.cc|object_proxy|mojo/|interface_endpoint_client' || true)
[ -z "$errors" ] || fail "chromium reported errors: $errors"
[ -s "$SCRATCH/plot.png" ] || fail "no screenshot"
plot=$(wc -c <"$SCRATCH/plot.png")
blank=$(wc -c <"$SCRATCH/blank.png")
echo "screenshot: $plot bytes (an empty page: $blank bytes)"
[ "$plot" -gt $((blank * 3)) ] || fail "the screenshot is hardly more than an empty page"
echo "ok: rendered by $("$CHROMIUM" --version 2>/dev/null | head -1)"
