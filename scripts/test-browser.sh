#!/usr/bin/env bash
# `make test-browser`: renders a fixture report (five lessons: ok with figures, a crash, a compile
# error, never run, from cache) through the Report API, then loads its index and two lesson pages
# in headless Chromium (Debian's `chromium`), failing on console errors, missing resources or a
# page that scrolls sideways on a phone. Screenshots (desktop, phone, print) and PDFs are saved
# under <output>/screenshots/.
#
#   BROWSER_TEST_OUTPUT   where the report goes (default .build/test-browser/output)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if ! command -v chromium >/dev/null; then
  echo "test-browser: needs Debian's chromium (apt-get install chromium)" >&2
  exit 1
fi

out="${BROWSER_TEST_OUTPUT:-.build/test-browser/output}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Only what this script wrote last time: the rendered fixture and its screenshots.
rm -rf "$out"/0[1-5]-*/ "$out/index.html" "$out/style.css" "$out/screenshots"

echo "test-browser: rendering the fixture report into $out"
swift build --build-tests 2>&1 | grep -E "error:|warning: " | grep -v "should be located" || true
REPORT_FIXTURE_OUTPUT="$out" swift test --skip-build --filter NotebookTests.ReportBrowserFixtureTests 2>&1 \
  | grep -E "error|Executed .* tests?" | tail -n 1
[ -f "$out/index.html" ] || { echo "test-browser: the fixture report was not written" >&2; exit 1; }

echo "test-browser: loading pages in headless Chromium"
status=0
python3 scripts/browser_check.py "$out" index.html 01-tensors-and-data/index.html 02-mnist-mlp/index.html \
  03-convolutions/index.html --shots "$out/screenshots" || status=$?

echo "test-browser: took $(( $(date +%s) - start )) s"
exit $status
