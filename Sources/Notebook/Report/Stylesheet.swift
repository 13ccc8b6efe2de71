/// The report's one stylesheet, written to `output/style.css`. Plain CSS: system fonts, light and
/// dark colours, a sidebar contents list on wide screens, horizontally scrolling code on phones,
/// and a print layout without navigation.
enum Stylesheet {
    static let css = #"""
/* lessons report: one stylesheet for every page. No web fonts, no scripts. */
:root {
  --bg: #ffffff;
  --fg: #1f2328;
  --muted: #59636e;
  --border: #d1d9e0;
  --border-soft: #e6eaef;
  --subtle: #f6f8fa;
  --card: #ffffff;
  --accent: #0969da;
  --ok: #1a7f37;       --ok-bg: #dafbe1;
  --fail: #cf222e;     --fail-bg: #ffebe9;
  --notrun: #59636e;   --notrun-bg: #eff2f5;
  --cached: #8250df;   --cached-bg: #fbefff;
  --warn: #7d4e00;     --warn-bg: #fff8c5;   --warn-border: #d4a72c;
  --info: #0969da;     --info-bg: #ddf4ff;
  --code-bg: #f6f8fa;
  --out-bg: #fbfcfd;
  --mark-bg: #ffebe9;
  --tok-keyword: #cf222e;
  --tok-type: #8250df;
  --tok-function: #6639ba;
  --tok-string: #0a3069;
  --tok-number: #0550ae;
  --tok-comment: #6e7781;
  --tok-directive: #953800;
  --tok-attribute: #953800;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif;
  --mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  color-scheme: light dark;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --border-soft: #2a3038;
    --subtle: #151b23; --card: #0d1117; --accent: #4493f8;
    --ok: #3fb950; --ok-bg: #12261e; --fail: #f85149; --fail-bg: #2d1517;
    --notrun: #9198a1; --notrun-bg: #212830; --cached: #ab7df8; --cached-bg: #231b33;
    --warn: #d29922; --warn-bg: #272115; --warn-border: #9e6a03; --info: #4493f8; --info-bg: #121d2f;
    --code-bg: #151b23; --out-bg: #10151c; --mark-bg: #3c1618;
    --tok-keyword: #ff7b72; --tok-type: #d2a8ff; --tok-function: #d2a8ff; --tok-string: #a5d6ff; --tok-number: #79c0ff;
    --tok-comment: #9198a1; --tok-directive: #ffa657; --tok-attribute: #ffa657;
  }
}

*, *::before, *::after { box-sizing: border-box; }

html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }

body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font: 16px/1.65 var(--sans);
  overflow-wrap: break-word;
}

a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 2px; }

code, pre, kbd, samp { font-family: var(--mono); font-size: 0.875em; }
:not(pre) > code {
  background: var(--subtle);
  border: 1px solid var(--border-soft);
  border-radius: 4px;
  padding: 0.05em 0.3em;
}

h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 0.6em; font-weight: 650; }
h1 { font-size: 2.1rem; letter-spacing: -0.015em; margin-top: 0.2em; }
h2 { font-size: 1.45rem; padding-bottom: 0.3em; border-bottom: 1px solid var(--border-soft); }
h3 { font-size: 1.15rem; }
h4 { font-size: 1rem; }

.skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 0.5em 1em; z-index: 10; }
.skip-link:focus { left: 0.5em; top: 0.5em; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.muted { color: var(--muted); }

/* ---------- badges and tags ---------- */
.badge {
  display: inline-flex; align-items: center; gap: 0.3em;
  font-size: 0.78rem; font-weight: 600; line-height: 1.5;
  padding: 0.05em 0.6em; border-radius: 999px; white-space: nowrap;
  border: 1px solid currentColor;
}
.badge-ok { color: var(--ok); background: var(--ok-bg); }
.badge-failed, .badge-timedout, .badge-interrupted { color: var(--fail); background: var(--fail-bg); }
.badge-notrun { color: var(--notrun); background: var(--notrun-bg); border-style: dashed; }
.badge-cached { color: var(--cached); background: var(--cached-bg); }
.badge-expected { color: var(--info); background: var(--info-bg); }

.tag {
  display: inline-block; font-size: 0.75rem; color: var(--muted);
  border: 1px solid var(--border); border-radius: 4px; padding: 0 0.45em; white-space: nowrap;
}
.tag-set { color: var(--warn); border-color: var(--warn-border); background: var(--warn-bg); font-weight: 600; }

/* ---------- page frame ---------- */
.breadcrumbs {
  max-width: 1240px; margin: 0 auto; padding: 0.9rem 1.25rem 0;
  font-size: 0.9rem; color: var(--muted);
}
.breadcrumbs a { text-decoration: none; font-weight: 500; }
.breadcrumbs a:hover { text-decoration: underline; }

.site-footer {
  max-width: 1200px; width: calc(100% - 2.5rem); margin: 3rem auto 0; padding: 1.25rem 0 2rem;
  border-top: 1px solid var(--border-soft); color: var(--muted); font-size: 0.82rem;
}

.eyebrow { margin: 0; color: var(--muted); font-size: 0.82rem; }
.eyebrow > span, .index-header .eyebrow { font-weight: 600; letter-spacing: 0.05em; text-transform: uppercase; }
.eyebrow .source-path { background: none; border: 0; padding: 0; font-size: 0.95em; }

/* ---------- index ---------- */
.index { max-width: 1240px; margin: 0 auto; padding: 2rem 1.25rem 0; }
.index-header h1 { margin-bottom: 0.2em; }
.index-summary { color: var(--muted); margin: 0 0 1.5rem; }

.lessons-table { width: 100%; border-collapse: collapse; font-size: 0.93rem; }
.lessons-table th, .lessons-table td {
  text-align: left; vertical-align: top; padding: 0.8rem 0.75rem; border-bottom: 1px solid var(--border-soft);
}
.lessons-table thead th {
  font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
  font-weight: 600; border-bottom: 1px solid var(--border); padding-top: 0; padding-bottom: 0.5rem;
}
.lessons-table tbody tr:hover { background: var(--subtle); }
.lessons-table .num { font-family: var(--mono); color: var(--muted); width: 3ch; }
.lessons-table .title { font-size: 1.02rem; font-weight: 600; min-width: 12rem; }
.lessons-table .title a { text-decoration: none; }
.lessons-table .title a:hover { text-decoration: underline; }
.lessons-table td { color: var(--fg); }
.lessons-table time, .lessons-table .time { white-space: nowrap; }
.badges { display: flex; flex-wrap: wrap; gap: 0.25rem; align-items: flex-start; }
.row-notrun .title { color: var(--muted); }

.metrics { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem; }
.metrics li {
  /* A chip wraps inside itself when it is wider than the column (a long name on a phone). */
  display: inline-flex; flex-wrap: wrap; column-gap: 0.4em; align-items: baseline; max-width: 100%; min-width: 0;
  border: 1px solid var(--border-soft); background: var(--subtle); border-radius: 6px; padding: 0.05em 0.5em;
  font-size: 0.85rem;
}
.metric-name { color: var(--muted); overflow-wrap: anywhere; min-width: 0; }
.metric-value { font-family: var(--mono); font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; min-width: 0; }
.inline-value { font-weight: 600; font-variant-numeric: tabular-nums; }
.inline-value-missing { color: var(--fail); font-family: var(--mono); font-weight: 400; }
.inline-value-pending { color: var(--muted); font-weight: 400; }

.data-synthetic { color: var(--warn); font-weight: 600; }

/* ---------- lesson page layout ---------- */
.lesson-layout { max-width: 1240px; margin: 0 auto; padding: 0 1.25rem; }
.lesson, .lesson-header { min-width: 0; max-width: 860px; margin: 0 auto; }

@media (min-width: 1100px) {
  .lesson-layout {
    display: grid; grid-template-columns: 230px minmax(0, 1fr); column-gap: 3rem;
    grid-template-areas: "toc header" "toc body"; grid-template-rows: auto 1fr;
  }
  .lesson-header { grid-area: header; margin: 0; }
  .lesson { grid-area: body; margin: 0; }
  .toc {
    grid-area: toc; align-self: start; position: sticky; top: 0; max-height: 100vh; overflow-y: auto;
    padding: 1.5rem 0.25rem 1.5rem 0;
  }
}

.toc { font-size: 0.88rem; }
.toc-title {
  font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
  border: 0; margin: 0.5rem 0 0.5rem; padding: 0;
}
.toc ol { list-style: none; margin: 0; padding: 0; border-left: 1px solid var(--border-soft); }
.toc li { margin: 0; padding: 0.18rem 0 0.18rem 0.8rem; line-height: 1.4; }
.toc li a { color: var(--fg); text-decoration: none; }
.toc li a:hover { color: var(--accent); text-decoration: underline; }
.toc .toc-h1 { font-weight: 650; }
.toc .toc-h2 { font-weight: 550; }
.toc .toc-h3 { padding-left: 1.6rem; }
.toc .toc-step { padding-left: 1.6rem; font-size: 0.82rem; }
.toc .toc-step a { color: var(--muted); }
.toc .toc-step code { font-size: 0.9em; background: none; border: 0; padding: 0; }
.toc-status { font-size: 0.8rem; margin-left: 0.2em; }
.toc-ok .toc-status { color: var(--ok); }
.toc-failed .toc-status, .toc-timedout .toc-status { color: var(--fail); font-weight: 700; }
.toc-notrun .toc-status { color: var(--notrun); }
.toc-expected .toc-status { color: var(--info); }

@media (max-width: 1099px) {
  .toc {
    max-width: 860px; margin: 1.5rem auto; padding: 0.9rem 1.1rem; border: 1px solid var(--border-soft); border-radius: 10px;
    background: var(--subtle);
  }
  .toc-title { margin-top: 0; }
}

/* ---------- lesson header ---------- */
.lesson-header { padding: 1.5rem 0 0.5rem; }
.lesson-header h1 { margin: 0.15em 0 0.35em; }
.lesson-status { margin: 0 0 1rem; display: flex; gap: 0.4rem; flex-wrap: wrap; }
.lesson-status .badge { font-size: 0.85rem; }

.facts {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem 1.5rem;
  margin: 0 0 1rem; padding: 1rem 1.1rem; border: 1px solid var(--border-soft); border-radius: 10px;
  background: var(--subtle);
}
.facts > div { min-width: 0; }
.facts > div.wide { grid-column: 1 / -1; }
.facts dt {
  font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); font-weight: 600;
}
.facts dd { margin: 0.1rem 0 0; font-size: 0.92rem; }
.facts dd code { background: none; border: 0; padding: 0; }
.data-sources { list-style: none; margin: 0; padding: 0; }
.facts .data-synthetic { font-weight: 500; }

