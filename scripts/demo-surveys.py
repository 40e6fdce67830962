#!/usr/bin/env python3
"""Puts the demo surveys through the reference server's Web API, as a sub-system would.

    scripts/demo-surveys.py SERVER_URL DATA_DIR

Reads the demo API key from DATA_DIR/demo-accounts.json (written by `tessera-server --demo`; it
holds the surveys:write scope) and puts two surveys for everyone (docs/INTEGRATION.md,
"Surveys"): a named, editable canteen survey closing in a week, and an anonymous team pulse
closing in three days (its answers are stored without the person; its free text is shown from
5 answers on). Each survey has a fixed id, so a second run replaces them (once answered, their
cards stay: the server answers 409 has_answers, which is noted and left). A key made before the
surveys:write scope existed gets 403: the surveys are then left out with a note. Loopback only,
like the demo itself.
"""
import datetime
import email.utils
import json
import sys
import urllib.error
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


def choices(*values):
    return [{"title": value, "value": value.lower()} for value in values]


def card(*inputs):
    return {"type": "AdaptiveCard", "version": "1.5", "body": list(inputs),
            "actions": [{"type": "Action.Submit", "title": "Send"}]}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    url, data_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    with open(f"{data_dir}/demo-accounts.json", encoding="utf-8") as file:
        api_key = json.load(file)["apiKeys"][0]["key"]
    # The server's clock (it may run at a demo time): the Date header of an answer.
    _, _, headers = call(url, "GET", "/v1/health", api_key)
    now = email.utils.parsedate_to_datetime(headers["Date"])

    everyone = {"everyone": True}
    surveys = [
        ("canteen", {
            "title": "How was the canteen this week?",
            "card": card(
                {"type": "Input.ChoiceSet", "id": "meal", "label": "Your usual meal",
                 "isRequired": True, "choices": choices("Lunch", "Dinner", "Snacks")},
                {"type": "Input.Number", "id": "taste", "label": "Taste, 1 to 5",
                 "min": 1, "max": 5, "isRequired": True},
                {"type": "Input.Text", "id": "wish", "label": "One dish you miss",
                 "maxLength": 200}),
            "audience": everyone,
            "closesAt": rfc3339(now + datetime.timedelta(days=7)),
            "anonymous": False, "editable": True}),
        ("team-pulse", {
            "title": "Team pulse (anonymous)",
            "card": card(
                {"type": "TextBlock", "wrap": True,
                 "text": "Nobody, not even the server's operators, can tell who answered what."},
                {"type": "Input.ChoiceSet", "id": "workload", "label": "Your workload",
                 "isRequired": True, "style": "expanded",
                 "choices": choices("Light", "Fine", "Heavy")},
                {"type": "Input.Number", "id": "mood", "label": "Your mood, 1 to 5",
                 "min": 1, "max": 5},
                {"type": "Input.Text", "id": "idea", "label": "One thing we should change",
                 "isMultiline": True, "maxLength": 500}),
            "audience": everyone,
            "closesAt": rfc3339(now + datetime.timedelta(days=3)),
            "anonymous": True}),
    ]
    put = 0
    for survey_id, survey in surveys:
        status, answer, _ = call(url, "PUT", f"/v1/subsystem/surveys/{survey_id}", api_key,
                                 survey)
        if status == 403:
            print("Demo surveys:  left out (the demo key predates the surveys:write scope)")
            return
        if status == 409:
            print(f"Demo surveys:  {survey_id} has answers already; kept as it was")
            continue
        if status not in (200, 201):
            sys.exit(f"demo-surveys: PUT /v1/subsystem/surveys/{survey_id} answered {status}: "
                     f"{answer}")
        put += 1
    print(f"Demo surveys:  {put} surveys (one named and editable, one anonymous)")


if __name__ == "__main__":
    main()
