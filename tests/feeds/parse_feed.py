#!/usr/bin/env python3
"""Reads a feed as a Python client would and prints what a reader sees, as
JSON, for the Rust tests (crates/sinergi/tests/feeds_clients.rs) to check.

RSS and Atom are parsed by feedparser. feedparser 6.0 does not read JSON
Feed (its support is unreleased), so JSON Feed is read with the standard
library's json and datetime, checking the JSON Feed 1.1 required fields.

Usage: parse_feed.py URL
"""
import calendar
import datetime
import json
import sys
import urllib.request

import feedparser


def utc_seconds(parsed):
    return calendar.timegm(parsed) if parsed else None


def from_feedparser(body, status):
    d = feedparser.parse(body)
    return {
        "client": "feedparser " + feedparser.__version__,
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "status": status,
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "entries": [
            {
                "id": e.get("id"),
                "title": e.get("title"),
                "link": e.get("link"),
                # The raw text keeps the zone offset the feed wrote.
                "published": e.get("published"),
                "published_utc": utc_seconds(e.get("published_parsed")),
                "updated": e.get("updated"),
                "tags": [t.get("term") for t in e.get("tags", [])],
            }
            for e in d.entries
        ],
    }


def from_json_feed(body, status):
    d = json.loads(body)
    problems = []
    if d.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version")
    if not d.get("title"):
        problems.append("title")
    entries = []
    for item in d.get("items", []):
        # JSON Feed 1.1: id is required, and content_html or content_text.
        if not item.get("id") or not (item.get("content_html") or item.get("content_text")):
            problems.append("item " + str(item.get("id")))
        published = item.get("date_published")
        utc = None
        if published:
            utc = int(datetime.datetime.fromisoformat(published).timestamp())
        entries.append(
            {
                "id": item.get("id"),
                "title": item.get("title"),
                "link": item.get("url"),
                "published": published,
                "published_utc": utc,
                "updated": item.get("date_modified"),
                "tags": item.get("tags", []),
            }
        )
    return {
        "client": "json",
        "bozo": bool(problems),
        "bozo_exception": ", ".join(problems),
        "version": "json11",
        "status": status,
        "title": d.get("title"),
        "link": d.get("home_page_url"),
        "entries": entries,
    }


def main():
    with urllib.request.urlopen(sys.argv[1]) as r:
        body = r.read()
        status = r.status
        content_type = r.headers.get("Content-Type", "")
    if "json" in content_type:
        out = from_json_feed(body, status)
    else:
        out = from_feedparser(body, status)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
