#!/usr/bin/env python3
"""Checks a static site: every local href/src in its HTML resolves to a file.

    scripts/check_links.py SITE_DIR [--base-path api]

`--base-path` is the hosting base path the site was rendered for (DocC's
--hosting-base-path): absolute links `/api/x` are looked up as SITE_DIR/x. A link to
a folder needs its index.html. For a DocC site, the `url` of every reference in its
render JSON (data/**/*.json, what the pages' script navigates to) must also resolve to
a page. External links (http:, https:, mailto:, data:) are not followed. Exit 1 with
one line per broken link, 0 with a count.
"""
import argparse
import json
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Refs(HTMLParser):
    """Collects (attribute, value) of href and src attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((name, value))


def resolve(site, base, page_dir, ref):
    """The file a local link names, or None for links not to check."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith("#") or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        prefix = "/" + base.strip("/") if base.strip("/") else ""
        if prefix and not (path == prefix or path.startswith(prefix + "/")):
            return os.path.join(site, "__outside_base_path__" + path)
        target = os.path.join(site, path[len(prefix):].lstrip("/"))
    else:
        target = os.path.join(page_dir, path)
    target = os.path.normpath(target)
    if os.path.isdir(target) or path.endswith("/"):
        target = os.path.join(target, "index.html")
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--base-path", default="")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    if not os.path.isdir(site):
        print(f"check_links: {args.site} is not a folder", file=sys.stderr)
        return 2

    broken, checked, pages = [], 0, 0
    for folder, _, files in os.walk(site):
        for name in sorted(files):
            file = os.path.join(folder, name)
            shown = os.path.relpath(file, site)
            if name.endswith(".html"):
                pages += 1
                collector = Refs()
                with open(file, encoding="utf-8", errors="replace") as handle:
                    collector.feed(handle.read())
                for attribute, ref in collector.refs:
                    target = resolve(site, args.base_path, folder, ref)
                    if target is None:
                        continue
                    checked += 1
                    if not os.path.isfile(target):
                        broken.append(f"{shown}: {attribute}=\"{ref}\" does not resolve to a file")
            elif name.endswith(".json") and os.path.relpath(folder, site).split(os.sep)[0] == "data":
                with open(file, encoding="utf-8") as handle:
                    document = json.load(handle)
                for key, reference in (document.get("references") or {}).items():
                    url = reference.get("url") if isinstance(reference, dict) else None
                    if not url or not url.startswith("/documentation/"):
                        continue
                    checked += 1
                    page = os.path.join(site, url.split("#")[0].lstrip("/"), "index.html")
                    if not os.path.isfile(page):
                        broken.append(f"{shown}: reference {key} → {url} has no page")

    for line in sorted(set(broken)):
        print(line)
    if broken:
        print(f"check_links: {len(set(broken))} broken links in {args.site}", file=sys.stderr)
        return 1
    if pages == 0:
        print(f"check_links: no HTML pages in {args.site}", file=sys.stderr)
        return 1
    print(f"check_links: {checked} links in {pages} pages of {args.site} resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
