#!/usr/bin/env python3
"""Parses a feed with Python's feedparser and prints what a reader sees, as
JSON, for the Rust tests (crates/sinergi/tests/feeds_clients.rs) to check.

Usage: parse_feed.py URL
"""
import calendar
import json
import sys

import feedparser


def utc_seconds(parsed):
    return calendar.timegm(parsed) if parsed else None


def main():
    d = feedparser.parse(sys.argv[1])
    out = {
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "status": d.get("status"),
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
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
