#!/usr/bin/env bash
# `make test-browser`: renders a fixture report (five lessons: ok with figures, a crash, a compile
# error, never run, from cache; and a grade page) through the Report API, then loads its index,
# lesson pages and grade page in headless Chromium (Debian's `chromium`, installed if missing),
# failing on console errors, missing resources or a page that scrolls sideways on a phone.
# Screenshots (desktop, phone, print) and PDFs are saved under <output>/screenshots/ and the
# README's ones copied to docs/screenshots/. Then it edits a lesson open in `lessons preview`
# (scripts/preview_check.py): prose, code, a compile error, each must reach the page by itself.
#
#   BROWSER_TEST_OUTPUT   where the report goes (default .build/test-browser/output)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# Debian's chromium is installed here, not by `make deps`: only the browser tests need it.
if ! command -v chromium >/dev/null; then
  echo "test-browser: installing Debian's chromium"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "test-browser: needs root or sudo to apt-get install chromium" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium
fi

out="${BROWSER_TEST_OUTPUT:-.build/test-browser/output}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Only what this script wrote last time: the rendered fixture and its screenshots.
rm -rf "$out"/0[1-5]-*/ "$out/index.html" "$out/style.css" "$out/screenshots" "$out/grades"

echo "test-browser: rendering the fixture report into $out"
swift build 2>&1 | grep -E "error:" || true   # the lessons tool and libLessonKit.so, for the preview check
swift build --build-tests 2>&1 | grep -E "error:|warning: " | grep -v "should be located" || true
REPORT_FIXTURE_OUTPUT="$out" swift test --skip-build --filter NotebookTests.ReportBrowserFixtureTests 2>&1 \
  | grep -E "error|Executed .* tests?" | tail -n 1
[ -f "$out/index.html" ] || { echo "test-browser: the fixture report was not written" >&2; exit 1; }

echo "test-browser: loading pages in headless Chromium"
status=0
python3 scripts/browser_check.py "$out" index.html 01-tensors-and-data/index.html 02-mnist-mlp/index.html \
  03-convolutions/index.html grades/10-exercises.html --shots "$out/screenshots" || status=$?

echo "test-browser: lessons preview, edited while open in headless Chromium"
python3 scripts/preview_check.py .build/debug/lessons --shots "$out/screenshots" || status=$?

# The README's screenshots, from this run: index, a lesson, a failed lesson, the grade page, each
# on a desktop and a 390 px phone.
if [ $status -eq 0 ]; then
  mkdir -p docs/screenshots
  for page in index 01-tensors-and-data 02-mnist-mlp grades-10-exercises; do
    for viewport in desktop phone; do cp "$out/screenshots/$page-$viewport.png" docs/screenshots/; done
  done
  cp "$out/screenshots/preview-compile-error.png" docs/screenshots/
  echo "test-browser: screenshots copied to docs/screenshots/"
fi

echo "test-browser: took $(( $(date +%s) - start )) s"
exit $status
