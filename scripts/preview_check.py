#!/usr/bin/env python3
"""Drives `lessons preview` with real headless Chromium (DevTools protocol over a pipe).

In a fresh project holding one lesson, it starts `lessons preview`, opens the lesson's page once
and never reloads or navigates it again, then:
  1. edits the lesson's prose and waits for the page to show the new text (a re-render);
  2. edits its code and waits for the new output, noting the progress panel on the way;
  3. breaks its code and waits for the report's compile-error banner;
and finally stops the preview with Ctrl-C (SIGINT) and expects it to exit 0. Each change must
reach the page by itself (the preview's WebSocket reloads it); any console error fails the test.

usage: preview_check.py LESSONS_BINARY [--shots DIR]
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_check import Browser, VIEWPORTS, collect_problems, screenshot  # noqa: E402

LESSON = """---
title: Live preview
---
First prose, before any edit.

```swift
//| id: greet
print("value 1")
```

A second paragraph.

```swift
//| id: wait
usleep(1_500_000)   // long enough to see the progress panel
print("waited")
```
"""

PAGE_STATE = r"""
(() => {
  const panel = document.getElementById("lessons-preview");
  const problems = document.getElementById("problems");
  return {
    text: document.body ? document.body.innerText : "",
    panel: panel && panel.style.display !== "none" ? panel.textContent : "",
    banner: problems ? problems.innerText : "",
    scripts: document.scripts.length,
  };
})()
"""


class Preview:
    """`lessons preview` in a project of its own, its output read on a thread."""

    def __init__(self, binary, root):
        self.lines = []
        self.proc = subprocess.Popen([binary, "preview", "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.url = None
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.time() + 60
        while self.url is None:
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("lessons preview printed no address:\n" + "".join(self.lines))
            time.sleep(0.05)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            m = re.match(r"preview: (http://127\.0\.0\.1:\d+/\S*)", line)
            if m:
                self.url = m.group(1)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def state(browser):
    reply = browser.send("Runtime.evaluate", {"expression": PAGE_STATE, "returnByValue": True})
    return reply.get("result", {}).get("value") or {"text": "", "panel": "", "banner": "", "scripts": 0}


def wait_until(browser, what, predicate, timeout=180, seen_panels=None):
    """Polls the page until `predicate(state)` holds; returns the state."""
    deadline = time.time() + timeout
    last = {}
    while time.time() < deadline:
        try:
            last = state(browser)
        except RuntimeError:  # the page is between two documents (it is reloading)
            time.sleep(0.05)
            continue
        if seen_panels is not None and last.get("panel"):
            seen_panels.add(last["panel"])
        if predicate(last):
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; the page shows:\n{last.get('text', '')[:600]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--shots")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)

    root = tempfile.mkdtemp(prefix="lessons-preview-check-")
    lesson = os.path.join(root, "lessons", "01-live.md")
    os.makedirs(os.path.dirname(lesson))
    with open(lesson, "w") as f:
        f.write(LESSON)

    def edit(old, new):
        with open(lesson) as f:
            text = f.read()
        assert old in text, old
        with open(lesson, "w") as f:
            f.write(text.replace(old, new))

    preview = Preview(args.binary, root)
    print(f"  preview at {preview.url}")
    browser = Browser(args.chromium)
    failures = []
    crashed = True
    try:
        browser.attach_page()
        browser.set_viewport(VIEWPORTS["desktop"])
        # The only navigation of the test: from here on, the page changes by itself or not at all.
        browser.send("Page.navigate", {"url": preview.url})
        browser.wait_for("Page.loadEventFired")
        panels = set()
        s = wait_until(browser, "the first run's output", lambda s: "waited" in s["text"], seen_panels=panels)
        if s["scripts"] != 1:
            failures.append(f"the served page has {s['scripts']} scripts, expected the preview's one")
        print("  ok   first run shown")

        t = time.time()
        edit("First prose, before any edit.", "Prose edited while the page was open.")
        wait_until(browser, "the edited prose", lambda s: "Prose edited while the page was open." in s["text"])
        print(f"  ok   prose edit shown without a reload ({time.time() - t:.1f} s)")

        t = time.time()
        panels.clear()
        edit('print("value 1")', 'print("value 2")')
        wait_until(browser, "the new output", lambda s: "value 2" in s["text"] and "waited" in s["text"], seen_panels=panels)
        print(f"  ok   code edit re-run and shown ({time.time() - t:.1f} s)")
        if not any("step" in p or "compiling" in p for p in panels):
            failures.append(f"no progress shown while the lesson ran (panel texts: {sorted(panels)})")
        else:
            print(f"  ok   progress shown during the run: {sorted(panels)[-1].splitlines()[-1]!r}")

        t = time.time()
        edit('print("value 2")', 'let broken: String = 42')
        s = wait_until(browser, "the compile-error banner", lambda s: "did not compile" in s["banner"])
        if "01-live.md:8" not in s["banner"]:
            failures.append(f"the banner does not name the Markdown line: {s['banner'][:300]}")
        print(f"  ok   compile error banner shown ({time.time() - t:.1f} s)")
        if args.shots:
            os.makedirs(args.shots, exist_ok=True)
            screenshot(browser, os.path.join(args.shots, "preview-compile-error.png"), browser.page_height())

        navigations = [e for e in browser.events if e.get("method") == "Page.frameNavigated"
                       and not e["params"]["frame"].get("parentId")]
        print(f"  ok   the page reloaded itself {len(navigations)} time(s)")
        failures += collect_problems(browser.events)
        crashed = False
    finally:
        if crashed:
            print("lessons preview said:\n" + "".join(preview.lines[-40:]))
        browser.close()
        code = preview.stop()
        shutil.rmtree(root, ignore_errors=True)
    if code != 0:
        failures.append(f"lessons preview exited with {code} on Ctrl-C")
    elif not any("preview: stopped" in line for line in preview.lines):
        failures.append("lessons preview did not say it stopped")
    else:
        print("  ok   Ctrl-C stopped the preview (exit 0)")
    for f in failures:
        print(f"  FAIL {f}")
    if failures:
        print("".join(preview.lines[-40:]))
        return 1
    print("preview check: prose, code and compile-error edits all reached the open page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
