import Foundation

/// The script `lessons preview` adds to every HTML page it serves: it listens on the preview's
/// WebSocket, shows the progress of a run in a small panel at the foot of the page, reloads the
/// page (keeping its scroll position) when its report has been rewritten, and says when the
/// preview has stopped. The files in `output/` never contain it: it is added on the way out, so
/// the static report stays script-free.
public enum LiveReload {
    /// Where the page's WebSocket connects.
    public static let socketPath = "/_preview/socket"
    /// The id of the progress panel (the browser test looks for it).
    public static let panelID = "lessons-preview"

    /// `html` with the preview script before `</body>` (or at the end when there is none).
    public static func inject(into html: String) -> String {
        let tag = "<script>\n\(script)</script>\n"
        guard let end = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + tag }
        return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: tag)
    }

    static let script = #"""
(function () {
  "use strict";
  var here = location.pathname.replace(/index\.html$/, "");
  var key = "lessons-preview-scroll:" + here;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseFloat(saved) || 0); }

  var panel = document.createElement("div");
  panel.id = "\#(panelID)";
  panel.setAttribute("role", "status");
  panel.setAttribute("aria-live", "polite");
  panel.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:1000;max-width:min(28rem,calc(100vw - 2rem));" +
    "padding:.55rem .8rem;border-radius:.5rem;font:13px/1.4 system-ui,sans-serif;color:#fff;background:#1f2937;" +
    "box-shadow:0 4px 16px rgba(0,0,0,.25);display:none;white-space:pre-wrap;overflow-wrap:anywhere";
  document.body.appendChild(panel);
  function show(text, colour) {
    panel.textContent = text;
    panel.style.background = colour || "#1f2937";
    panel.style.display = text ? "block" : "none";
  }
  function concerns(event) {
    return (event.pages || []).some(function (p) { return p === here; });
  }

  var retry = 0;
  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "\#(socketPath)");
    socket.onopen = function () { retry = 0; };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.kind === "running") {
        show("▶ " + event.title + "\n" + event.text);
      } else if (event.kind === "problem") {
        show("✗ " + event.text, "#991b1b");
      } else if (event.kind === "finished") {
        if (concerns(event)) {
          sessionStorage.setItem(key, String(window.scrollY));
          location.reload();
        } else {
          show(event.status === "ok" ? "" : "✗ " + event.title + ": " + event.text, "#991b1b");
        }
      } else if (event.kind === "idle") {
        show("");
      }
    };
    socket.onclose = function () {
      show("Preview stopped: start `lessons preview` again; this page reconnects by itself.", "#6b7280");
      retry = Math.min(retry + 1, 10);
      setTimeout(connect, 500 * retry);
    };
  }
  connect();
})();
"""#
}
