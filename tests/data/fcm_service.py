#!/usr/bin/python3
"""A loopback FCM HTTP v1 service for Tessera's push tests, independent of Tessera's code.

It plays Google's OAuth 2 token endpoint, FCM's messages:send and the Android devices behind it:
it makes a service account (an RSA key pair; the account JSON points token_uri at itself),
verifies each token request's RS256 JWT with PyJWT against the account's public key (iss, scope,
aud, iat/exp at most an hour apart), issues access tokens with expires_in and counts the
exchanges; each send must carry a Bearer token it issued, is recorded, and its data.p is
DECRYPTED with webpush_receiver.py's own RFC 8291 code (imported, not copied) using the device's
keys made here. Answers are scripted per device.

    fcm_service.py      listens on 127.0.0.1, port 0; prints "PORT <n>"

Control (JSON):
    POST /_account {}                   -> the service account JSON (client_email, private_key, ...)
    POST /_device {"name"}              -> {"token", "keys": {"p256dh", "auth"}}
    POST /_script {"name", "answers": ["ok" | "unregistered" | "invalid-token" | "429:<s>"
                   | "429:date:<s>" | "500" | "401", ...]}   (then "ok")
    GET  /_log                          -> [record, ...] (every send so far, in order)
    GET  /_stats                        -> {"exchanges": n, "refusedExchanges": n}
"""

import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webpush_receiver import b64url, decrypt, unb64url  # noqa: E402  (the RFC 8291 decryptor)

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
PROJECT = "tessera-test"
EMAIL = "push@tessera-test.iam.gserviceaccount.com"


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key = None  # the service account's RSA private key
        self.tokens = set()  # access tokens issued and still good
        self.exchanges = 0
        self.refused_exchanges = 0
        self.devices = {}  # FCM token -> (name, private key, auth)
        self.scripts = {}  # name -> [answer, ...]
        self.log = []


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def _answer(self, status: int, value=None, headers=None) -> None:
        body = json.dumps(value).encode() if value is not None else b""
        self.send_response(status)
        for name, text in (headers or {}).items():
            self.send_header(name, text)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def do_GET(self) -> None:
        with STATE.lock:
            if self.path == "/_log":
                self._answer(200, list(STATE.log))
            elif self.path == "/_stats":
                self._answer(200, {"exchanges": STATE.exchanges, "refusedExchanges": STATE.refused_exchanges})
            else:
                self._answer(404)

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/_account":
            self._account()
        elif self.path == "/_device":
            self._device(json.loads(body)["name"])
        elif self.path == "/_script":
            script = json.loads(body)
            with STATE.lock:
                STATE.scripts[script["name"]] = list(script.get("answers", []))
            self._answer(200, {})
        elif self.path == "/token":
            self._token(body)
        elif self.path == f"/v1/projects/{PROJECT}/messages:send":
            self._send(body)
        else:
            self._answer(404)

    def _account(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with STATE.lock:
            STATE.key = key
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        self._answer(
            200,
            {
                "type": "service_account",
                "project_id": PROJECT,
                "private_key_id": secrets.token_hex(20),
                "private_key": pem,
                "client_email": EMAIL,
                "client_id": "1234567890",
                "token_uri": self._origin() + "/token",
            },
        )

    def _device(self, name: str) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        # The shape of a real registration token: an instance id, ':', then a long secret.
        token = secrets.token_urlsafe(16)[:22] + ":APA91b" + secrets.token_urlsafe(120)[:134]
        with STATE.lock:
            STATE.devices[token] = (name, key, auth)
        point = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self._answer(200, {"token": token, "keys": {"p256dh": b64url(point), "auth": b64url(auth)}})

    def _token(self, body: bytes) -> None:
        form = urllib.parse.parse_qs(body.decode("ascii"))
        try:
            if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
                raise ValueError("grant_type")
            with STATE.lock:
                public = STATE.key.public_key()
            claims = jwt.decode(
                form["assertion"][0], public, algorithms=["RS256"], audience=self._origin() + "/token"
            )
            if claims["iss"] != EMAIL or claims["scope"] != SCOPE:
                raise ValueError("iss or scope")
            if not 0 < claims["exp"] - claims["iat"] <= 3600 or abs(claims["iat"] - time.time()) > 300:
                raise ValueError("iat/exp")
        except Exception as error:
            with STATE.lock:
                STATE.refused_exchanges += 1
            self._answer(400, {"error": "invalid_grant", "error_description": repr(error)})
            return
        token = "ya29." + secrets.token_urlsafe(32)
        with STATE.lock:
            STATE.exchanges += 1
            STATE.tokens.add(token)
        self._answer(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _send(self, body: bytes) -> None:
        bearer = self.headers.get("Authorization", "")
        with STATE.lock:
            known = bearer.startswith("Bearer ") and bearer[len("Bearer ") :] in STATE.tokens
        if not known:
            self._error(401, "UNAUTHENTICATED", None, "Request had invalid authentication credentials.")
            return
        message = json.loads(body)["message"]
        record = {"at": time.time(), "token": message.get("token"), "android": message.get("android"), "data": message.get("data")}
        record["keys"] = sorted(message.keys())
        with STATE.lock:
            device = STATE.devices.get(message.get("token"))
        name = device[0] if device else None
        record["name"] = name
        if device:
            try:
                record["payload"] = json.loads(decrypt(unb64url(message["data"]["p"]), device[1], device[2]))
            except Exception as error:  # recorded for the test to see
                record["decryptError"] = repr(error)
        with STATE.lock:
            script = STATE.scripts.get(name, [])
            answer = script.pop(0) if script else "ok"
            if answer == "401":
                STATE.tokens.clear()  # the access token was revoked
        record["answered"] = answer
        with STATE.lock:
            STATE.log.append(record)
        if answer == "ok":
            self._answer(200, {"name": f"projects/{PROJECT}/messages/{len(STATE.log)}"})
        elif answer == "unregistered":
            self._error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.")
        elif answer == "invalid-token":
            self._error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                        "The registration token is not a valid FCM registration token")
        elif answer.startswith("429:date:"):
            when = formatdate(time.time() + int(answer.split(":")[2]), usegmt=True)
            self._error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.", {"Retry-After": when})
        elif answer.startswith("429:"):
            self._error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.",
                        {"Retry-After": answer.split(":")[1]})
        elif answer == "401":
            self._error(401, "UNAUTHENTICATED", None, "Request had invalid authentication credentials.")
        else:
            self._error(int(answer), "INTERNAL", "INTERNAL", "Internal error.")

    def _error(self, status: int, state: str, code, message: str, headers=None) -> None:
        error = {"code": status, "message": message, "status": state}
        if code:
            error["details"] = [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}]
        self._answer(status, {"error": error}, headers)


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