.params { list-style: none; margin: 0.15rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem 0.5rem; }
.params li {
  display: inline-flex; align-items: baseline; gap: 0.45em; white-space: nowrap;
  border: 1px solid var(--border-soft); background: var(--bg); border-radius: 6px; padding: 0.1em 0.55em;
}
.params .param-name { color: var(--muted); }
.params .param-value { font-weight: 600; }
.params li.overridden { border-color: var(--warn-border); }
.params li.overridden .param-value { color: var(--warn); }
.params .tag-set { font-weight: 500; }
.params .tag-set code { font-size: 1em; }

/* ---------- callouts ---------- */
.callout {
  border: 1px solid var(--border); border-left-width: 5px; border-radius: 8px;
  padding: 0.75rem 1rem; margin: 1rem 0;
}
.callout > p { margin: 0.3rem 0; font-size: 0.93rem; }
.callout > p.error-title { font-size: 1rem; }
.callout-warning { border-color: var(--warn-border); background: var(--warn-bg); color: var(--warn); }
.callout-warning strong { color: inherit; }
.callout-error { border-color: var(--fail); background: var(--fail-bg); }
.callout-error .error-title { color: var(--fail); }
.callout-info { border-color: var(--info); background: var(--info-bg); }
.callout-error > p + p.error-title { margin-top: 0.9rem; }

.checks-summary { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 1rem 0; }
.points { font-family: var(--mono); font-size: 0.85rem; color: var(--muted); white-space: nowrap; }

/* ---------- prose ---------- */
.prose > :first-child { margin-top: 1.5rem; }
.prose p, .prose ul, .prose ol, .prose blockquote, .prose table { margin: 0 0 1rem; }
.prose li + li { margin-top: 0.25rem; }
.prose blockquote { margin-left: 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--border); }
.prose img { max-width: 100%; height: auto; }
.prose pre {
  background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 8px;
  padding: 0.8rem 1rem; overflow-x: auto; line-height: 1.5;
}
.prose table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; font-size: 0.93rem; }
.prose th, .prose td { border: 1px solid var(--border); padding: 0.4rem 0.8rem; }
.prose thead th { background: var(--subtle); font-weight: 600; }
.prose tbody tr:nth-child(even) { background: var(--subtle); }
.prose hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }

