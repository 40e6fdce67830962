#!/usr/bin/env python3
"""Writes tests/data/webhook-signature-vectors.json: the webhook signature test vectors of
docs/INTEGRATION.md.

Computed here with Python's hmac and hashlib, independently of the server's C++ code
(WebhookDispatcher::signature), which tst_webhooksignature checks against this file. The body is
the exact text of the POST (UTF-8); the secret is used as given, "whsec_" prefix included, as the
HMAC key's bytes. Run it only to change the vectors:
    /usr/bin/python3 tests/data/make_webhook_vectors.py > tests/data/webhook-signature-vectors.json
"""
import hashlib
import hmac
import json

SECRET = "whsec_7Hk2pQvX9cLmN4rTsW8yZa3bDfGj6KoE1uVxYq0iPlM"
OLD_SECRET = "whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_aBcDe"
T = 1796551200  # 2026-12-06T10:00:00Z

DECIDED = (
    '{"deliveryId":"dlv_3Jq9VmT0cXbR","notificationId":"ntf_Yk2LwP8sQd4N",'
    '"reference":"HR-4711","action":"approve","comment":null,"decidedBy":"E1001",'
    '"decidedAt":"2026-12-06T09:59:58Z"}'
)
REJECTED = (
    '{"deliveryId":"dlv_9aZ1kQ2wE3rT","notificationId":"ntf_Mx7CvB6nHs5J",'
    '"reference":"HR-4712","action":"reject","comment":"Bitte nicht im Dezember – Überstunden.",'
    '"decidedBy":"E1002","decidedAt":"2026-12-06T10:00:01Z"}'
)


def v1(secret, t, body):
    mac = hmac.new(secret.encode("utf-8"), f"{t}.".encode("ascii") + body.encode("utf-8"),
                   hashlib.sha256)
    return mac.hexdigest()


def vector(name, secrets, t, body, note):
    header = f"t={t}," + ",".join(f"v1={v1(s, t, body)}" for s in secrets)
    return {"name": name, "note": note, "secrets": secrets, "timestamp": t, "body": body,
            "signedString": f"{t}.{body}", "expectedHeader": header}


vectors = [
    vector("decided", [SECRET], T, DECIDED,
           "A decision's webhook, signed with the key's one secret."),
    vector("non-ascii-comment", [SECRET], T + 1, REJECTED,
           "The body's UTF-8 bytes are signed as they were sent (no re-encoding, no escaping)."),
    vector("rotation-overlap", [SECRET, OLD_SECRET], T, DECIDED,
           "During a rotation's overlap: one v1= per secret, the new secret's first; a receiver "
           "that holds either secret accepts it."),
]
print(json.dumps({"description": "Tessera webhook signatures: Tessera-Signature: t=<unix seconds>,"
                  "v1=<hex HMAC-SHA256(secret as given, incl. whsec_, over t + '.' + raw body)>. "
                  "Made by make_webhook_vectors.py.",
                  "vectors": vectors}, indent=2, ensure_ascii=False))
