"""Writes releases through Sinergi's API while the nodes are under load:
each one drafted, submitted, approved and released (which e-mails the
subscribers), trying the next node when one stops answering. Every step a
node acknowledged (a complete 2xx answer) is written to ACKS as
`step id`, so that afterwards each can be looked for in the database.

    python3 writer.py TOKEN SECONDS ACKS BASE_URL [BASE_URL ...]
"""

import json
import sys
import time
import urllib.error
import urllib.request

token, seconds, acks_path, bases = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]


def call(base, path, body):
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def main():
    deadline = time.monotonic() + seconds
    node, n, failures = 0, 0, 0
    with open(acks_path, "w", encoding="utf-8") as acks:
        while time.monotonic() < deadline:
            base = bases[node % len(bases)]
            try:
                n += 1
                created = call(base, "/api/v1/releases", {
                    "unit": "51.71",
                    "title": f"Uji beban tiga simpul {n}",
                    "lead": "Kota Denpasar mencatat capaian baru.",
                    "body": "Isi rilis uji beban.",
                })
                rid = created["id"]
                acks.write(f"created {rid}\n")
                for op in ("submit", "approve", "release"):
                    call(base, f"/api/v1/releases/{rid}/transitions",
                         {"op": op, "version": created["version"]})
                    acks.write(f"{op} {rid}\n")
                acks.flush()
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                failures += 1
                node += 1  # that node is gone (or busy): the next one
                time.sleep(0.05)
    print(f"writer: {n} releases tried, {failures} failed calls, nodes {len(bases)}", file=sys.stderr)


main()
