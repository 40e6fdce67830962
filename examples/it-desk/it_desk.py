#!/usr/bin/env python3
"""IT desk: a demo sub-system as an integrator would write it (Python's standard library only).

It offers the service "Report an incident" (category, urgency, summary, details) to everyone,
with the receiver's URL as the service's callbackUrl. Each submission arrives as a signed
submission.created webhook: the receiver verifies it, skips a delivery id it has seen (Tessera
delivers at least once) and answers at once with {"card": ...}, a result card with the ticket
number, which the person sees under My requests. The ticket then moves: its status goes to
"received", then "in progress" (an engineer took it), then "done" (resolved), one step every
--step-seconds (short in tests), each step with a notification to the person. A real desk would
move the ticket when its engineers do; the timer plays them.

At start the service's submissions are read once (GET /v1/subsystem/submissions): one still
"submitted" came while the desk was down (its webhook went to an address it no longer listens
on) and gets its ticket card with the "received" status instead; a ticket still "received" or
"in progress" goes on from there.

    python3 examples/it-desk/it_desk.py --server http://127.0.0.1:8080 \\
        --key-file .demo-data/subsystems/it-desk.json --listen 127.0.0.1:9102
"""
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from tessera_demo import (CardsClient, SubmissionQueue, load_key_file, log_line,  # noqa: E402
                          submission_of, subsystem_arguments)
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


def ticket_card(submission):
    """The result card of a submission: its ticket number, category and urgency (no text of the
    person's: a card with what looks like HTML in it would be refused)."""
    inputs = submission.get("inputs") or {}
    category = CATEGORIES.get(inputs.get("category"), "Something else")
    urgency = URGENCIES.get(inputs.get("urgency"), URGENCIES["normal"])
    ticket = ticket_number(submission["id"])
    return {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "TextBlock", "text": f"Ticket {ticket}", "style": "heading", "wrap": True},
        {"type": "FactSet", "facts": [{"title": "Ticket", "value": ticket},
                                      {"title": "About", "value": category},
                                      {"title": "Urgency", "value": urgency}]},
        {"type": "TextBlock", "isSubtle": True, "wrap": True,
         "text": "The IT desk has it. Its progress shows here and as notifications."}]}


class ItDesk:
    def __init__(self, client, step_seconds, callback_url):
        self.client, self.step_seconds = client, step_seconds
        self.callback_url = callback_url
        self.lock = threading.Lock()
        self.open = set()
        self.card_answered = set()  # submissions whose ticket card went in the webhook's answer

    def publish(self):
        self.client.put_service(SERVICE_ID, {
            "title": "Report an incident", "category": "IT", "icon": "wrench",
            "description": "Something broken or blocked: the IT desk takes it from here.",
            "audience": {"everyone": True}, "form": incident_form(),
            "callbackUrl": self.callback_url})
        log(f"service '{SERVICE_ID}' published")

    def answer_webhook(self, submission):
        """The answer to a submission.created webhook: the ticket card, made from the
        submission alone (quick); the statuses follow from the queue."""
        with self.lock:
            self.card_answered.add(submission["id"])
        return {"card": ticket_card(submission)}

    def on_submission(self, submission):
        submission_id = submission["id"]
        with self.lock:
            if submission_id in self.open:
                return
            self.open.add(submission_id)
            # Caught up at start: no webhook answered its card, the first status carries it.
            card = None if submission_id in self.card_answered else ticket_card(submission)
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
        first = {"submitted": 0, "received": 1, "in_progress": 2}.get(submission["status"])
        if first is None:
            return  # final already
        log(f"{submission_id} of {submission['submitter']['id']}: {ticket}")
        if first == 0:
            self.step(submission, steps, 0, card)
        else:
            timer = threading.Timer(self.step_seconds, self.step, (submission, steps, first))
            timer.daemon = True
            timer.start()

    def step(self, submission, steps, index, card=None):
        status, message, title = steps[index]
        person = submission["submitter"]["id"]
        retry = False
        try:
            self.client.set_status(submission["id"], status, message, result_card=card)
            self.client.notify({"recipients": {"users": [person]}, "title": title[:200],
                                "body": message, "category": "it",
                                "reference": f"{ticket_number(submission['id'])}:{status}"},
                               idempotency_key=f"it-{submission['id']}-{status}")
        except TesseraError as refusal:
            if refusal.status in (409, 429) or refusal.status >= 500:
                log(f"{submission['id']} {status}: {refusal}; trying again")
                retry = True
            else:  # final already, gone, or refused: nothing later would change that
                log(f"{submission['id']} {status}: {refusal}; giving up")
                return
        except Exception as error:  # the server away: try this step again later
            log(f"{submission['id']} {status}: {error}; trying again")
            retry = True
        if retry or index + 1 < len(steps):
            following = (index, card) if retry else (index + 1, None)
            timer = threading.Timer(self.step_seconds, self.step, (submission, steps, *following))
            timer.daemon = True
            timer.start()
        else:
            log(f"{submission['id']} resolved")


def main():
    parser = subsystem_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--step-seconds", type=float, default=20.0,
                        help="from received to in progress to done (default 20)")
    args = parser.parse_args()
    key = load_key_file(args.key_file)
    client = CardsClient(args.server, key["key"], cafile=args.ca_file)
    desk = queue = None

    def on_webhook(event, headers):
        submission = submission_of(event, SERVICE_ID)
        if submission is None:
            log(f"webhook {event.get('type')}")  # a ping, say: nothing to do
            return None
        answer = desk.answer_webhook(submission)
        queue.put(submission, "webhook")
        return answer

    # Listening before the service names its URL (see hr_leave.py).
    receiver = WebhookReceiver(args.listen, [key["webhookSecret"]], on_webhook)
    desk = ItDesk(client, args.step_seconds, receiver.url())
    queue = SubmissionQueue(client, SERVICE_ID, desk.on_submission, log)
    queue.start()
    desk.publish()
    queue.catch_up(statuses=("submitted", "received", "in_progress"))
    log(f"listening {receiver.url()}")
    receiver.serve_forever()


if __name__ == "__main__":
    main()
