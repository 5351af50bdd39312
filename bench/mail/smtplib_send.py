"""The peer of `sinergi bench mail`: Python's smtplib sending the same
personalised messages over one connection.

    python3 smtplib_send.py PORT MESSAGES.jsonl

Each line of MESSAGES.jsonl is {"from", "to", "subject", "body",
"message_id"}; each is built as an email.message.EmailMessage (as a script
would) and sent with send_message. Prints the seconds the sending took
(building and sending, after the connection is open) as JSON.
"""

import json
import smtplib
import sys
import time
from email.message import EmailMessage
from email.utils import formatdate

port, path = int(sys.argv[1]), sys.argv[2]
messages = [json.loads(line) for line in open(path, encoding="utf-8")]
with smtplib.SMTP("127.0.0.1", port) as smtp:
    started = time.perf_counter()
    for m in messages:
        msg = EmailMessage()
        msg["From"] = m["from"]
        msg["To"] = m["to"]
        msg["Subject"] = m["subject"]
        msg["Date"] = formatdate()
        msg["Message-ID"] = m["message_id"]
        msg.set_content(m["body"])
        smtp.send_message(msg)
    seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "sent": len(messages)}))
