#!/usr/bin/env python3
"""Facilities Wi-Fi: a demo sub-system as an integrator would write it (Python's standard
library only).

Each office (--geos, the geos of the directory: a person's `l`) gets a Home card with its guest
Wi-Fi network and password, shown only to the people of that geo (audience {"geos": [geo]}).
Every --rotate-seconds the passwords change and each card is put again under the same id: the
card is replaced in place (its version goes up) and the app redraws it. The password fact carries
Tessera's host extension `"tessera": {"secret": true}` (docs/CARDS.md, "Secret text"): the app
shows it masked until tapped, and a copy leaves the clipboard after a minute.

The receiver runs and verifies what comes (a ping); the Wi-Fi cards need no webhook.

    python3 examples/facilities-wifi/facilities_wifi.py --server http://127.0.0.1:8080 \\
        --key-file .demo-data/subsystems/facilities-wifi.json --listen 127.0.0.1:9103 \\
        --geos Pune,London --rotate-seconds 3600
"""
import os
import re
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from tessera_demo import CardsClient, load_key_file, log_line, subsystem_arguments  # noqa: E402
from tessera_subsystem import WebhookReceiver  # noqa: E402

log = log_line("facilities-wifi")
# Letters and digits that are not mistaken for each other when read off a phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password():
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def card_id(geo):
    return "wifi-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", geo).strip("-").lower() or "office")[:50]


def network_name(geo):
    return "Tessera-Guest-" + re.sub(r"[^A-Za-z0-9]+", "", geo)[:20]


def wifi_card(geo, password, rotated_at):
    return {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "TextBlock", "text": f"Office Wi-Fi in {geo}", "style": "heading",
         "wrap": True},
        {"type": "FactSet", "facts": [
            {"title": "Network", "value": network_name(geo)},
            # Tessera's host extension: the app masks it until the person taps "Show", and
            # "Copy" clears the clipboard after a minute. Other Adaptive Cards hosts ignore it.
            {"title": "Password", "value": password, "tessera": {"secret": True}}]},
        {"type": "TextBlock", "isSubtle": True, "wrap": True,
         "text": "Changed " + time.strftime("%d %b %H:%M UTC", time.gmtime(rotated_at))
                 + ". For guests and your own devices."}]}


class FacilitiesWifi:
    def __init__(self, client, geos):
        self.client, self.geos = client, geos

    def rotate(self):
        """A new password for every geo, each card put in place; answers {geo: password}."""
        passwords = {}
        now = time.time()
        for geo in self.geos:
            password = new_password()
            self.client.put_card(card_id(geo), wifi_card(geo, password, now), {"geos": [geo]})
            passwords[geo] = password
        log(f"Wi-Fi passwords set for {', '.join(self.geos)}")
        return passwords

    def run(self, every):
        while True:
            try:
                self.rotate()
            except Exception as error:  # the server away: try again soon
                log(f"rotation failed: {error}")
                time.sleep(min(every, 5))
                continue
            time.sleep(every)


def main():
    parser = subsystem_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--geos", required=True,
                        help="the offices, comma-separated, as the directory names them")
    parser.add_argument("--rotate-seconds", type=float, default=3600.0,
                        help="how often the passwords change (default 3600)")
    args = parser.parse_args()
    geos = [geo.strip() for geo in args.geos.split(",") if geo.strip()]
    if not geos or args.rotate_seconds <= 0:
        parser.error("give at least one geo and a positive --rotate-seconds")
    key = load_key_file(args.key_file)
    wifi = FacilitiesWifi(CardsClient(args.server, key["key"], cafile=args.ca_file), geos)
    receiver = WebhookReceiver(args.listen, [key["webhookSecret"]],
                               lambda event, headers: log(f"webhook {event.get('type')}"))
    threading.Thread(target=wifi.run, args=(args.rotate_seconds,), daemon=True).start()
    log(f"listening {receiver.url()}")
    receiver.serve_forever()


if __name__ == "__main__":
    main()
