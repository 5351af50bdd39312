"""Subscribes to a calendar feed the way a calendar app does: fetches the
URL over HTTP (no cookie, no session), parses it with Python's `icalendar`
and asks `recurring-ical-events` (the library calendar front ends use to
expand a calendar into the occurrences of a period) for what happens
between two dates. Prints JSON: one object per occurrence, soonest first,
with UID, SEQUENCE, STATUS, SUMMARY, start and end in UTC and the time zone
they were given in.

    python3 subscribe.py URL FROM TO      # dates as YYYY-MM-DD
"""

import datetime
import json
import sys
import urllib.request

import icalendar
import recurring_ical_events


def utc(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    url, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    with urllib.request.urlopen(url, timeout=10) as response:
        kind = response.headers.get_content_type()
        data = response.read()
    if kind != "text/calendar":
        print(f"the feed is {kind}", file=sys.stderr)
        sys.exit(1)
    cal = icalendar.Calendar.from_ical(data)
    start = datetime.date.fromisoformat(start)
    end = datetime.date.fromisoformat(end)
    out = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        out.append(
            {
                "uid": str(ev["UID"]),
                "sequence": int(ev.get("SEQUENCE", 0)),
                "status": str(ev.get("STATUS", "")),
                "summary": str(ev["SUMMARY"]),
                "start": utc(ev["DTSTART"].dt),
                "end": utc(ev["DTEND"].dt),
                "tzid": ev["DTSTART"].params.get("TZID"),
            }
        )
    out.sort(key=lambda e: (e["start"], e["uid"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
