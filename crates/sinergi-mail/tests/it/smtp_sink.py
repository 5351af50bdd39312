"""A real SMTP server on loopback for sinergi-mail's tests (aiosmtpd).

    python3 smtp_sink.py PORT FOLDER [implicit|starttls CERT KEY]

With `implicit`, the server speaks TLS from the first byte (as on port
465); with `starttls`, it offers STARTTLS and refuses mail without it.

Each message that arrives is written to FOLDER as NNNNN.json (written aside
and renamed, so a reader never sees half a file) with the envelope, the
decoded headers and body, and the raw message. How the server answers DATA
is read from FOLDER/mode before each message:

    ok              250 (the default)
    refuse          451, nothing stored
    reject          550 (a hard bounce), nothing stored
    delay SECONDS   store the message, then wait before answering 250
                    (a client that gives up meanwhile has still delivered)

Prints READY once it listens. Exits with status 3 when aiosmtpd is missing.
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import threading

try:
    from aiosmtpd.controller import Controller
except ImportError:
    print("aiosmtpd is missing: pip install aiosmtpd==1.4.6", file=sys.stderr, flush=True)
    sys.exit(3)


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    def mode(self):
        try:
            with open(os.path.join(self.folder, "mode"), encoding="utf-8") as f:
                return f.read().split()
        except FileNotFoundError:
            return ["ok"]

    def store(self, envelope, mode, tls):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": str(message["Message-ID"]),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "date": str(message["Date"]),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            # A message with a file attached: its text part (and the raw
            # message for the attachment).
            "body": (message.get_body(preferencelist=("plain",)) or message).get_content()
            if message.is_multipart()
            else message.get_content(),
            "raw": raw.decode("utf-8", "replace"),
            "mode": mode,
            "tls": tls,
        }
        with self.lock:
            self.count += 1
            name = "%05d.json" % self.count
        partial = os.path.join(self.folder, "." + name + ".partial")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(partial, os.path.join(self.folder, name))

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode and mode[0] == "refuse":
            return "451 4.3.0 Sink refuses for now, try again later"
        if mode and mode[0] == "reject":
            return "550 5.1.1 Sink: no such mailbox here"
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        self.store(envelope, " ".join(mode), tls)
        if mode and mode[0] == "delay":
            await asyncio.sleep(float(mode[1]))
        return "250 2.0.0 Stored"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    tls = {}
    if len(sys.argv) > 3:
        import ssl
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[4], sys.argv[5])
        if sys.argv[3] == "implicit":
            tls = {"ssl_context": context}
        else:
            tls = {"tls_context": context, "require_starttls": True}
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, **tls)
    controller.start()
    print("READY", flush=True)
    try:
        # Runs until the test kills it or closes our standard input.
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
