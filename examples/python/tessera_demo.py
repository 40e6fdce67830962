"""What the demo sub-systems (examples/hr-leave, examples/it-desk, examples/facilities-wifi) share
on top of tessera_subsystem.py: the Home card and service calls, the queue of submissions that
the submission webhook fills (with a catch-up at start), the key file and the common flags.
Python's standard library only.
"""
import argparse
import json
import os
import threading
import time

from tessera_subsystem import TesseraClient, quote, query_string


class CardsClient(TesseraClient):
    """A TesseraClient that also puts Home cards and services and answers submissions."""

    # Home cards, services and their submissions (docs/CARDS.md).

    def put_card(self, card_id, card, audience, order=None):
        """PUT /v1/subsystem/cards/{id} (cards:write): a new card or the same one replaced in
        place (its version goes up, the app redraws it)."""
        body = {"card": card, "audience": audience}
        if order is not None:
            body["order"] = order
        return self.call("PUT", "/v1/subsystem/cards/" + quote(card_id), body)

    def delete_card(self, card_id):
        return self.call("DELETE", "/v1/subsystem/cards/" + quote(card_id))

    def put_service(self, service_id, service):
        """PUT /v1/subsystem/services/{id} (services:write): title, category, icon, audience,
        form (an Adaptive Card with inputs and a submit action), and callbackUrl: where each
        submission is POSTed as a signed submission.created webhook (under a callback prefix of
        the key)."""
        return self.call("PUT", "/v1/subsystem/services/" + quote(service_id), service)

    def submissions(self, since=None, service_id=None, limit=None):
        """GET /v1/subsystem/submissions (submissions:read): new submissions and status changes
        after the cursor since, oldest first: {"submissions", "cursor", "hasMore"}."""
        return self.call("GET", "/v1/subsystem/submissions" + query_string(
            {"since": since, "serviceId": service_id, "limit": limit}))

    def set_status(self, submission_id, status, message=None, result_card=None):
        """POST /v1/subsystem/submissions/{id}/status: received, in_progress, done or rejected
        (the last two are final) with a message the person sees under My requests."""
        body = {"status": status}
        if message is not None:
            body["message"] = message
        if result_card is not None:
            body["resultCard"] = result_card
        return self.call("POST", f"/v1/subsystem/submissions/{quote(submission_id)}/status",
                         body)


class SubmissionQueue(threading.Thread):
    """Where a demo sub-system's submissions wait to be handled, one at a time, after the
    webhook was answered (answer quickly; do the work after).

    Submissions come from the signed submission.created webhook (submission_of() reads one from
    a verified event) and, once at start, from catch_up(): Tessera queues a webhook only when the
    submission is stored, to the service's callbackUrl of that moment, so a submission made while
    the sub-system was down (or whose deliveries went to its previous address) is read from
    GET /v1/subsystem/submissions instead. Both may bring the same submission: it is handled once
    (by its id). When on_submission raises, it is tried again later (2 s, 4 s, ... at most a
    minute): the webhook was answered already, so retrying is the sub-system's job now."""

    def __init__(self, client, service_id, on_submission, log=print):
        super().__init__(daemon=True, name="submissions-" + service_id)
        self.client, self.service_id, self.on_submission = client, service_id, on_submission
        self.log = log
        self.condition = threading.Condition()
        self.waiting = []  # [(due time, attempt, submission)]
        self.seen = set()  # submission ids queued once (a real sub-system keeps them stored)

    def put(self, submission, source):
        """Queues submission unless its id was queued before; answers whether it was new."""
        with self.condition:
            if submission["id"] in self.seen:
                return False
            self.seen.add(submission["id"])
            self.waiting.append((time.monotonic(), 0, submission))
            self.waiting.sort(key=lambda entry: entry[0])  # retries waiting stay behind it
            self.condition.notify()
        self.log(f"{submission['id']} by {source}")
        return True

    def catch_up(self, statuses=("submitted",)):
        """Reads the service's submissions once, oldest first, and queues those still in one of
        statuses: what came while no webhook could reach this process."""
        cursor = None
        while True:
            page = self.client.submissions(since=cursor, service_id=self.service_id)
            for submission in page.get("submissions", []):
                if submission.get("status") in statuses:
                    self.put(submission, "catch-up")
            cursor = page.get("cursor", cursor)
            if not page.get("hasMore"):
                return

    def run(self):
        while True:
            with self.condition:
                while not self.waiting or self.waiting[0][0] > time.monotonic():
                    timeout = self.waiting[0][0] - time.monotonic() if self.waiting else None
                    self.condition.wait(timeout)
                _, attempt, submission = self.waiting.pop(0)
            try:
                self.on_submission(submission)
            except Exception as error:  # the server away or a refusal: try again later
                delay = min(60, 2 ** (attempt + 1))
                self.log(f"{submission['id']}: {error}; trying again in {delay} s")
                with self.condition:
                    self.waiting.append((time.monotonic() + delay, attempt + 1, submission))
                    self.waiting.sort(key=lambda entry: entry[0])


def submission_of(event, service_id):
    """The submission of a verified submission.created webhook for service_id, else None (other
    events, another service's submission)."""
    submission = event.get("submission")
    if event.get("type") != "submission.created" or not isinstance(submission, dict):
        return None
    if submission.get("serviceId") != service_id or not isinstance(submission.get("id"), str):
        return None
    return submission


def load_key_file(path):
    """A sub-system's key file: the JSON answer of POST /v1/admin/api-keys (or `tessera-cli admin
    keys create`) with "key" and "webhookSecret". Refused when others may read it."""
    mode = os.stat(path).st_mode
    if mode & 0o077:
        raise SystemExit(f"{path}: readable by others (mode {mode & 0o777:o}); chmod 600 it")
    with open(path, encoding="utf-8") as file:
        key = json.load(file)
    if not isinstance(key, dict) or not str(key.get("key", "")).startswith("tsk_") or \
            not str(key.get("webhookSecret", "")).startswith("whsec_"):
        raise SystemExit(f"{path}: no \"key\" (tsk_...) and \"webhookSecret\" (whsec_...)")
    return key


def listen_address(text):
    """HOST:PORT of a --listen flag as (host, port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"not HOST:PORT: {text}")
    return host, int(port)


def subsystem_arguments(description):
    """The flags every demo sub-system takes: --server, --key-file, --listen, --ca-file."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server", required=True, help="the Tessera server's URL")
    parser.add_argument("--key-file", required=True,
                        help="the sub-system's API key and webhook secret (JSON, mode 0600)")
    parser.add_argument("--listen", type=listen_address, default=("127.0.0.1", 0),
                        help="HOST:PORT for the signed webhooks (port 0: a free one)")
    parser.add_argument("--ca-file", help="the server's CA certificate (https)")
    return parser


def log_line(name):
    """A print for one sub-system's log lines: its name first, flushed at once."""
    lock = threading.Lock()

    def log(text):
        with lock:
            print(f"{time.strftime('%H:%M:%S')} {name}: {text}", flush=True)
    return log
