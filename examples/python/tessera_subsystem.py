#!/usr/bin/env python3
"""A tiny Tessera sub-system in Python's standard library: a client for the sub-system API and a
webhook receiver that verifies every call. The worked example of docs/INTEGRATION.md, and what the
demo sub-systems grow from.

    # The demo server's key and secret are in DATA/demo-accounts.json ("apiKeys").
    python3 tessera_subsystem.py receive --demo-accounts DATA/demo-accounts.json --port 9000
    python3 tessera_subsystem.py notify --server http://127.0.0.1:8443 \\
        --demo-accounts DATA/demo-accounts.json --to E1002 --title "Leave request" \\
        --body "Ben, 2-4 Dec" --reference HR-4711 --approve-reject \\
        --callback http://127.0.0.1:9000/hooks/tessera

Keys never go on the command line (other users see it in the process list): TESSERA_API_KEY
and TESSERA_WEBHOOK_SECRET, or --demo-accounts for the demo's file.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import secrets as random_secrets
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

# How far a signature's t may be from the receiver's clock (seconds). Each attempt of a delivery
# is signed anew with its own t, so a retry hours later still passes; an old captured call does not.
DEFAULT_TOLERANCE = 300
MAX_BODY_BYTES = 1024 * 1024


# --- Signatures ---------------------------------------------------------------------------------

class SignatureError(Exception):
    """A webhook whose Tessera-Signature does not verify (the reason is the message)."""


def sign(secret, timestamp, body):
    """The hex v1 value: HMAC-SHA256 keyed with the secret as given (its "whsec_" prefix
    included), over the ASCII timestamp, a ".", and the raw body bytes."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def parse_signature(header):
    """(t, [v1 values]) of a Tessera-Signature header; SignatureError when it is malformed."""
    timestamp = None
    values = []
    for part in header.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep:
            raise SignatureError("malformed signature header")
        if name == "t":
            if timestamp is not None or not value.isdigit():
                raise SignatureError("malformed timestamp")
            timestamp = int(value)
        elif name == "v1":
            values.append(value)
        # Other schemes (v2=, ...) are ignored: a receiver accepts what it knows.
    if timestamp is None or not values:
        raise SignatureError("no t= or no v1= in the signature header")
    return timestamp, values


def verify_signature(secrets, header, body, now=None, tolerance=DEFAULT_TOLERANCE):
    """Checks a webhook: raises SignatureError unless one v1 value of header is the HMAC of body
    with one of secrets (during a rotation a receiver may hold the new and the old one) and its t
    is within tolerance seconds of now. Answers t."""
    timestamp, values = parse_signature(header)
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    for secret in secrets:
        expected = sign(secret, timestamp, body)
        if any(hmac.compare_digest(expected, value) for value in values):
            return timestamp
    raise SignatureError("no signature matches")


# --- The sub-system API -------------------------------------------------------------------------

