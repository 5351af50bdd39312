"""Reads an e-mailed invitation the way a mail program and a calendar app
would: Python's `email` splits the message (RFC 5322, MIME), Python's
`icalendar` reads the attached calendar. Prints JSON: the subject, the text
part, the attachment's file name, MIME type and `method` parameter, and the
calendar's METHOD with its one event's UID, SEQUENCE, STATUS, SUMMARY,
ATTENDEE and start (UTC). Exit status 1 with a message when the message has
no calendar or the calendar does not parse.

    python3 read_invitation.py MESSAGE.eml
"""

import email
import email.policy
import json
import sys

import icalendar


def main():
    raw = open(sys.argv[1], "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    calendars = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    if len(calendars) != 1:
        print(f"{len(calendars)} calendars attached", file=sys.stderr)
        sys.exit(1)
    part = calendars[0]
    try:
        cal = icalendar.Calendar.from_ical(part.get_content())
    except Exception as e:  # noqa: BLE001 - any parse failure is the answer
        print(f"does not parse: {e}", file=sys.stderr)
        sys.exit(1)
    events = cal.walk("VEVENT")
    ev = events[0]
    attendees = ev.get("ATTENDEE")
    if attendees is not None and not isinstance(attendees, list):
        attendees = [attendees]
    out = {
        "subject": str(message["Subject"]),
        "to": str(message["To"]),
        "text": text.get_content() if text is not None else "",
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        "method_param": part.get_param("method"),
        "method": str(cal.get("METHOD", "")),
        "events": len(events),
        "uid": str(ev["UID"]),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "status": str(ev.get("STATUS", "")),
        "summary": str(ev["SUMMARY"]),
        "attendees": [str(a) for a in (attendees or [])],
        "start_utc": ev["DTSTART"].dt.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
