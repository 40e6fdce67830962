#!/usr/bin/env python3
"""Writes tests/data/pass-vectors.json: the QR pass test vectors of docs/PASS_FORMAT.md.

An implementation of the format independent of the C++ one (its own CBOR, base45 and digest,
with Ed25519 from python3-cryptography), so that the C++ tests check the C++ code against the
document and not against itself. Run it only to change the vectors:
    python3 tests/data/make_pass_vectors.py > tests/data/pass-vectors.json
"""
import base64
import hashlib
import json
import struct
from datetime import datetime, timezone

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# --- CBOR (RFC 8949), only what the format uses: definite lengths, shortest integer heads ---


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(value):
    if isinstance(value, bool):
        raise TypeError("no booleans in the format")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(item) for item in value)
    raise TypeError(type(value))


# --- base45 (RFC 9285) ---
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45(data):
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out += [ALPHABET[n % 45], ALPHABET[n // 45 % 45], ALPHABET[n // 2025]]
    if len(data) % 2:
        n = data[-1]
        out += [ALPHABET[n % 45], ALPHABET[n // 45]]
    return "".join(out)


# --- the format ---
ISSUER_CONTEXT = b"tessera-pass-v1-issuer\x00"
DEVICE_CONTEXT = b"tessera-pass-v1-device\x00"


def unix(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


class Key:
    def __init__(self, seed_hex):
        self.seed = bytes.fromhex(seed_hex)
        self.private = Ed25519PrivateKey.from_private_bytes(self.seed)
        self.public = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def sign(self, message):
        return self.private.sign(message)


def payload(claims):
    statuses = []
    for status in claims["statuses"]:
        item = [status["name"], status["value"]]
        if "until" in status:
            item.append(unix(status["until"]))
        statuses.append(item)
    return cbor([
        claims["version"], claims["issuerKeyId"], claims["passId"], claims["subject"],
        claims["initials"], {"employee": 0, "non_employee": 1}[claims["userType"]],
        unix(claims["issuedAt"]), unix(claims["expiresAt"]),
        base64.b64decode(claims["devicePublicKey"]), statuses,
    ])


def signed_pass(claims, issuer):
    body = payload(claims)
    return body, cbor([body, issuer.sign(ISSUER_CONTEXT + body)])


def qr_bytes(signed, step, device):
    digest = hashlib.sha256(DEVICE_CONTEXT + signed + struct.pack(">Q", step)).digest()
    return cbor([signed, step, device.sign(digest)])


def main():
    keys = {
        "issuer-2026a": Key(bytes(range(0, 32)).hex()),
        "issuer-2025b": Key(bytes(range(32, 64)).hex()),
        "issuer-stranger": Key(bytes(range(64, 96)).hex()),
        "device": Key(bytes(range(96, 128)).hex()),
        "device-other": Key(bytes(range(128, 160)).hex()),
    }
    trust = {"keys": [
        {"keyId": "k2025b", "publicKey": base64.b64encode(keys["issuer-2025b"].public).decode(),
         "notBefore": "2025-06-01T00:00:00Z", "notAfter": "2026-06-01T00:00:00Z"},
        {"keyId": "k2026a", "publicKey": base64.b64encode(keys["issuer-2026a"].public).decode(),
         "notBefore": "2026-06-01T00:00:00Z"},
    ]}
    processes = {"processes": [
        {"name": "office-entry", "title": "Office entry", "claim": "office-entry",
         "rule": {"values": {
             "allowed": {"verdict": "allow"},
             "suspended": {"verdict": "deny", "message": "Entry suspended: send to the security desk."},
         }}},
        {"name": "medical-check", "title": "Medical check", "claim": "medical-check",
         "rule": {"values": {
             "cleared": {"verdict": "allow"},
             "required": {"verdict": "action", "action": "Send to medical check"},
         }, "otherwise": {"verdict": "action", "action": "Send to medical check"}}},
    ]}
    device_b64 = base64.b64encode(keys["device"].public).decode()

    def claims(pass_id, key_id="k2026a", statuses=None, subject="E10042", initials="AR",
               user_type="employee"):
        return {
            "version": 1, "issuerKeyId": key_id, "passId": pass_id, "subject": subject,
            "initials": initials, "userType": user_type,
            "issuedAt": "2026-11-29T08:00:00Z", "expiresAt": "2026-11-30T08:00:00Z",
            "devicePublicKey": device_b64,
            "statuses": statuses if statuses is not None else [
                {"name": "office-entry", "value": "allowed", "until": "2026-12-31T23:59:59Z"},
                {"name": "medical-check", "value": "cleared"},
            ],
        }

    passes = {
        "employee": (claims("p7Hq2xK9mR4w"), "issuer-2026a"),
        "contractor": (claims("c3Vd8nL1pQ6z", subject="L00071", initials="MJ",
                              user_type="non_employee", statuses=[
                                  {"name": "office-entry", "value": "allowed",
                                   "until": "2026-11-29T12:00:00Z"},
                                  {"name": "medical-check", "value": "required"}]), "issuer-2026a"),
        "suspended": (claims("s5Tb0wE3yU8k", subject="E10077", initials="BO", statuses=[
            {"name": "office-entry", "value": "suspended"}]), "issuer-2026a"),
        "stranger": (claims("x1Zz9yY8xX7w", key_id="k2026z"), "issuer-stranger"),
        "forged": (claims("f2Gg4hH6jJ8k"), "issuer-stranger"),
        "retired-key": (claims("r4Rr6tT8yY0u", key_id="k2025b"), "issuer-2025b"),
    }
    pass_out = {}
    signed_by_name = {}
    for name, (pass_claims, issuer) in passes.items():
        body, signed = signed_pass(pass_claims, keys[issuer])
        signed_by_name[name] = signed
        pass_out[name] = {"claims": pass_claims, "issuerKey": issuer,
                          "payload": body.hex(), "signedPass": signed.hex()}

    now = "2026-11-29T10:42:10Z"
    vectors = []

    def vector(name, pass_name, expect, process="office-entry", presented=now, scanner=now,
               device="device", revoked=None, note=None):
        step = unix(presented) // 30
        data = qr_bytes(signed_by_name[pass_name], step, keys[device])
        entry = {"name": name}
        if note:
            entry["note"] = note
        entry.update({"pass": pass_name, "deviceKey": device, "presentedAt": presented,
                      "step": step, "qr": "TS1:" + base45(data), "scannerTime": scanner,
                      "process": process, "revoked": revoked or [], "expect": expect})
        vectors.append(entry)
        return data

    def expect(verdict, reason, action=""):
        return {"verdict": verdict, "reason": reason, "action": action}

    valid = vector("allow-office-entry", "employee", expect("allow", "allowed"))
    vector("allow-medical-check", "employee", expect("allow", "allowed"), process="medical-check")
    vector("allow-previous-step", "employee", expect("allow", "allowed"),
           presented="2026-11-29T10:41:45Z", note="the step before the scanner's is accepted")
    vector("action-medical-check", "contractor",
           expect("action", "action_required", "Send to medical check"), process="medical-check")
    vector("deny-by-rule", "suspended", expect("deny", "denied_by_rule"))
    vector("action-no-medical-status", "suspended",
           expect("action", "no_status_for_process", "Send to medical check"),
           process="medical-check", note="the rule's otherwise outcome")
    vector("deny-status-expired", "contractor", expect("deny", "status_expired"),
           presented="2026-11-29T12:30:05Z", scanner="2026-11-29T12:30:05Z")

    # Negative vectors: each denied with its own reason.
    flipped = bytearray(valid)
    subject = b"E10042"
    index = bytes(flipped).index(subject) + len(subject) - 1
    flipped[index] ^= 0x01
    vectors.append({"name": "flipped-byte", "from": "allow-office-entry", "flipByte": index,
                    "note": "one bit of the subject changed (E10042 -> E10043) in the QR bytes",
                    "qr": "TS1:" + base45(bytes(flipped)), "scannerTime": now,
                    "process": "office-entry", "revoked": [], "expect": expect("deny", "bad_signature")})
    vector("unknown-issuer", "stranger", expect("deny", "unknown_issuer"))
    vector("forged-issuer", "forged", expect("deny", "bad_signature"),
           note="a trusted key id, signed with another key")
    vector("retired-issuer-key", "retired-key", expect("deny", "issuer_key_inactive"),
           note="k2025b stopped signing on 2026-06-01")
    vector("expired", "employee", expect("deny", "expired"),
           presented="2026-11-30T08:00:00Z", scanner="2026-11-30T08:00:00Z")
    vector("not-yet-valid", "employee", expect("deny", "not_yet_valid"),
           presented="2026-11-29T07:57:00Z", scanner="2026-11-29T07:57:00Z",
           note="issued 3 minutes after the scanner's time; 2 are tolerated")
    vector("revoked", "employee", expect("deny", "revoked"), revoked=["a0", "p7Hq2xK9mR4w"])
    vector("stale-step", "employee", expect("deny", "stale_code"),
           presented="2026-11-29T10:41:00Z", note="two steps behind the scanner's")
    vector("other-device", "employee", expect("deny", "bad_device_signature"), device="device-other")
    good = "TS1:" + base45(valid)
    for name, text, reason in (
            ("wrong-prefix", "TS2:" + good[4:], "wrong_prefix"),
            ("lower-case-prefix", "ts1:" + good[4:], "wrong_prefix"),
            ("truncated", good[:-3], "malformed"),
            ("bad-base45-length", good + "A", "malformed"),
            ("base45-over-65535", "TS1:" + "GGW", "malformed"),
            ("not-base45", good[:40] + "a" + good[41:], "malformed"),
            ("empty", "", "wrong_prefix"),
            ("too-long", "TS1:" + "0" * 480, "too_long"),
            ("trailing-cbor", "TS1:" + base45(valid + b"\x00"), "malformed"),
            ("not-an-array", "TS1:" + base45(cbor("hello")), "malformed")):
        vectors.append({"name": name, "qr": text, "scannerTime": now, "process": "office-entry",
                        "revoked": [], "expect": expect("deny", reason)})

    document = {
        "description": "Test vectors of the Tessera QR pass format, version 1 (docs/PASS_FORMAT.md)."
                       " Written by tests/data/make_pass_vectors.py; checked by tests/unit/tst_passvectors.cpp.",
        "keys": {name: {"seed": key.seed.hex(), "publicKey": key.public.hex()}
                 for name, key in keys.items()},
        "trust": trust,
        "checkProcesses": processes,
        "passes": pass_out,
        "vectors": vectors,
    }
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