class TesseraError(Exception):
    """A refusal of the server: status, code (e.g. "callback_required"), message, retry_after."""

    def __init__(self, status, code, message, retry_after=None, body=None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.retry_after, self.body = retry_after, body or {}


class TesseraClient:
    """Calls the server as a sub-system with its API key (Authorization: Bearer tsk_...)."""

    def __init__(self, server, api_key, cafile=None, timeout=30):
        self.server = server.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=cafile) if cafile else None

    def call(self, method, path, body=None, idempotency_key=None, timeout=None):
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.api_key)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if idempotency_key:
            request.add_header("Idempotency-Key", idempotency_key)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout,
                                        context=self.context) as answer:
                text = answer.read()
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as refusal:
            try:
                body = json.loads(refusal.read() or b"{}")
            except ValueError:
                body = {}
            error = body.get("error", {})
            retry_after = refusal.headers.get("Retry-After")
            raise TesseraError(refusal.code, error.get("code", f"http_{refusal.code}"),
                               error.get("message", ""),
                               int(retry_after) if retry_after and retry_after.isdigit() else None,
                               body) from None

    def notify(self, notification, idempotency_key=None, attempts=5):
        """POST /v1/notifications. Retries what may be retried (no answer, 409
        request_in_progress, 429, 5xx) with the same Idempotency-Key, so that a notification is
        sent once even when an answer was lost. Keep the key with your request to retry later."""
        key = idempotency_key or random_secrets.token_urlsafe(16)
        for attempt in range(attempts):
            try:
                return self.call("POST", "/v1/notifications", notification, key)
            except TesseraError as refusal:
                if refusal.status not in (409, 429) and refusal.status < 500:
                    raise
                if attempt == attempts - 1:
                    raise
                time.sleep(refusal.retry_after or 2 ** attempt)
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == attempts - 1:
                    raise
                time.sleep(2 ** attempt)
        raise AssertionError("unreachable")

    def withdraw(self, notification_id):
        return self.call("DELETE", "/v1/notifications/" + quote(notification_id))

    def deliveries(self, notification_id):
        return self.call("GET", f"/v1/notifications/{quote(notification_id)}/deliveries")

    def notification(self, notification_id):
        return self.call("GET", "/v1/notifications/" + quote(notification_id))

    def notifications(self, **query):  # state, reference, cursor, limit
        return self.call("GET", "/v1/notifications" + query_string(query))

    def events(self, since=None, limit=None):
        return self.call("GET", "/v1/subsystem/events"
                         + query_string({"since": since, "limit": limit}))

    def ping(self, callback_url):
        """POST /v1/subsystem/ping: a signed test webhook sent now. The server answers when the
        receiver did (at most its webhooks.timeoutSeconds, 30 s by default, 300 at most):
        {"deliveryId", "url", "delivered", "status", "error", "milliseconds"}."""
        return self.call("POST", "/v1/subsystem/ping", {"callbackUrl": callback_url},
                         timeout=max(self.timeout, 330))

    def redeliver(self, delivery_id):
        """A dead delivery queued again (202, the delivery "pending"); 409 already_delivered or
        delivery_pending otherwise."""
        return self.call("POST", f"/v1/subsystem/deliveries/{quote(delivery_id)}/redeliver")


def quote(segment):
    return urllib.parse.quote(segment, safe="")


def query_string(query):
    given = {name: value for name, value in query.items() if value is not None}
    return "?" + urllib.parse.urlencode(given) if given else ""


# --- The webhook receiver -----------------------------------------------------------------------

class WebhookReceiver(http.server.ThreadingHTTPServer):
    """Takes Tessera's webhooks on path: verifies the signature against the raw body before
    reading it, hands each new event to on_event(event, headers) and answers at once (do slow
    work after answering). Tessera delivers at least once: a delivery id handled already gets the
    same answer again without calling on_event. When on_event answers a dict, it is the answer's
    JSON body (200), e.g. {"card": {...}}, the result card of a submission.created webhook;
    otherwise the answer is 204. When on_event raises, the delivery is not marked handled and
    gets a 500: Tessera retries."""

    daemon_threads = True

    def __init__(self, address, secrets, on_event, path="/hooks/tessera",
                 tolerance=DEFAULT_TOLERANCE):
        super().__init__(address, WebhookHandler)
        self.secrets, self.on_event, self.path = list(secrets), on_event, path
        self.tolerance = tolerance
        # A real sub-system keeps the handled ids (and their answers) in its database, in the
        # same transaction as the effect of the event; a dict is enough for the example.
        self.handled = {}
        self.lock = threading.Lock()

    def url(self):
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{self.path}"


class WebhookHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        receiver = self.server
        if self.path != receiver.path:
            return self.answer(404, "not_found")
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return self.answer(413 if length.isdigit() else 411, "bad_length")
        body = self.rfile.read(int(length))  # the raw bytes: they are what was signed
        try:
            verify_signature(receiver.secrets, self.headers.get("Tessera-Signature", ""), body,
                             tolerance=receiver.tolerance)
        except SignatureError as error:
            return self.answer(400, str(error))
        delivery_id = self.headers.get("Tessera-Delivery-Id", "")
        try:
            event = json.loads(body)
        except ValueError:
            return self.answer(400, "not JSON")
        if not isinstance(event, dict):
            return self.answer(400, "not a JSON object")
        with receiver.lock:
            duplicate = delivery_id in receiver.handled
            result = receiver.handled.get(delivery_id)
        if not duplicate:
            try:
                result = receiver.on_event(event, dict(self.headers))
            except Exception:  # not handled: a non-2xx makes Tessera try again later
                return self.answer(500, "could not handle the event")
            with receiver.lock:
                receiver.handled[delivery_id] = result
        if isinstance(result, dict):
            return self.answer(200, body=result)
        self.answer(204)

    def answer(self, status, reason="", body=None):
        if body is not None:
            body = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        else:
            body = json.dumps({"error": reason}).encode() if reason else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if body:
            self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the events are the output
        pass


