"""Reads an iCalendar file with Python's `icalendar` (the way a calendar
app would) and prints what it understood as JSON: each event's UID,
SEQUENCE, STATUS, SUMMARY, LOCATION, DESCRIPTION, and its start and end
with the time zone the parser resolved, as UTC and as local wall time.
The file's VTIMEZONEs are listed with their offsets. Exit status 1 with a
message when the file does not parse."""

import json
import sys

import icalendar


def moment(prop):
    dt = prop.dt
    return {
        "utc": dt.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "local": dt.strftime("%Y-%m-%dT%H:%M:%S"),
        "tzid": prop.params.get("TZID"),
        "utcoffset_hours": dt.utcoffset().total_seconds() / 3600,
    }


def main():
    data = open(sys.argv[1], "rb").read()
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # noqa: BLE001 - any parse failure is the answer
        print(f"does not parse: {e}", file=sys.stderr)
        sys.exit(1)
    out = {"name": str(cal.get("X-WR-CALNAME", "")), "timezones": [], "events": []}
    for tz in cal.walk("VTIMEZONE"):
        std = tz.walk("STANDARD")[0]
        out["timezones"].append(
            {
                "tzid": str(tz["TZID"]),
                "offset_hours": std["TZOFFSETTO"].td.total_seconds() / 3600,
            }
        )
    for ev in cal.walk("VEVENT"):
        out["events"].append(
            {
                "uid": str(ev["UID"]),
                "sequence": int(ev.get("SEQUENCE", 0)),
                "status": str(ev.get("STATUS", "")),
                "summary": str(ev["SUMMARY"]),
                "location": str(ev.get("LOCATION", "")),
                "description": str(ev.get("DESCRIPTION", "")),
                "url": str(ev.get("URL", "")),
                "start": moment(ev["DTSTART"]),
                "end": moment(ev["DTEND"]),
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
