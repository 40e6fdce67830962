#!/usr/bin/python3
"""A loopback APNs provider API for Tessera's APNs tests, independent of Tessera's code.

It speaks HTTP/2 only (h2c with prior knowledge, python3-h2) on 127.0.0.1, plays Apple's push
service and the iPhone behind it: it makes the device's push keys (P-256 + auth secret, printed
for the test), verifies each request's provider token with PyJWT against the public key of the
team's .p8, checks kid, iss, iat and every apns-* header, DECRYPTS the body's "p" with the RFC 8291
decryptor of tests/data/webpush_receiver.py (imported), records each request as a JSON line, and
answers as scripted (200 by default).

    apns_service.py --key KEY.p8 --key-id ID --team-id ID --topic BUNDLE --log FILE
        prints "DEVICE <p256dh base64url> <auth base64url>" then "PORT <n>"

Control on stdin, one line each, answered "OK" on stdout:
    SCRIPT <device token> <status> <reason or -> <retry-after or ->   (answered once, in order)
"""

import argparse
import base64
import json
import os
import re
import socket
import sys
import threading
import time

import h2.config
import h2.connection
import h2.events
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webpush_receiver import b64url, decrypt, unb64url  # noqa: E402  (the RFC 8291 decryptor)

MAX_PAYLOAD = 4096