# --- Command line -------------------------------------------------------------------------------

def demo_key(path):
    """The first API key of a demo server's demo-accounts.json."""
    with open(path, encoding="utf-8") as file:
        return json.load(file)["apiKeys"][0]


def secrets_from(args):
    if args.demo_accounts:
        return [demo_key(args.demo_accounts)["webhookSecret"]]
    # Several secrets during a rotation's overlap: separated by commas.
    given = os.environ.get("TESSERA_WEBHOOK_SECRET", "")
    return [secret for secret in given.split(",") if secret]


def run_receive(args):
    secrets = secrets_from(args)
    if not secrets:
        sys.exit("receive needs TESSERA_WEBHOOK_SECRET or --demo-accounts")
    out = open(args.events_file, "a", encoding="utf-8") if args.events_file else sys.stdout
    write_lock = threading.Lock()

    def on_event(event, headers):
        line = {"deliveryId": headers.get("Tessera-Delivery-Id"),
                "eventType": headers.get("Tessera-Event-Type"), "event": event}
        with write_lock:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()

    receiver = WebhookReceiver(("127.0.0.1", args.port), secrets, on_event, args.path,
                               args.tolerance)
    print("listening " + receiver.url(), flush=True)
    receiver.serve_forever()


def client_from(args):
    """The client of a command: its --server, and the key of --demo-accounts or TESSERA_API_KEY."""
    key = demo_key(args.demo_accounts)["key"] if args.demo_accounts else \
        os.environ.get("TESSERA_API_KEY", "")
    if not key:
        sys.exit(f"{args.command} needs TESSERA_API_KEY or --demo-accounts")
    return TesseraClient(args.server, key, cafile=args.ca_file)


def print_answer(call):
    """Prints call()'s answer as one JSON line; a refusal as {"error": ...} with exit code 1."""
    try:
        answer = call()
    except TesseraError as refusal:
        print(json.dumps({"error": {"status": refusal.status, "code": refusal.code,
                                    "message": refusal.message}}), flush=True)
        sys.exit(1)
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    return answer


def run_notify(args):
    client = client_from(args)
    notification = {"recipients": {"users": args.to}, "title": args.title, "body": args.body,
                    "category": args.category, "reference": args.reference}
    if args.approve_reject:
        notification.update(actionable=True, actions=[
            {"id": "approve", "label": "Approve"},
            {"id": "reject", "label": "Reject", "requiresComment": True}])
    if args.callback:
        notification["callbackUrl"] = args.callback
    if args.poll:
        notification["delivery"] = "poll"  # no webhook: read the decision from the events feed
    print_answer(lambda: client.notify(notification, args.idempotency_key))


def run_events(args):
    """One page of the events feed after --since (store the answer's cursor with its effects)."""
    client = client_from(args)
    print_answer(lambda: client.events(args.since, args.limit))


def run_ping(args):
    """A signed test webhook to --callback now; exit 1 unless the receiver answered 2xx."""
    client = client_from(args)
    answer = print_answer(lambda: client.ping(args.callback))
    sys.exit(0 if answer.get("delivered") else 1)


def run_notifications(args):
    client = client_from(args)
    print_answer(lambda: client.notifications(state=args.state, reference=args.reference,
                                              cursor=args.cursor, limit=args.limit))


def run_notification(args):
    client = client_from(args)
    print_answer(lambda: client.notification(args.id))


def run_redeliver(args):
    client = client_from(args)
    print_answer(lambda: client.redeliver(args.delivery_id))


