#!/usr/bin/env python3
"""Sends the demo inbox through the reference server's Web API, as the demo sub-system would.

    scripts/demo-notifications.py SERVER_URL DATA_DIR

Reads DATA_DIR/demo-accounts.json (written by `tessera-server --demo`) and sends every
employee in it a few notifications: a leave request to approve, an expense whose rejection asks
for a comment, a high-priority safety notice, an IT update with nothing to decide, and one that
the sub-system then withdraws. Idempotent: each notification has a fixed Idempotency-Key, so a
second run sends nothing new. Loopback only, like the demo itself. Exits non-zero with the
server's answer when a call fails.
"""
import json
import sys
import urllib.error
import urllib.request


def call(url, method, path, token, body=None, key=None, also_fine=()):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
            return json.loads(text) if text else {}
    except urllib.error.HTTPError as error:
        if error.code in also_fine:
            return {}
        sys.exit(f"demo-notifications: {method} {path} answered {error.code}: "
                 f"{error.read().decode(errors='replace')}")


def overtime_card():
    """An overtime approval as an Adaptive Card: hours (1-12) and a reason to choose."""
    return {
        "type": "AdaptiveCard", "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Overtime for the **4.2 release** weekend",
             "wrap": True, "weight": "Bolder"},
            {"type": "FactSet", "facts": [{"title": "Team", "value": "Platform"},
                                          {"title": "When", "value": "Sat 12 and Sun 13 Dec"}]},
            {"type": "Input.Number", "id": "hours", "label": "Hours", "min": 1, "max": 12,
             "isRequired": True, "errorMessage": "Give 1 to 12 hours"},
            {"type": "Input.ChoiceSet", "id": "reason", "label": "Reason", "isRequired": True,
             "style": "expanded", "errorMessage": "Choose a reason",
             "choices": [{"title": "Release deadline", "value": "deadline"},
                         {"title": "Incident", "value": "incident"}]},
        ],
        "actions": [
            {"type": "Action.Submit", "id": "approve", "title": "Approve"},
            {"type": "Action.Submit", "id": "reject", "title": "Reject",
             "associatedInputs": "none"},
        ],
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    url, data_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    with open(f"{data_dir}/demo-accounts.json") as file:
        demo = json.load(file)
    api_key = demo["apiKeys"][0]["key"]
    employees = [a["userId"] for a in demo["accounts"] if a.get("userType") == "employee"]
    if not employees:
        sys.exit("demo-notifications: demo-accounts.json lists no employee")

    approve_reject = [
        {"id": "approve", "label": "Approve", "requiresComment": False},
        {"id": "reject", "label": "Reject", "requiresComment": True},
    ]
    notes = [
        ("leave", {"title": "Leave request: 3 days in March",
                   "body": "Priya Nair asks for leave from 3 to 5 March (3 working days). "
                           "Her balance after this request: 9 days.",
                   "category": "leave", "priority": "normal", "actionable": True,
                   "actions": approve_reject, "reference": "HR-LEAVE-4711",
                   "data": {"employee": "Priya Nair", "from": "2027-03-03", "to": "2027-03-05",
                            "days": 3}}),
        ("expense", {"title": "Expense claim: client dinner, 86.40 EUR",
                     "body": "Dinner with the Contoso team after the quarterly review. "
                             "Receipt attached in the expense system.",
                     "category": "expenses", "priority": "normal", "actionable": True,
                     "actions": approve_reject, "reference": "EXP-20931",
                     "data": {"amount": "86.40 EUR", "costCentre": "OPS-210"}}),
        # Every employee must approve it (approval mode "all"): after one approves, the item
        # says "Approved by you" and waits for the others.
        ("purchase", {"title": "Purchase order: 2 standing desks, 1,180 EUR",
                      "body": "For the new team room on floor 2. Each team lead approves; the "
                              "order goes out when everyone has.",
                      "category": "purchasing", "priority": "normal", "actionable": True,
                      "actions": approve_reject, "reference": "PO-7730",
                      "approval": {"mode": "all"},
                      "data": {"amount": "1,180 EUR", "supplier": "Office Direct"}}),
        ("safety", {"title": "Fire drill on Thursday at 11:00",
                    "body": "Building B will be evacuated for about 20 minutes. Please follow "
                            "the wardens to assembly point 3.",
                    "category": "facilities", "priority": "high", "actionable": False,
                    "actions": [], "reference": "FAC-DRILL-12"}),
        ("it", {"title": "Your laptop refresh is scheduled",
                "body": "IT will swap your laptop on 14 December. Back up anything that is not "
                        "in your home folder.",
                "category": "it", "priority": "normal", "actionable": False, "actions": [],
                "reference": "IT-REFRESH-88"}),
        # A card as the body: its inputs (hours, a reason) go with the decision to the
        # sub-system (docs/INTEGRATION.md, "A card as the body").
        ("overtime-card", {"title": "Overtime approval: release weekend",
                           "body": "Approve overtime for the 4.2 release weekend, with the "
                                   "hours and the reason.",
                           "category": "overtime", "priority": "normal", "actionable": True,
                           "actions": [{"id": "approve", "label": "Approve"},
                                       {"id": "reject", "label": "Reject"}],
                           "reference": "OT-2212", "card": overtime_card()}),
        ("withdrawn", {"title": "Overtime approval: Saturday shift",
                       "body": "4 hours on line 3. (The shift was cancelled.)",
                       "category": "overtime", "priority": "normal", "actionable": True,
                       "actions": approve_reject, "reference": "OT-2211"}),
    ]
    sent = 0
    for name, note in reversed(notes):  # the leave request last: newest, first in the list
        body = dict(note)
        body["recipients"] = {"users": employees}
        if body["actionable"]:
            # No receiver for webhooks here: the decisions wait in GET /v1/subsystem/events.
            body["delivery"] = "poll"
        # -2: the body gained "delivery" (the first key with another body would be refused).
        answer = call(url, "POST", "/v1/notifications", api_key, body, key=f"demo-{name}-2")
        if name == "withdrawn":
            # A second run finds it withdrawn already (409/410): nothing to do.
            call(url, "DELETE", f"/v1/notifications/{answer['id']}", api_key,
                 also_fine=(409, 410))
        sent += 1
    print(f"Demo inbox:    {sent} notifications for {len(employees)} employees")


if __name__ == "__main__":
    main()
