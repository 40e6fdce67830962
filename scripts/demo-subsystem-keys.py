#!/usr/bin/env python3
"""Gives each demo sub-system (examples/hr-leave, examples/it-desk, examples/facilities-wifi)
its own API key, as an administrator would: signs in as the demo admin (its password is in
DATA_DIR/demo-accounts.json), creates a key with only the scopes the sub-system needs and the
loopback callback prefix http://127.0.0.1 (any port), and keeps the answer (key and webhook
secret) in DATA_DIR/subsystems/NAME.json, mode 0600. A key file that exists already is kept, so
the keys are made at the first start only.

    scripts/demo-subsystem-keys.py SERVER_URL DATA_DIR

Prints the key files' paths; exits non-zero with the server's answer when a call fails.
"""
import json
import os
import sys
import urllib.error
import urllib.request

KEYS = {
    "hr-leave": ["cards:write", "services:write", "submissions:read", "notifications:write"],
    "it-desk": ["services:write", "submissions:read", "notifications:write"],
    "facilities-wifi": ["cards:write"],
}
DEVICE = {"id": "demo-subsystem-keys", "platform": "linux", "osVersion": "demo",
          "model": "demo key setup", "appVersion": "1.0.0"}


def call(url, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
            return json.loads(text) if text else {}
    except urllib.error.HTTPError as error:
        sys.exit(f"demo-subsystem-keys: {method} {path} answered {error.code}: "
                 f"{error.read().decode(errors='replace')}")


def write_private(path, value):
    descriptor = os.open(path + ".new", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8") as file:
        json.dump(value, file, indent=2)
    os.replace(path + ".new", path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    url, data_dir = sys.argv[1].rstrip("/"), sys.argv[2]
    folder = os.path.join(data_dir, "subsystems")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    missing = [name for name in KEYS if not os.path.exists(os.path.join(folder, name + ".json"))]
    if missing:
        with open(os.path.join(data_dir, "demo-accounts.json"), encoding="utf-8") as file:
            accounts = json.load(file)["accounts"]
        admin = next((a for a in accounts
                      if "admin" in a.get("roles", []) and a.get("kind") == "local"), None)
        if admin is None:
            sys.exit("demo-subsystem-keys: demo-accounts.json has no local admin")
        session = call(url, "POST", "/v1/auth/login", {
            "kind": "local", "username": admin["username"], "password": admin["password"],
            "device": DEVICE})
        token = session["accessToken"]
        for name in missing:
            made = call(url, "POST", "/v1/admin/api-keys", {
                "subsystem": name, "callbackPrefixes": ["http://127.0.0.1"],
                "scopes": KEYS[name]}, token)
            write_private(os.path.join(folder, name + ".json"), made)
        call(url, "POST", "/v1/auth/logout", None, token)
    for name in KEYS:
        print(os.path.join(folder, name + ".json"))


if __name__ == "__main__":
    main()
