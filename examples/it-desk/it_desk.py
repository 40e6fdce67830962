#!/usr/bin/env python3
"""IT desk: a demo sub-system as an integrator would write it (Python's standard library only).

It offers the service "Report an incident" (category, urgency, summary, details) to everyone.
Each submission becomes a ticket: its status goes to "received" with the ticket number, then
"in progress" (an engineer took it), then "done" (resolved), one step every --step-seconds
(short in tests), and each step also sends the person a notification. A real desk would move
the ticket when its engineers do; the timer plays them.

There is no submission webhook yet: submissions are polled with a cursor
(GET /v1/subsystem/submissions). Nothing here needs a webhook, but the receiver still runs and
verifies what comes (a ping from `tessera-cli subsystem ping`, say). After a restart the poller
reads from the start again, and a ticket still "received" or "in progress" goes on from there.

    python3 examples/it-desk/it_desk.py --server http://127.0.0.1:8080 \\
        --key-file .demo-data/subsystems/it-desk.json --listen 127.0.0.1:9102
"""
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from tessera_demo import (CardsClient, SubmissionPoller, load_key_file, log_line,  # noqa: E402
                          subsystem_arguments)
from tessera_subsystem import TesseraError, WebhookReceiver  # noqa: E402

SERVICE_ID = "incident"
CATEGORIES = {"hardware": "Hardware", "software": "Software", "network": "Network and Wi-Fi",
              "access": "Accounts and access", "other": "Something else"}
URGENCIES = {"low": "Low: it can wait", "normal": "Normal", "high": "High: I cannot work"}
log = log_line("it-desk")


def incident_form():
    def choices(options):
        return [{"title": title, "value": value} for value, title in options.items()]
    return {
        "type": "AdaptiveCard", "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Report an incident", "style": "heading", "wrap": True},
            {"type": "Input.ChoiceSet", "id": "category", "label": "What is it about",
             "isRequired": True, "errorMessage": "Choose a category", "style": "compact",
             "choices": choices(CATEGORIES)},
            {"type": "Input.ChoiceSet", "id": "urgency", "label": "Urgency", "isRequired": True,
             "errorMessage": "Choose the urgency", "style": "expanded", "value": "normal",
             "choices": choices(URGENCIES)},
            {"type": "Input.Text", "id": "summary", "label": "Summary", "isRequired": True,
             "maxLength": 120, "errorMessage": "Say in a line what is wrong"},
            {"type": "Input.Text", "id": "details", "label": "Details", "isMultiline": True,
             "maxLength": 2000, "placeholder": "What you did, what happened, error messages"},
        ],
        "actions": [{"type": "Action.Submit", "id": "report", "title": "Report",
                     "style": "positive"}],
    }


def ticket_number(submission_id):
    """A ticket number that a restart gives the same submission again."""
    tail = "".join(c for c in submission_id.split("_", 1)[-1] if c.isalnum())[-6:]
    return "INC-" + tail.upper()


class ItDesk:
    def __init__(self, client, step_seconds):
        self.client, self.step_seconds = client, step_seconds
        self.lock = threading.Lock()
        self.open = set()

    def publish(self):
        self.client.put_service(SERVICE_ID, {
            "title": "Report an incident", "category": "IT", "icon": "wrench",
            "description": "Something broken or blocked: the IT desk takes it from here.",
            "audience": {"everyone": True}, "form": incident_form()})
        log(f"service '{SERVICE_ID}' published")

    def on_submission(self, submission):
        submission_id = submission["id"]
        with self.lock:
            if submission_id in self.open:
                return
            self.open.add(submission_id)
        inputs = submission.get("inputs", {})
        # The server checked the inputs against the form; the desk reads them defensively.
        summary = str(inputs.get("summary", "")).strip()[:120] or "(no summary)"
        category = CATEGORIES.get(inputs.get("category"), "Something else")
        urgency = inputs.get("urgency") if inputs.get("urgency") in URGENCIES else "normal"
        ticket = ticket_number(submission_id)
        steps = [
            ("received", f"Ticket {ticket} opened ({category}, {urgency} urgency).",
             f"{ticket} received: {summary}"),
            ("in_progress", f"Ticket {ticket}: an engineer is working on it.",
             f"{ticket} in progress: {summary}"),
            ("done", f"Ticket {ticket} resolved. Reply with a new report if it comes back.",
             f"{ticket} resolved: {summary}"),
        ]
        # A ticket under way when the desk stopped goes on from its status.
        first = {"submitted": 0, "received": 1, "in_progress": 2}[submission["status"]]
        log(f"{submission_id} of {submission['submitter']['id']}: {ticket}")
        if first == 0:
            self.step(submission, steps, 0)
        else:
            timer = threading.Timer(self.step_seconds, self.step, (submission, steps, first))
            timer.daemon = True
            timer.start()

    def step(self, submission, steps, index):
        status, message, title = steps[index]
        person = submission["submitter"]["id"]
        try:
            self.client.set_status(submission["id"], status, message)
            self.client.notify({"recipients": {"users": [person]}, "title": title[:200],
                                "body": message, "category": "it",
                                "reference": f"{ticket_number(submission['id'])}:{status}"},
                               idempotency_key=f"it-{submission['id']}-{status}")
        except TesseraError as refusal:
            if refusal.status in (409, 429) or refusal.status >= 500:
                log(f"{submission['id']} {status}: {refusal}; trying again")
                index -= 1
            else:  # final already, gone, or refused: nothing later would change that
                log(f"{submission['id']} {status}: {refusal}; giving up")
                return
        except Exception as error:  # the server away: try this step again later
            log(f"{submission['id']} {status}: {error}; trying again")
            index -= 1
        if index + 1 < len(steps):
            timer = threading.Timer(self.step_seconds, self.step, (submission, steps, index + 1))
            timer.daemon = True
            timer.start()
        else:
            log(f"{submission['id']} resolved")


def main():
    parser = subsystem_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--step-seconds", type=float, default=20.0,
                        help="from received to in progress to done (default 20)")
    parser.add_argument("--poll-seconds", type=float, default=1.0)
    args = parser.parse_args()
    key = load_key_file(args.key_file)
    client = CardsClient(args.server, key["key"], cafile=args.ca_file)
    desk = ItDesk(client, args.step_seconds)
    receiver = WebhookReceiver(args.listen, [key["webhookSecret"]],
                               lambda event, headers: log(f"webhook {event.get('type')}"))
    desk.publish()
    SubmissionPoller(client, SERVICE_ID, desk.on_submission, args.poll_seconds, log,
                     statuses=("submitted", "received", "in_progress")).start()
    log(f"listening {receiver.url()}")
    receiver.serve_forever()


if __name__ == "__main__":
    main()