class Service:
    def __init__(self, args) -> None:
        with open(args.key, "rb") as file:
            self.public_key = serialization.load_pem_private_key(file.read(), None).public_key()
        self.key_id = args.key_id
        self.team_id = args.team_id
        self.topic = args.topic
        self.log_path = args.log
        self.device = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.lock = threading.Lock()
        self.script = {}  # token -> [(status, reason, retry_after), ...]
        self.last_iat = None
        self.expired_answered = False

    def device_line(self) -> str:
        point = self.device.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return f"DEVICE {b64url(point)} {b64url(self.auth)}"

    def check(self, headers: dict, body: bytes, record: dict) -> list:
        errors = []
        if headers.get(":method") != "POST":
            errors.append("method is not POST")
        match = re.fullmatch(r"/3/device/([0-9a-fA-F]+)", headers.get(":path", ""))
        if not match:
            errors.append("path is not /3/device/<hex token>")
        record["token"] = match.group(1) if match else None
        authorization = headers.get("authorization", "")
        if not authorization.startswith("bearer "):
            errors.append("authorization is not a bearer token")
        token = authorization[len("bearer ") :]
        record["jwt"] = token
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token, self.public_key, algorithms=["ES256"], options={"require": ["iss", "iat"]}
            )
            record.update({"kid": header.get("kid"), "alg": header.get("alg")})
            record.update({"iss": claims["iss"], "iat": claims["iat"]})
            if header.get("kid") != self.key_id:
                errors.append(f"kid {header.get('kid')!r} is not the key id")
            if claims["iss"] != self.team_id:
                errors.append(f"iss {claims['iss']!r} is not the team id")
            if not isinstance(claims["iat"], int) or not (
                time.time() - 3600 <= claims["iat"] <= time.time() + 60
            ):
                errors.append("iat is not an integer within the last hour")
        except Exception as error:  # the token did not verify
            errors.append(f"provider token: {error!r}")
        record["headers"] = {k: v for k, v in headers.items() if k.startswith("apns-")}
        if headers.get("apns-topic") != self.topic:
            errors.append("apns-topic is not the bundle id")
        if headers.get("apns-push-type") != "alert":
            errors.append("apns-push-type is not alert")
        if headers.get("apns-priority") not in ("10", "5"):
            errors.append("apns-priority is not 10 or 5")
        if not re.fullmatch(r"[0-9]+", headers.get("apns-expiration", "")):
            errors.append("apns-expiration is not unix seconds")
        collapse = headers.get("apns-collapse-id", "")
        if not collapse or len(collapse.encode()) > 64:
            errors.append("apns-collapse-id is missing or over 64 bytes")
        if len(body) > MAX_PAYLOAD:
            errors.append(f"payload of {len(body)} bytes is over 4 KiB")
        try:
            payload = json.loads(body)
            aps = payload["aps"]
            if aps.get("mutable-content") != 1 or not isinstance(aps["alert"]["title"], str):
                errors.append("aps has no alert title or no mutable-content 1")
            record["alertTitle"] = aps["alert"]["title"]
            record["plaintext"] = decrypt(unb64url(payload["p"]), self.device, self.auth).decode()
        except Exception as error:
            errors.append(f"body: {error!r}")
        return errors

    def answer_for(self, record: dict, errors: list):
        with self.lock:
            if errors:
                return 400, "TesseraCheckFailed", None
            queue = self.script.get(record["token"], [])
            status, reason, retry_after = queue.pop(0) if queue else (200, None, None)
            # Apple: a token refreshed more often than every 20 minutes is refused, except the
            # one made after ExpiredProviderToken.
            iat = record.get("iat")
            if self.last_iat is not None and iat != self.last_iat and not self.expired_answered:
                if iat - self.last_iat < 1200:
                    status, reason, retry_after = 429, "TooManyProviderTokenUpdates", None
            self.expired_answered = reason == "ExpiredProviderToken"
            self.last_iat = iat
            return status, reason, retry_after

    def handle(self, headers: dict, body: bytes) -> tuple:
        # the body as sent (a test checks that no notification text is in it in clear)
        record = {"http2": True, "time": int(time.time()), "body": body.decode("utf-8", "replace")}
        errors = self.check(headers, body, record)
        status, reason, retry_after = self.answer_for(record, errors)
        record.update({"errors": errors, "answered": status, "reason": reason})
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        out = [(":status", str(status)), ("apns-id", "00000000-0000-0000-0000-000000000001")]
        if retry_after is not None:
            out.append(("retry-after", str(retry_after)))
        data = json.dumps({"reason": reason}).encode() if reason else b""
        if data:
            out.append(("content-type", "application/json"))
        out.append(("content-length", str(len(data))))
        return out, data

    def serve(self, sock: socket.socket) -> None:
        config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        conn = h2.connection.H2Connection(config=config)
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        streams = {}
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    return
                try:
                    events = conn.receive_data(data)
                except Exception as error:  # not HTTP/2 (an HTTP/1.1 request): recorded
                    with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
                        log.write(json.dumps({"http2": False, "error": repr(error)}) + "\n")
                    return
                for event in events:
                    if isinstance(event, h2.events.RequestReceived):
                        streams[event.stream_id] = [dict(event.headers), b""]
                    elif isinstance(event, h2.events.DataReceived):
                        streams[event.stream_id][1] += event.data
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        headers, body = streams.pop(event.stream_id)
                        out, answer = self.handle(headers, body)
                        conn.send_headers(event.stream_id, out, end_stream=not answer)
                        if answer:
                            conn.send_data(event.stream_id, answer, end_stream=True)
                sock.sendall(conn.data_to_send())
        finally:
            sock.close()

    def control(self) -> None:
        for line in sys.stdin:
            parts = line.split()
            if len(parts) == 5 and parts[0] == "SCRIPT":
                reason = None if parts[3] == "-" else parts[3]
                retry_after = None if parts[4] == "-" else int(parts[4])
                with self.lock:
                    self.script.setdefault(parts[1], []).append((int(parts[2]), reason, retry_after))
                print("OK", flush=True)
            else:
                print("ERROR", flush=True)
        os._exit(0)  # the test closed stdin or ended


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--key", "--key-id", "--team-id", "--topic", "--log"):
        parser.add_argument(name, required=True)
    service = Service(parser.parse_args())
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(service.device_line(), flush=True)
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    threading.Thread(target=service.control, daemon=True).start()
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=service.serve, args=(sock,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