def run_verify_vectors(args):
    """Checks the test vectors of docs/INTEGRATION.md with this file's functions."""
    with open(args.file, encoding="utf-8") as file:
        vectors = json.load(file)["vectors"]
    failures = []
    for vector in vectors:
        name, body, t = vector["name"], vector["body"].encode("utf-8"), vector["timestamp"]
        header = f"t={t}," + ",".join(f"v1={sign(s, t, body)}" for s in vector["secrets"])
        if header != vector["expectedHeader"]:
            failures.append(f"{name}: signed {header}")
        if vector["signedString"].encode("utf-8") != str(t).encode() + b"." + body:
            failures.append(f"{name}: signed string")
        checks = [(f"secret {i}", [s], t, True) for i, s in enumerate(vector["secrets"])]
        checks += [
            ("without the whsec_ prefix", [vector["secrets"][0][len("whsec_"):]], t, False),
            ("another secret", ["whsec_not-the-secret"], t, False),
            ("t 5 minutes off", vector["secrets"], t + DEFAULT_TOLERANCE, True),
            ("t over 5 minutes off", vector["secrets"], t + DEFAULT_TOLERANCE + 1, False),
        ]
        for label, keys, now, accept in checks:
            try:
                verify_signature(keys, vector["expectedHeader"], body, now=now)
                accepted = True
            except SignatureError:
                accepted = False
            if accepted != accept:
                failures.append(f"{name}: {label}: {'accepted' if accepted else 'refused'}")
        try:
            verify_signature(vector["secrets"], vector["expectedHeader"], body + b" ", now=t)
            failures.append(f"{name}: a changed body was accepted")
        except SignatureError:
            pass
    for failure in failures:
        print(failure)
    print(f"{len(vectors)} vectors, {len(failures)} failures")
    sys.exit(1 if failures else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    receive = commands.add_parser("receive", help="receive and verify webhooks")
    receive.add_argument("--port", type=int, default=9000, help="0: a free one")
    receive.add_argument("--path", default="/hooks/tessera")
    receive.add_argument("--demo-accounts", help="the demo server's demo-accounts.json")
    receive.add_argument("--events-file", help="append verified events here (JSON lines)")
    receive.add_argument("--tolerance", type=int, default=DEFAULT_TOLERANCE)

    def api_command(name, help):
        command = commands.add_parser(name, help=help)
        command.add_argument("--server", required=True)
        command.add_argument("--ca-file")
        command.add_argument("--demo-accounts", help="the demo server's demo-accounts.json")
        return command

    notify = api_command("notify", "send a notification")
    notify.add_argument("--to", action="append", required=True, help="a user id; repeat")
    notify.add_argument("--title", required=True)
    notify.add_argument("--body", required=True)
    notify.add_argument("--category", default="leave")
    notify.add_argument("--reference", required=True)
    notify.add_argument("--callback")
    notify.add_argument("--approve-reject", action="store_true")
    notify.add_argument("--poll", action="store_true",
                        help="no webhook: the decision is read from the events feed")
    notify.add_argument("--idempotency-key")
    events = api_command("events", "read the events feed after a cursor")
    events.add_argument("--since", help="the cursor of the page before (none: the oldest kept)")
    events.add_argument("--limit", type=int)
    ping = api_command("ping", "send a signed test webhook now; exit 1 when not delivered")
    ping.add_argument("--callback", required=True)
    notifications = api_command("notifications", "list the notifications the key sent")
    notifications.add_argument("--state", choices=["open", "decided", "withdrawn", "expired"])
    notifications.add_argument("--reference")
    notifications.add_argument("--cursor")
    notifications.add_argument("--limit", type=int)
    one = api_command("notification", "read one notification the key sent")
    one.add_argument("id")
    redeliver = api_command("redeliver", "send a dead-lettered delivery again")
    redeliver.add_argument("delivery_id")
    vectors = commands.add_parser("verify-vectors", help="check the signature test vectors")
    vectors.add_argument("file")
    args = parser.parse_args()
    {"receive": run_receive, "notify": run_notify, "events": run_events, "ping": run_ping,
     "notifications": run_notifications, "notification": run_notification,
     "redeliver": run_redeliver, "verify-vectors": run_verify_vectors}[args.command](args)


if __name__ == "__main__":
    main()
