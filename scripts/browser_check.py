#!/usr/bin/env python3
"""Loads report pages in headless Chromium and fails on anything a reader would notice.

Talks the Chrome DevTools Protocol over --remote-debugging-pipe (file descriptors 3 and 4), so
no port is opened. For each page and viewport (desktop, phone) it checks:
  - no console errors or warnings, no uncaught exceptions, no browser log errors;
  - no failed resource loads (missing images, stylesheet), every <img> decoded;
  - the stylesheet applied, no <script> elements, every in-page anchor has a target;
  - on the phone, the page itself does not scroll sideways and nothing sticks out past its right
    edge unless a box of its own scrolls (code blocks, the grade table);
and saves a full-page screenshot of each, plus a print preview (PDF and a screenshot in print media).

usage: browser_check.py OUTPUT_DIR PAGE... [--shots DIR]
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

VIEWPORTS = {
    "desktop": dict(width=1280, height=900, deviceScaleFactor=1, mobile=False),
    "phone": dict(width=390, height=844, deviceScaleFactor=2, mobile=True),
}


class Browser:
    """Headless Chromium driven over a pipe."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="report-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_pipes():  # in the child: DevTools reads fd 3 and writes fd 4
            # Duplicate first: the pipes may already be fds 3 and 4, and dup2 onto itself would
            # leave them close-on-exec.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        args = [binary, "--headless", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-component-update",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--font-render-hinting=none", f"--user-data-dir={self.profile}", "about:blank"]
        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     preexec_fn=wire_pipes, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def attach_page(self):
        """Attaches to the browser's page and enables the domains whose events the checks read."""
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def set_viewport(self, viewport):
        """Emulates `viewport` (one of VIEWPORTS, or a variant) from now on."""
        self.viewport = viewport
        self.send("Emulation.setDeviceMetricsOverride", viewport)

    def page_height(self):
        """The current document's full height in CSS pixels."""
        return self.send("Runtime.evaluate", {"expression": "document.documentElement.scrollHeight",
                                              "returnByValue": True})["result"]["value"]

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)

    def _read(self, deadline):
        while b"\0" not in self._buf:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


PAGE_CHECKS = r"""
(() => {
  const problems = [];
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) problems.push("image not loaded: " + img.getAttribute("src"));
    if (!img.alt) problems.push("image without alt text: " + img.getAttribute("src"));
  }
  // (cssRules of a file:// stylesheet are off limits to scripts; check its effect instead)
  if (document.styleSheets.length === 0) problems.push("no stylesheet");
  if (getComputedStyle(document.documentElement).getPropertyValue("--ok").trim() === "" ||
      getComputedStyle(document.body).marginTop !== "0px") problems.push("stylesheet not applied");
  if (document.scripts.length) problems.push(document.scripts.length + " script element(s) on the page");
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!document.getElementById(id)) problems.push("anchor without target: #" + id);
  }
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push("duplicate ids: " + [...new Set(dup)].join(", "));
  if (!document.querySelector("main")) problems.push("no <main> element");
  if (!document.querySelector("h1")) problems.push("no <h1>");
  // A phone's layout viewport widens to fit content that is too wide (innerWidth grows with it):
  // measure against the screen's width instead.
  const width = Math.min(window.innerWidth, screen.width);
  const overflow = document.documentElement.scrollWidth - width;
  // Content past the right edge that no box of its own scrolls: cut off (the page may hide it).
  const cutOff = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let scroller = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") { scroller = true; break; }
    }
    if (!scroller && getComputedStyle(el).position !== "fixed") {
      cutOff.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") +
                  " (right edge " + Math.round(r.right) + "px)");
    }
  }
  return { problems, overflow, cutOff, title: document.title, height: document.documentElement.scrollHeight };
})()
"""


