#!/usr/bin/env python3
"""Publishes the demo news through the reference server's Web API, as a sub-system would.

    scripts/demo-news.py SERVER_URL DATA_DIR

Reads the demo API key from DATA_DIR/demo-accounts.json (written by `tessera-server --demo`; it
holds the news:write scope) and puts four posts (docs/INTEGRATION.md, "News"): a pinned welcome
for everyone, one with a hero image it uploads first (POST /v1/subsystem/media), one for Pune
that expires in eight hours, and a town hall scheduled a minute ahead, which reaches the app
live when its time comes. Each post has a fixed id, so a second run replaces them (the scheduled
one is moved a minute ahead again). A key made before the news:write scope existed gets 403: the
posts are then left out with a note. Loopback only, like the demo itself.
"""
import datetime
import email.utils
import json
import struct
import sys
import urllib.error
import urllib.request
import zlib


def call(url, method, path, token, body=None, content_type="application/json"):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
            return answer.status, (json.loads(text) if text else {}), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def hero_png(width=480, height=240):
    """A small PNG: a diagonal blue-to-teal gradient (the demo's hero image)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            t = (x + y) / (width + height)
            rows += bytes((int(20 + 30 * t), int(90 + 110 * t), int(200 - 40 * t)))

    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def rfc3339(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    url, data_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    with open(f"{data_dir}/demo-accounts.json", encoding="utf-8") as file:
        api_key = json.load(file)["apiKeys"][0]["key"]

    status, medium, headers = call(url, "POST", "/v1/subsystem/media", api_key, hero_png(),
                                   "image/png")
    if status not in (200, 201):
        sys.exit(f"demo-news: the hero image upload answered {status}: {medium}")
    # The server's clock (it may run at a demo time): the Date header of its answer.
    now = email.utils.parsedate_to_datetime(headers["Date"])

    everyone = {"everyone": True}
    posts = [
        ("welcome", {
            "title": "Welcome to Tessera news",
            "summary": "Company news, events and what changes at your site, in one place.",
            "body": "Posts reach you **live** and stay readable offline.\n"
                    "- Pinned posts stay on top\n- Mark posts read on one device, "
                    "they are read on all",
            "category": "Company", "audience": everyone, "pinned": True}),
        ("pune-office", {
            "title": "The new Pune office opens on Monday",
            "summary": "Three floors, a roof garden and 40 more meeting rooms.",
            "body": "Desks are booked as before. Bring your badge: the **new gates** read it "
                    "from day one.",
            "image": medium["url"], "category": "Facilities", "audience": everyone}),
        ("pune-parking", {
            "title": "Parking level 2 closed today",
            "summary": "Resurfacing until 18:00; use level 3.",
            "category": "Facilities", "audience": {"geos": ["Pune"]},
            "expiresAt": rfc3339(now + datetime.timedelta(hours=8))}),
        ("town-hall", {
            "title": "Town hall: the year in review",
            "summary": "Join at 16:00 in the atrium or online.",
            "body": "_Scheduled a minute after the demo starts: it arrives live._",
            "category": "Company", "audience": everyone,
            "publishAt": rfc3339(now + datetime.timedelta(minutes=1))}),
    ]
    put = 0
    for post_id, post in posts:
        status, answer, _ = call(url, "PUT", f"/v1/subsystem/news/{post_id}", api_key, post)
        if status == 403:
            print("Demo news:     left out (the demo key predates the news:write scope)")
            return
        if status not in (200, 201):
            sys.exit(f"demo-news: PUT /v1/subsystem/news/{post_id} answered {status}: {answer}")
        put += 1
    print(f"Demo news:     {put} posts (one pinned, one with an image, one scheduled a minute "
          "ahead)")


if __name__ == "__main__":
    main()
