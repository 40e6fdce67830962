#!/usr/bin/env python3
"""HR leave: a demo sub-system as an integrator would write it (Python's standard library only).

Each employee of the HR records (--people, a JSON list of {"id", "name", "manager", "annual",
"sick"}) gets a Home card with their leave balance (audience: that user id). The service "Apply
for leave" takes the type of leave, the first and last day, a half-day toggle and a reason. A
submission is checked (the dates in order, working days in it, the balance enough): a bad one is
rejected with a message that says why; a good one becomes an approval notification in the
applicant's manager's inbox and the submission is "in progress". The manager's decision comes
back as a signed webhook (the signature is verified before anything else is read); approved, the
days leave the balance, the card is put again in place and the submission is done; rejected, the
submission is rejected with the manager's comment. Either way the applicant gets a notification.

Submissions arrive as signed webhooks (submission.created) on the same receiver as the
decisions: the service is registered with the receiver's URL as its callbackUrl. The receiver
verifies the signature, skips a delivery id it has seen (at least once), answers 204 at once and
queues the submission; the checks and the calls to Tessera happen after the answer, retried
until they go through. At start the service's submissions still "submitted" are read once
(GET /v1/subsystem/submissions): those made while HR was down, whose webhooks went to an address
it no longer listens on. The balances live in --state (a JSON file), so a restart keeps them.

    python3 examples/hr-leave/hr_leave.py --server http://127.0.0.1:8080 \\
        --key-file .demo-data/subsystems/hr-leave.json --listen 127.0.0.1:9101 \\
        --people examples/hr-leave/people.json --state .demo-data/subsystems/hr-leave-state.json
"""
import copy
import datetime
import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from tessera_demo import (CardsClient, SubmissionQueue, load_key_file, log_line,  # noqa: E402
                          submission_of, subsystem_arguments)
from tessera_subsystem import TesseraError, WebhookReceiver  # noqa: E402

SERVICE_ID = "leave"
KINDS = {"annual": "Annual leave", "sick": "Sick leave", "unpaid": "Unpaid leave"}
MAX_DAYS = 60
log = log_line("hr-leave")


def leave_form():
    today = datetime.date.today()
    return {
        "type": "AdaptiveCard", "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Apply for leave", "style": "heading", "wrap": True},
            {"type": "TextBlock", "wrap": True, "isSubtle": True,
             "text": "Your manager approves it in Tessera; your balance is on Home."},
            {"type": "Input.ChoiceSet", "id": "type", "label": "Type of leave",
             "isRequired": True, "errorMessage": "Choose the type of leave", "style": "compact",
             "choices": [{"title": title, "value": value} for value, title in KINDS.items()]},
            {"type": "Input.Date", "id": "from", "label": "First day", "isRequired": True,
             "errorMessage": "Give the first day", "min": today.isoformat(),
             "max": (today + datetime.timedelta(days=730)).isoformat()},
            {"type": "Input.Date", "id": "to", "label": "Last day", "isRequired": True,
             "errorMessage": "Give the last day", "min": today.isoformat(),
             "max": (today + datetime.timedelta(days=730)).isoformat()},
            {"type": "Input.Toggle", "id": "halfDay", "title": "Half day (one day only)",
             "valueOn": "true", "valueOff": "false", "value": "false"},
            {"type": "Input.Text", "id": "reason", "label": "Reason", "isMultiline": True,
             "maxLength": 200, "placeholder": "What your manager should know"},
        ],
        "actions": [{"type": "Action.Submit", "id": "apply", "title": "Apply",
                     "style": "positive"}],
    }


def balance_card(person, balance, pending, service=None):
    """The Home card of a person's balance. service: the leave service's id in the catalogue
    (svc_…, as the server answered its PUT): the card's "Apply for leave" opens its form in the
    app (Tessera's host data {"tessera": {"service": …}}, docs/CARDS.md)."""
    facts = [{"title": "Annual leave", "value": days_text(balance["annual"])},
             {"title": "Sick leave", "value": days_text(balance["sick"])}]
    if pending:
        facts.append({"title": "Waiting for approval", "value": days_text(pending)})
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "TextBlock", "text": "Your leave balance", "style": "heading", "wrap": True},
        {"type": "FactSet", "facts": facts},
        {"type": "TextBlock", "isSubtle": True, "wrap": True,
         "text": "Apply for leave under Services."}]}
    if service:
        card["actions"] = [{"type": "Action.Submit", "id": "apply", "title": "Apply for leave",
                            "associatedInputs": "none",
                            "data": {"tessera": {"service": service}}}]
    return card


def days_text(days):
    return f"{days:g} day" + ("" if days == 1 else "s")


def working_days(first, last):
    days, day = 0, first
    while day <= last:
        if day.weekday() < 5:
            days += 1
        day += datetime.timedelta(days=1)
    return days


