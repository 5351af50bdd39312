#!/usr/bin/env python3
"""Calls Sinergi's API through a client generated from its OpenAPI document
by openapi-python-client, and prints what the client read, as JSON, for the
Rust test (crates/sinergi/tests/openapi_clients.rs) to check. Every answer
is the generated client's own model (`parsed`), never raw JSON: a document
that misplaces a parameter or misdescribes a body fails here.

Usage: call_client.py CLIENT_PARENT_DIR BASE_URL QUERY
  CLIENT_PARENT_DIR holds the generated package `sinergi_api_client`.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

from sinergi_api_client import Client  # noqa: E402
from sinergi_api_client.api.newsroom import list_releases  # noqa: E402
from sinergi_api_client.api.search import search  # noqa: E402
from sinergi_api_client.api.units import list_units, show_unit  # noqa: E402


def model(parsed):
    """The generated model's class and its fields as the client read them."""
    return {"class": type(parsed).__name__, "fields": parsed.to_dict()}


def main():
    base, query = sys.argv[2], sys.argv[3]
    # Without a token: what the public reads. (The generator types search's
    # client as authenticated, since a token is optional there; a plain
    # client is what the public uses.)
    client = Client(base_url=base, raise_on_unexpected_status=True)
    out = {}

    page = list_units.sync(client=client, parent="51", limit="5")
    out["units"] = model(page)
    following = list_units.sync(client=client, parent="51", cursor=page.next_cursor)
    out["units_next"] = model(following)

    out["unit"] = model(show_unit.sync(client=client, code="51.71.01"))

    out["releases"] = model(list_releases.sync(client=client, unit="51", subtree=True))
    out["releases_own"] = model(list_releases.sync(client=client, unit="51"))

    out["search"] = model(search.sync(client=client, q=query, type_=["release"]))

    refused = list_units.sync_detailed(client=client, level="kingdom")
    out["refused"] = {
        "status": int(refused.status_code),
        "content_type": refused.headers.get("content-type"),
        **model(refused.parsed),
    }

    print(json.dumps(out))


if __name__ == "__main__":
    main()
