"""A counting SMTP server on loopback for `sinergi bench mail` (aiosmtpd).

    python3 sink.py PORT

Accepts every message and keeps only its Message-ID, so that the server
costs the two senders the same and little. Prints READY once it listens;
then, for each line `count` on standard input, prints `RECEIVED DISTINCT`
(messages received and distinct Message-IDs). Ends when standard input
closes.
"""

import sys
import threading

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = 0
        self.ids = set()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        head = raw.split(b"\r\n\r\n", 1)[0]
        mid = b""
        for line in head.split(b"\r\n"):
            if line[:11].lower() == b"message-id:":
                mid = line[11:].strip()
                break
        with self.lock:
            self.received += 1
            self.ids.add(mid)
        return "250 OK"


counter = Counter()
controller = Controller(counter, hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("READY", flush=True)
for line in sys.stdin:
    if line.strip() == "count":
        with counter.lock:
            print(counter.received, len(counter.ids), flush=True)
controller.stop()
