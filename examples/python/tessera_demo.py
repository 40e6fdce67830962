"""What the demo sub-systems (examples/hr-leave, examples/it-desk, examples/facilities-wifi) share
on top of tessera_subsystem.py: the Home card and service calls, a submission poller, the key
file and the common flags. Python's standard library only.
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
        form (an Adaptive Card with inputs and a submit action)."""
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


class SubmissionPoller(threading.Thread):
    """Reads a service's new submissions with a cursor and hands each one still "submitted" to
    on_submission(submission). There is no submission webhook yet (the server records
    submission.created only in the events feed and the submissions list), so a sub-system polls.
    The cursor lives in memory: after a restart the poller reads from the start again and skips
    what it has moved on already (its status is no longer "submitted"), so nothing is lost and
    nothing handled twice. When on_submission raises, the cursor stays and it is tried again."""

    def __init__(self, client, service_id, on_submission, interval=1.0, log=print,
                 statuses=("submitted",)):
        super().__init__(daemon=True, name="poll-" + service_id)
        self.client, self.service_id, self.on_submission = client, service_id, on_submission
        self.statuses = statuses  # which ones to hand on (a status change is listed again)
        self.interval, self.log, self.cursor = interval, log, None
        self.stopping = threading.Event()

    def poll_once(self):
        while True:
            page = self.client.submissions(since=self.cursor, service_id=self.service_id)
            for submission in page.get("submissions", []):
                if submission.get("status") in self.statuses:
                    self.on_submission(submission)
            self.cursor = page.get("cursor", self.cursor)
            if not page.get("hasMore"):
                return

    def run(self):
        while not self.stopping.is_set():
            try:
                self.poll_once()
            except Exception as error:  # the server away or a refusal: try again later
                self.log(f"polling {self.service_id}: {error}")
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()


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
