#!/usr/bin/env python3
"""Puts the demo events through the reference server's Web API, as a sub-system would.

    scripts/demo-events.py SERVER_URL DATA_DIR

Reads the demo API key from DATA_DIR/demo-accounts.json (written by `tessera-server --demo`; it
holds the events:write scope) and puts three events (docs/INTEGRATION.md, "Events"): a barista
course for two people (the third to answer "going" waits), an online all-hands with an hour's
reminder, and a Pune site walk. Each has a fixed id, so a second run replaces them (their times
move with the server's clock). A key made before the events:write scope existed gets 403: the
events are then left out with a note. Loopback only, like the demo itself.
"""
import datetime
import email.utils
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(url, method, path, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
            return answer.status, (json.loads(text) if text else {}), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def rfc3339(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    url, data_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    with open(f"{data_dir}/demo-accounts.json", encoding="utf-8") as file:
        api_key = json.load(file)["apiKeys"][0]["key"]
    # The server's clock (it may run at a demo time): the Date header of its answer.
    _, _, headers = call(url, "GET", "/v1/subsystem/events/none/attendees", api_key)
    now = email.utils.parsedate_to_datetime(headers["Date"])
    day = now.replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    # Links go to the server's own host (or a host the key's card hosts allow), https only.
    host = urllib.parse.urlsplit(url).hostname
    everyone = {"everyone": True}
    events = [
        ("barista-course", {
            "title": "Barista course",
            "description": "Learn to pull a **proper espresso**. Two places: the third to say "
                           "*going* joins the waiting list.",
            "start": rfc3339(day), "end": rfc3339(day + datetime.timedelta(hours=1)),
            "timeZone": "Asia/Kolkata", "place": {"site": "Pune HQ", "room": "Canteen"},
            "capacity": 2, "reminders": [60], "audience": everyone}),
        ("all-hands", {
            "title": "All-hands: the year in review",
            "description": "Questions welcome in the chat.",
            "start": rfc3339(day + datetime.timedelta(hours=7)),
            "end": rfc3339(day + datetime.timedelta(hours=8)),
            "timeZone": "Europe/Berlin", "onlineUrl": f"https://{host}/all-hands",
            "reminders": [60, 1440], "audience": everyone}),
        ("pune-site-walk", {
            "title": "Pune site walk",
            "description": "See the new floors before they open.",
            "start": rfc3339(day + datetime.timedelta(days=1, hours=2)),
            "end": rfc3339(day + datetime.timedelta(days=1, hours=3)),
            "timeZone": "Asia/Kolkata", "place": {"site": "Pune HQ", "room": "Lobby"},
            "capacity": 20, "audience": {"geos": ["Pune"]}}),
    ]
    put = 0
    for event_id, event in events:
        status, answer, _ = call(url, "PUT", f"/v1/subsystem/events/{event_id}", api_key, event)
        if status == 403:
            print("Demo events:   left out (the demo key predates the events:write scope)")
            return
        if status not in (200, 201):
            sys.exit(f"demo-events: PUT /v1/subsystem/events/{event_id} answered {status}: "
                     f"{answer}")
        put += 1
    print(f"Demo events:   {put} events (one for two people with a waiting list, one online)")


if __name__ == "__main__":
    main()
