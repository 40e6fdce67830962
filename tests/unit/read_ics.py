#!/usr/bin/python3
"""Reads an .ics file Tessera wrote with Python's icalendar (Debian's python3-icalendar), an
independent parser, and checks it against the expectations given as JSON:

    read_ics.py FILE '{"uid": ..., "tzid": ..., "startUtc": "2027-07-10T08:00:00Z",
                       "endUtc": ..., "offsetSeconds": 7200, "sequence": 0,
                       "endOffsetSeconds": 3600 (DTEND's, when it differs),
                       "status": "CONFIRMED", "method": "PUBLISH", "summary": ...,
                       "description": ..., "location": ..., "url": ...}'

The raw bytes too: CRLF line ends, no line over 75 octets, every physical line valid UTF-8 on
its own (folding never splits a character). The VTIMEZONE is turned into a time zone by
icalendar itself and must give DTSTART the expected offset. Exit 0 when all holds, else 1 with
what did not, one line each."""
import datetime
import json
import sys

import icalendar


def main():
    path, expected = sys.argv[1], json.loads(sys.argv[2])
    raw = open(path, "rb").read()
    problems = []

    def check(what, got, want):
        if got != want:
            problems.append(f"{what}: got {got!r}, expected {want!r}")

    if not raw.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    physical = raw.split(b"\r\n")[:-1]
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} splits a UTF-8 sequence")

    calendar = icalendar.Calendar.from_ical(raw)
    check("VERSION", str(calendar.get("VERSION")), "2.0")
    check("PRODID", str(calendar.get("PRODID")), "-//Tessera//Tessera//EN")
    check("METHOD", str(calendar.get("METHOD")), expected["method"])
    events = calendar.walk("VEVENT")
    zones = calendar.walk("VTIMEZONE")
    check("VEVENTs", len(events), 1)
    check("VTIMEZONEs", len(zones), 1)
    if len(events) != 1 or len(zones) != 1:
        print("\n".join(problems))
        return 1
    event, zone = events[0], zones[0]
    check("TZID", str(zone.get("TZID")), expected["tzid"])
    check("UID", str(event.get("UID")), expected["uid"])
    check("SEQUENCE", int(event.get("SEQUENCE")), expected["sequence"])
    check("STATUS", str(event.get("STATUS")), expected["status"])
    check("SUMMARY", str(event.get("SUMMARY")), expected["summary"])
    for name, key in (("DESCRIPTION", "description"), ("LOCATION", "location"), ("URL", "url")):
        value = event.get(name)
        check(name, None if value is None else str(value), expected.get(key))
    stamp = event.decoded("DTSTAMP")
    if stamp.utcoffset() != datetime.timedelta(0):
        problems.append(f"DTSTAMP is not UTC: {stamp!r}")

    utc = datetime.timezone.utc
    offsets = {"DTSTART": expected["offsetSeconds"],
               "DTEND": expected.get("endOffsetSeconds", expected["offsetSeconds"])}
    for name, key in (("DTSTART", "startUtc"), ("DTEND", "endUtc")):
        want_offset = datetime.timedelta(seconds=offsets[name])
        prop = event.get(name)
        check(f"{name}'s TZID", prop.params.get("TZID"), expected["tzid"])
        value = event.decoded(name)
        want = datetime.datetime.strptime(expected[key], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=utc)
        check(f"{name} in UTC", value.astimezone(utc), want)
        check(f"{name}'s offset", value.utcoffset(), want_offset)
        # The file's own VTIMEZONE, as icalendar reads it, gives the local time the same offset.
        own = zone.to_tz()
        local = own.localize(value.replace(tzinfo=None))
        check(f"{name}'s offset by the file's VTIMEZONE", local.utcoffset(), want_offset)
        check(f"{name} in UTC by the file's VTIMEZONE", local.astimezone(utc), want)

    print("\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