/* ---------- steps ---------- */
.step {
  margin: 1.5rem 0; border: 1px solid var(--border); border-radius: 10px; background: var(--card);
  overflow: hidden;
}
.step-failed, .step-timedout { border-color: var(--fail); box-shadow: 0 0 0 1px var(--fail); }
.step-notrun { border-style: dashed; }
.step-head {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.9rem;
  padding: 0.45rem 0.9rem; border-bottom: 1px solid var(--border-soft); background: var(--subtle);
}
.step-title { margin: 0; font-size: 0.88rem; font-weight: 650; display: flex; gap: 0.5rem; align-items: baseline; }
.step-link { color: var(--fg); text-decoration: none; }
.step-link:hover { text-decoration: underline; }
.step-name { font-size: 0.85rem; }
.step-meta {
  margin: 0 0 0 auto; display: flex; flex-wrap: wrap; gap: 0.3rem 0.7rem; align-items: center;
  font-size: 0.8rem; color: var(--muted);
}
.step-time { font-family: var(--mono); font-variant-numeric: tabular-nums; }
.step-source { font-family: var(--mono); font-size: 0.95em; }

pre.code {
  margin: 0; padding: 0.75rem 0; background: var(--code-bg); overflow-x: auto;
  font-size: 0.85rem; line-height: 1.55; tab-size: 4;
}
pre.code code { display: block; min-width: max-content; }
pre.code .line { padding-right: 1rem; }
pre.code .line::before {
  content: attr(data-line); display: inline-block; width: 4ch; margin-right: 1.1rem; padding-right: 0.6rem;
  text-align: right; color: var(--muted); opacity: 0.55; border-right: 1px solid var(--border-soft);
  -webkit-user-select: none; user-select: none;
}
pre.code .line.marked { display: inline-block; width: 100%; background: var(--mark-bg); box-shadow: inset 3px 0 var(--fail); }
pre.code .line.marked::before { color: var(--fail); opacity: 1; font-weight: 700; }
.tok-keyword { color: var(--tok-keyword); }
.tok-type { color: var(--tok-type); }
.tok-function { color: var(--tok-function); }
.tok-string { color: var(--tok-string); }
.tok-interpolation { color: var(--tok-keyword); }
.tok-number { color: var(--tok-number); }
.tok-comment { color: var(--tok-comment); font-style: italic; }
.tok-directive { color: var(--tok-directive); }
.tok-attribute { color: var(--tok-attribute); }

.output { border-top: 1px solid var(--border-soft); background: var(--out-bg); position: relative; }
.output::before {
  content: "Output"; display: block; padding: 0.4rem 0.9rem 0; font-size: 0.68rem; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted);
}
.output pre {
  margin: 0; padding: 0.3rem 0.9rem; overflow-x: auto; font-size: 0.8rem; line-height: 1.5;
  white-space: pre; background: none;
}
.output pre:last-child { padding-bottom: 0.7rem; }
.output-fold { margin: 0; }
.output-fold > summary {
  cursor: pointer; margin: 0.25rem 0.9rem; padding: 0.15rem 0.65rem; display: inline-block;
  font-size: 0.78rem; color: var(--accent); border: 1px dashed var(--border); border-radius: 6px;
  background: var(--bg); list-style: none;
}
.output-fold > summary::-webkit-details-marker { display: none; }
.output-fold > summary::before { content: "▸ Show "; }
.output-fold[open] > summary::before { content: "▾ Hide "; }
.output-fold[open] > summary { border-style: solid; }
.fold-count { color: var(--muted); }
.rerun-as-before > summary {
  cursor: pointer; margin: 0.5rem 0.9rem; font-size: 0.8rem; color: var(--muted); font-style: italic;
}
.output-omitted { margin: 0.2rem 0.9rem; font-size: 0.8rem; color: var(--muted); font-style: italic; }

.figures { display: flex; flex-wrap: wrap; gap: 1rem; padding: 1rem 0.9rem; border-top: 1px solid var(--border-soft); }
.figure { margin: 0; max-width: 100%; }
.figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--border-soft); border-radius: 6px; background: #fff; }
.figure figcaption { font-size: 0.8rem; color: var(--muted); margin-top: 0.35rem; }
.figure-file { font-family: var(--mono); font-size: 0.9em; opacity: 0.8; margin-left: 0.4em; }
.figure-missing { margin: 0; color: var(--warn); font-size: 0.88rem; }