def collect_problems(events):
    """Console errors/warnings, exceptions, log errors and failed loads among the events."""
    requests = {e["params"]["requestId"]: e["params"]["request"]["url"]
                for e in events if e.get("method") == "Network.requestWillBeSent"}
    problems = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            problems.append(f"console {p['type']}: {text}")
        elif m == "Runtime.exceptionThrown":
            details = p.get("exceptionDetails", {})
            what = details.get("exception", {}).get("description", "").split("\n")[0]
            problems.append(f"exception: {details.get('text', '?')} {what}".strip())
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            entry = p["entry"]
            problems.append(f"log {entry['level']}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            problems.append(f"failed to load ({p.get('errorText')}): {requests.get(p.get('requestId'), '?')}")
        elif m == "Network.responseReceived":
            status = p.get("response", {}).get("status", 0)
            if status >= 400:
                problems.append(f"HTTP {status}: {p['response'].get('url')}")
    return problems


def screenshot(browser, path, full_height):
    shot = browser.send("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": browser.viewport["width"], "height": min(full_height, 16000), "scale": 1},
    }, timeout=60)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--shots", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    browser = Browser(args.chromium)
    failures = 0
    try:
        browser.attach_page()
        for rel in args.pages:
            path = os.path.abspath(os.path.join(args.output, rel))
            url = "file://" + path
            name = rel.replace("/index.html", "").replace(".html", "").replace("/", "-") or "index"
            for vp_name, vp in VIEWPORTS.items():
                browser.set_viewport(vp)
                browser.send("Emulation.setEmulatedMedia", {"media": "screen"})
                browser.events.clear()
                browser.send("Page.navigate", {"url": url})
                browser.wait_for("Page.loadEventFired")
                # Figures are loading="lazy": below the fold on a phone they would not load yet.
                browser.send("Runtime.evaluate", {"awaitPromise": True, "expression": """
                    Promise.all([...document.images].map(i => { i.loading = "eager"; return i.decode().catch(() => {}); }))
                """}, timeout=30)
                time.sleep(0.2)  # let late console messages arrive
                evaluated = browser.send("Runtime.evaluate", {"expression": PAGE_CHECKS, "returnByValue": True})
                if "exceptionDetails" in evaluated:
                    raise RuntimeError("page checks failed: " + evaluated["result"].get("description", "?"))
                result = evaluated["result"]["value"]
                requests = sum(e.get("method") == "Network.requestWillBeSent" for e in browser.events)
                problems = collect_problems(browser.events) + result["problems"]
                if vp_name == "phone" and result["overflow"] > 1:
                    problems.append(f"page scrolls sideways on a phone by {result['overflow']}px")
                if vp_name == "phone" and result["cutOff"]:
                    problems.append(f"{len(result['cutOff'])} element(s) past the phone's right edge, e.g. "
                                    + ", ".join(result["cutOff"][:3]))
                shot = os.path.join(args.shots, f"{name}-{vp_name}.png")
                screenshot(browser, shot, result["height"])
                status = "ok" if not problems else "FAIL"
                print(f"  {status:4} {rel} ({vp_name} {vp['width']}px, {requests} requests) -> {os.path.relpath(shot)}")
                for p in problems:
                    print(f"       {p}")
                failures += len(problems)
            # Print layout: a PDF and a screenshot in print media.
            browser.send("Emulation.setEmulatedMedia", {"media": "print"})
            browser.set_viewport(dict(VIEWPORTS["desktop"], width=800))
            screenshot(browser, os.path.join(args.shots, f"{name}-print.png"), browser.page_height())
            pdf = browser.send("Page.printToPDF", {"printBackground": True}, timeout=60)
            with open(os.path.join(args.shots, f"{name}.pdf"), "wb") as f:
                f.write(base64.b64decode(pdf["data"]))
            print(f"  ok   {rel} (print) -> {os.path.relpath(os.path.join(args.shots, name + '.pdf'))}")
    finally:
        browser.close()
    if failures:
        print(f"browser check: {failures} problem(s)")
        return 1
    print("browser check: no console errors, no missing resources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