def check_request(inputs):
    """(kind, first, last, days, reason) of a submission's inputs, or ValueError with the
    message the applicant sees. The server checked them against the form already; an HR
    system checks again what it relies on."""
    kind = inputs.get("type")
    if kind not in KINDS:
        raise ValueError("Choose annual, sick or unpaid leave.")
    try:
        first = datetime.date.fromisoformat(str(inputs.get("from", "")))
        last = datetime.date.fromisoformat(str(inputs.get("to", "")))
    except ValueError:
        raise ValueError("Give the first and last day as dates.") from None
    if last < first:
        raise ValueError(f"The last day ({last}) is before the first ({first}).")
    days = working_days(first, last)
    if days == 0:
        raise ValueError("There is no working day from the first to the last day.")
    if days > MAX_DAYS:
        raise ValueError(f"At most {MAX_DAYS} working days in one request.")
    if str(inputs.get("halfDay", "false")) == "true":
        if first != last:
            raise ValueError("A half day is one day: make the first and last day the same.")
        days = 0.5
    reason = str(inputs.get("reason", ""))[:200]
    return kind, first, last, days, reason


class HrLeave:
    def __init__(self, client, people, state_file, callback_url):
        self.client, self.people, self.state_file = client, people, state_file
        self.callback_url = callback_url
        self.lock = threading.Lock()
        self.state = {"balances": {}, "pending": {}}
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as file:
                self.state = json.load(file)
        for person_id, person in people.items():
            self.state["balances"].setdefault(
                person_id, {"annual": float(person.get("annual", 20)),
                            "sick": float(person.get("sick", 10))})

    def save(self):
        if not self.state_file:
            return
        temporary = self.state_file + ".new"
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
                  encoding="utf-8") as file:
            json.dump(self.state, file, indent=1)
        os.replace(temporary, self.state_file)

    def pending_days(self, person_id, kind=None):
        return sum(p["days"] for p in self.state["pending"].values()
                   if p["applicant"] == person_id and (kind is None or p["kind"] == kind))

    def put_balance_card(self, person_id):
        card = balance_card(self.people[person_id], self.state["balances"][person_id],
                            self.pending_days(person_id), getattr(self, "service", None))
        self.client.put_card("balance-" + person_id, card, {"users": [person_id]}, order=-10)

    def publish(self):
        self.service = self.client.put_service(SERVICE_ID, {
            "title": "Apply for leave", "category": "HR", "icon": "calendar",
            "description": "Annual, sick or unpaid leave, approved by your manager.",
            "audience": {"userTypes": ["employee"]}, "form": leave_form(),
            "callbackUrl": self.callback_url}).get("id")
        with self.lock:
            for person_id in self.people:
                self.put_balance_card(person_id)
        log(f"service '{SERVICE_ID}' and {len(self.people)} balance cards published")

    # A new submission (from the SubmissionQueue: its webhook, or the catch-up at start). Raises
    # when Tessera could not be reached: the queue tries again.
    def on_submission(self, submission):
        submission_id = submission["id"]
        applicant = submission["submitter"]["id"]
        with self.lock:
            if submission_id in self.state["pending"]:
                # Asked the manager already; the status call failed then: set it now.
                self.client.set_status(submission_id, "in_progress", "Waiting for approval.")
                return
            person = self.people.get(applicant)
            try:
                if person is None:
                    raise ValueError("You are not in the HR records: ask HR to add you.")
                kind, first, last, days, reason = check_request(submission.get("inputs", {}))
                if kind != "unpaid":
                    left = self.state["balances"][applicant][kind] - \
                        self.pending_days(applicant, kind)
                    if days > left:
                        raise ValueError(f"{KINDS[kind]}: you asked for {days_text(days)}, "
                                         f"{days_text(left)} left.")
                manager = self.people.get(person.get("manager") or "")
                if manager is None:
                    raise ValueError("You have no manager in the HR records to approve it.")
            except ValueError as refusal:
                self.client.set_status(submission_id, "rejected", str(refusal))
                log(f"{submission_id} of {applicant} rejected: {refusal}")
                return
            pending = {"applicant": applicant, "kind": kind, "days": days,
                       "from": first.isoformat(), "to": last.isoformat(),
                       "manager": manager["id"]}
            span = first.isoformat() if first == last else f"{first} to {last}"
            notification = {
                "recipients": {"users": [manager["id"]]}, "requester": applicant,
                "title": f"Leave request: {person['name']}, {days_text(days)}",
                "body": f"{person['name']} asks for {KINDS[kind].lower()}, {span} "
                        f"({days_text(days)}). Reason: {reason or 'none given'}.",
                "category": "leave", "actionable": True, "callbackUrl": self.callback_url,
                "actions": [{"id": "approve", "label": "Approve"},
                            {"id": "reject", "label": "Reject", "requiresComment": True}],
                "reference": "leave:" + submission_id,
                "data": {"submissionId": submission_id, "employee": person["name"],
                         "type": kind, "from": pending["from"], "to": pending["to"],
                         "days": days}}
            # The same Idempotency-Key on a retry: the manager is asked once.
            try:
                self.client.notify(notification, idempotency_key="leave-ask-" + submission_id)
            except TesseraError as refusal:
                if refusal.status in (409, 429) or refusal.status >= 500:
                    raise  # the queue tries again
                # The manager cannot be asked (disabled, unknown to Tessera): say so.
                self.client.set_status(submission_id, "rejected",
                                       "Your manager cannot be asked in Tessera now: ask HR.")
                log(f"{submission_id}: asking {manager['id']} refused: {refusal}")
                return
            self.state["pending"][submission_id] = pending
            self.save()
            self.client.set_status(submission_id, "in_progress",
                                   f"Waiting for {manager['name']} to approve.")
            self.put_balance_card(applicant)
        log(f"{submission_id} of {applicant}: {days_text(days)} {kind}, asked {manager['id']}")

    # A verified webhook (WebhookReceiver checked the signature and the delivery id).
    def on_event(self, event, headers):
        kind = event.get("type")
        reference = event.get("reference")
        if kind not in ("notification.decided", "notification.expired") or \
                not isinstance(reference, str) or not reference.startswith("leave:"):
            return  # pings and other events: nothing to do
        submission_id = reference[len("leave:"):]
        with self.lock:
            pending = self.state["pending"].get(submission_id)
            if pending is None:
                return  # decided before (a redelivery) or not ours
            applicant = pending["applicant"]
            approved = kind == "notification.decided" and event.get("action") == "approve"
            decider = event.get("decidedByName")
            decider = decider if isinstance(decider, str) and decider else "your manager"
            comment = event.get("comment")
            comment = comment.strip()[:300] if isinstance(comment, str) else ""
            span = pending["from"] if pending["from"] == pending["to"] else \
                f"{pending['from']} to {pending['to']}"
            # The effects on a copy first; kept only when every call went through. A call that
            # fails raises: the receiver answers 500 and Tessera delivers the decision again,
            # which then does the same (the status and the notification are idempotent).
            before = self.state
            self.state = copy.deepcopy(before)
            try:
                if approved:
                    if pending["kind"] != "unpaid":
                        self.state["balances"][applicant][pending["kind"]] -= pending["days"]
                    message = f"Approved by {decider}."
                    title = f"Leave approved: {span}"
                elif kind == "notification.expired":
                    message = "Not decided in time: apply again."
                    title = f"Leave request expired: {span}"
                else:
                    message = f"Rejected by {decider}" + (f": {comment}" if comment else ".")
                    title = f"Leave rejected: {span}"
                del self.state["pending"][submission_id]
                self.put_balance_card(applicant)
                try:
                    self.client.set_status(submission_id, "done" if approved else "rejected",
                                           message[:500])
                except TesseraError as refusal:
                    if refusal.code != "already_final":
                        raise
                left = self.state["balances"][applicant]
                self.client.notify({
                    "recipients": {"users": [applicant]}, "title": title,
                    "body": f"{message} Balance: {days_text(left['annual'])} annual, "
                            f"{days_text(left['sick'])} sick leave.",
                    "category": "leave", "reference": "leave-result:" + submission_id},
                    idempotency_key="leave-result-" + submission_id)
            except BaseException:
                self.state = before
                raise
            self.save()
        log(f"{submission_id} of {applicant}: {'approved' if approved else 'not approved'}")


def main():
    parser = subsystem_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--people", required=True, help="the HR records (JSON list)")
    parser.add_argument("--state", help="where the balances are kept (JSON, mode 0600)")
    args = parser.parse_args()
    key = load_key_file(args.key_file)
    with open(args.people, encoding="utf-8") as file:
        people = {person["id"]: person for person in json.load(file)}
    client = CardsClient(args.server, key["key"], cafile=args.ca_file)
    hr = queue = None

    def on_webhook(event, headers):
        # A submission is queued (handled after the 204); a decision is acted on at once.
        submission = submission_of(event, SERVICE_ID)
        if submission is not None:
            queue.put(submission, "webhook")
            return None
        return hr.on_event(event, headers)

    # Listening before the service names its URL: a webhook that comes at once waits for
    # serve_forever in the socket's backlog.
    receiver = WebhookReceiver(args.listen, [key["webhookSecret"]], on_webhook)
    hr = HrLeave(client, people, args.state, receiver.url())
    queue = SubmissionQueue(client, SERVICE_ID, hr.on_submission, log)
    queue.start()
    hr.publish()
    queue.catch_up()
    log(f"listening {receiver.url()}")
    receiver.serve_forever()


if __name__ == "__main__":
    main()