.error-box {
  margin: 0; padding: 0.7rem 0.9rem; border-top: 1px solid var(--fail);
  background: var(--fail-bg);
}
.error-box.expected { border-top-color: var(--info); background: var(--info-bg); }
.error-title { margin: 0; font-weight: 650; color: var(--fail); }
.error-box.expected .error-title { color: var(--info); }
.error-title code { background: none; border: 0; padding: 0; font-weight: 600; }
.error-message { margin: 0.25rem 0 0; font-family: var(--mono); font-size: 0.85rem; white-space: pre-wrap; }
.error-detail { margin-top: 0.5rem; }
.error-detail > summary { cursor: pointer; font-size: 0.8rem; color: var(--muted); }
.error-detail pre {
  margin: 0.4rem 0 0; padding: 0.6rem 0.8rem; background: var(--bg); border: 1px solid var(--border-soft);
  border-radius: 6px; overflow-x: auto; font-size: 0.78rem; line-height: 1.5;
}
.not-run-note { margin: 0; padding: 0.6rem 0.9rem; color: var(--muted); font-size: 0.88rem; font-style: italic; }

.checks { list-style: none; margin: 0; padding: 0.6rem 0.9rem; border-top: 1px solid var(--border-soft); }
.check { display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: baseline; padding: 0.2rem 0; font-size: 0.9rem; }
.check-name { font-weight: 600; }
.check-message { color: var(--muted); }
.check .points { margin-left: auto; }

/* ---------- previous / next ---------- */
.pager {
  display: grid; grid-template-columns: 1fr auto 1fr; gap: 1rem; align-items: stretch;
  margin: 3rem 0 0; padding-top: 1.5rem; border-top: 1px solid var(--border-soft);
}
.pager a { text-decoration: none; }
.pager-prev, .pager-next {
  display: flex; flex-direction: column; padding: 0.7rem 1rem; border: 1px solid var(--border); border-radius: 10px;
}
.pager a.pager-prev:hover, .pager a.pager-next:hover { border-color: var(--accent); }
.pager-next { text-align: right; }
.pager-empty { border: 0; }
.pager-label { font-size: 0.78rem; color: var(--muted); }
.pager-title { font-weight: 600; }
.pager-index { align-self: center; font-size: 0.88rem; }

/* ---------- phones ---------- */
@media (max-width: 700px) {
  body { font-size: 15.5px; }
  h1 { font-size: 1.65rem; }
  .step { border-radius: 8px; margin-left: -0.4rem; margin-right: -0.4rem; }
  .step-meta { margin-left: 0; }
  .pager { grid-template-columns: 1fr 1fr; }
  .pager-index { display: none; }

  .lessons-table thead { display: none; }
  .lessons-table, .lessons-table tbody, .lessons-table tr, .lessons-table td, .lessons-table th { display: block; }
  .lessons-table tr {
    position: relative; margin: 0 0 1rem; padding: 0.8rem 1rem 0.6rem 3rem;
    border: 1px solid var(--border); border-radius: 10px;
  }
  .lessons-table th, .lessons-table td { border: 0; padding: 0.15rem 0; }
  .lessons-table .num { position: absolute; left: 1rem; top: 0.85rem; }
  .lessons-table td[data-label] { display: grid; grid-template-columns: 5.5rem minmax(0, 1fr); align-items: baseline; }
  .lessons-table td[data-label]::before {
    content: attr(data-label);
    font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
  }
  .lessons-table td[data-label] > .badge { justify-self: start; }
}

/* ---------- print ---------- */
@media print {
  :root { --bg: #fff; --fg: #000; }
  body { font-size: 10.5pt; }
  .skip-link, .toc, .pager, .breadcrumbs, .site-footer { display: none; }
  .lesson-layout, .lesson, .lesson-header, .index { display: block; max-width: none; padding: 0; margin: 0; }
  a { color: inherit; text-decoration: none; }
  .step { break-inside: auto; box-shadow: none; }
  .step-head, .figure, .error-box, .callout, tr { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  pre.code, .output pre, .error-detail pre { white-space: pre-wrap; overflow: visible; }
  pre.code code { min-width: 0; }
  .badge, .callout, .error-box, .step-head, .tag-set, pre.code .line.marked {
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  .lessons-table tbody tr:hover { background: none; }
}
"""#
}
