#!/usr/bin/python3
"""A loopback Web Push service for Tessera's push tests, independent of Tessera's code.

It plays the push service (RFC 8030) and the user agents behind it: it makes each device's push
keys, verifies every push's VAPID JWT (RFC 8292) with PyJWT against the `k=` key and the
endpoint's origin, DECRYPTS the body with its own RFC 8291 / RFC 8188 implementation on
python3-cryptography (ECDH P-256, HKDF-SHA256, AES-128-GCM), records what it got, and answers as
scripted (201 by default; 429 with Retry-After, 500, 410 on demand).

    webpush_receiver.py            listens on 127.0.0.1, port 0; prints "PORT <n>"
    webpush_receiver.py --make-vapid-key FILE   writes a P-256 private key in PEM and exits

Control (JSON):
    POST /_subscribe {"name"}                 -> {"endpoint", "keys": {"p256dh", "auth"}}
    POST /_script {"name", "answers": [[status, retry_after_or_null], ...], "default": status,
                   "delay": seconds}  (delay: each push is recorded at once, answered that late)
    GET  /_log                                -> [record, ...] (every push so far, in order)
    POST /push/<name>                         the push service's endpoint
"""

import base64
import os
import json
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt(body: bytes, ua_private: ec.EllipticCurvePrivateKey, auth: bytes) -> bytes:
    """RFC 8291 section 3 and RFC 8188 section 2, one record."""
    if len(body) < 21:
        raise ValueError("body shorter than the aes128gcm header")
    salt = body[:16]
    rs = struct.unpack(">I", body[16:20])[0]
    idlen = body[20]
    keyid = body[21 : 21 + idlen]
    ciphertext = body[21 + idlen :]
    if idlen != 65:
        raise ValueError("keyid is not a 65-byte P-256 point")
    if len(ciphertext) > rs:
        raise ValueError("more than one record")
    as_public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), keyid)
    ua_public = ua_private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    shared = ua_private.exchange(ec.ECDH(), as_public)
    ikm = hkdf(auth, shared, b"WebPush: info\x00" + ua_public + keyid, 32)
    cek = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
    end = len(padded) - 1
    while end >= 0 and padded[end] == 0:
        end -= 1
    if end < 0 or padded[end] != 2:
        raise ValueError("no last-record padding delimiter 0x02")
    return padded[:end]


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.devices = {}  # name -> (private key, auth)
        self.scripts = {}  # name -> list of [status, retry_after]
        self.defaults = {}  # name -> status
        self.delays = {}  # name -> seconds before answering
        self.log = []


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def _answer(self, status: int, body: bytes = b"", headers=None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, value) -> None:
        self._answer(200, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def do_GET(self) -> None:
        if self.path == "/_log":
            with STATE.lock:
                self._json(list(STATE.log))
        else:
            self._answer(404)

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/_subscribe":
            name = json.loads(body)["name"]
            key = ec.generate_private_key(ec.SECP256R1())
            auth = os.urandom(16)
            with STATE.lock:
                STATE.devices[name] = (key, auth)
            point = key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
            port = self.server.server_address[1]
            self._json(
                {
                    "endpoint": f"http://127.0.0.1:{port}/push/{name}",
                    "keys": {"p256dh": b64url(point), "auth": b64url(auth)},
                }
            )
        elif self.path == "/_script":
            script = json.loads(body)
            with STATE.lock:
                STATE.scripts[script["name"]] = list(script.get("answers", []))
                STATE.defaults[script["name"]] = script.get("default", 201)
                STATE.delays[script["name"]] = float(script.get("delay", 0))
            self._json({})
        elif self.path.startswith("/push/"):
            self._push(self.path[len("/push/") :], body)
        else:
            self._answer(404)

    def _push(self, name: str, body: bytes) -> None:
        port = self.server.server_address[1]
        record = {
            "name": name,
            "ttl": self.headers.get("TTL"),
            "urgency": self.headers.get("Urgency"),
            "topic": self.headers.get("Topic"),
            "contentEncoding": self.headers.get("Content-Encoding"),
        }
        record.update(verify_vapid(self.headers.get("Authorization", ""), f"http://127.0.0.1:{port}"))
        with STATE.lock:
            device = STATE.devices.get(name)
            script = STATE.scripts.get(name, [])
            status, retry_after = script.pop(0) if script else (STATE.defaults.get(name, 201), None)
        if device is None:
            record["decryptError"] = "unknown device"
        else:
            try:
                record["payload"] = json.loads(decrypt(body, device[0], device[1]))
            except Exception as error:  # recorded for the test to see
                record["decryptError"] = repr(error)
        record["answered"] = status
        with STATE.lock:
            STATE.log.append(record)
            delay = STATE.delays.get(name, 0)
        if delay:
            time.sleep(delay)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        if status in (201, 202):
            headers["Location"] = f"/message/{len(STATE.log)}"
        self._answer(status, b"", headers)


def verify_vapid(header: str, origin: str) -> dict:
    """RFC 8292 section 3: "vapid t=<JWT>, k=<key>", ES256 with the key k, aud = the origin."""
    out = {"vapidOk": False}
    try:
        if not header.startswith("vapid "):
            raise ValueError("not the vapid scheme")
        params = dict(part.strip().split("=", 1) for part in header[len("vapid ") :].split(","))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(params["k"]))
        claims = jwt.decode(params["t"], key, algorithms=["ES256"], audience=origin)
        out.update({"vapidOk": True, "aud": claims["aud"], "sub": claims.get("sub"), "exp": claims["exp"],
                    "token": params["t"]})
    except Exception as error:
        out["vapidError"] = repr(error)
    return out


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--make-vapid-key":
        key = ec.generate_private_key(ec.SECP256R1())
        with open(sys.argv[2], "wb") as file:
            file.write(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.TraditionalOpenSSL,
                    serialization.NoEncryption(),
                )
            )
        return 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
