#!/usr/bin/env python3
"""The demo sub-systems end to end: the real server (--demo, its own data folder), the keys made
by scripts/demo-subsystem-keys.py, the three examples as processes, and real signed-in people
over HTTP:

- leave: Ben applies, Asha (his manager) has the request in her inbox and approves it, Ben's
  balance card shows fewer days, his submission is done and he has a notification; a request
  whose last day is before the first is rejected with a message; a forged decision webhook is
  refused and changes nothing; a request whose manager Tessera cannot reach is rejected.
- incident: the statuses received, in progress and done arrive, each with a notification; the
  desk got the submission by its webhook and answered the ticket card, which is the
  submission's result card under My requests; an incident reported while the desk is down is
  read by its catch-up at start and handled the same way.
- HR, too, gets each submission by webhook (its log names the path of each).
- Wi-Fi: the Pune card is seen in Pune only, the Berlin card in Berlin only, the password is
  marked secret, and it changes after a rotation.

    tst_demo_subsystems.py --server-binary build/ci/server/tessera-server --source-dir .

Waits are polls until a deadline (the QTRY_ way), never a fixed sleep before a check.
"""
import argparse
import ctypes
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DEADLINE = 60
DEVICE = {"platform": "linux", "osVersion": "test", "model": "tst_demo_subsystems",
          "appVersion": "1.0.0"}
processes = []


class Http:
    def __init__(self, url, token=None):
        self.url, self.token = url, token

    def call(self, method, path, body=None, headers=None, expect_error=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read()
                return answer.status, (json.loads(text) if text else {})
        except urllib.error.HTTPError as error:
            text = error.read()
            if not expect_error:
                raise AssertionError(f"{method} {path}: {error.code} {text[:500]!r}") from None
            return error.code, text


def wait_for(what, check):
    """check() until it answers something true, for at most DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    last = None
    while time.monotonic() < end:
        try:
            last = check()
        except AssertionError as error:
            last = error
        if last and not isinstance(last, AssertionError):
            return last
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def die_with_parent():
    """In the child: SIGTERM when this test process dies, also when ctest kills it at its
    timeout (PR_SET_PDEATHSIG, as the C++ harness does)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def start(name, command, log_dir, marker):
    """Starts command with its output in LOG_DIR/NAME.log; answers the first line that holds
    marker (after it appeared)."""
    log_path = os.path.join(log_dir, name + ".log")
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=die_with_parent)
    processes.append((name, process, log_path))

    def line():
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped:\n" + open(log_path, encoding="utf-8").read())
        with open(log_path, encoding="utf-8") as text:
            return next((l for l in text if marker in l), None)
    return wait_for(f"{name} to start", line)


def log_of(name):
    """The output so far of the process started as name (the last one of that name)."""
    log_path = [path for each, _, path in processes if each == name][-1]
    with open(log_path, encoding="utf-8") as text:
        return text.read()


def stop(name):
    process = [process for each, process, _ in processes if each == name][-1]
    process.terminate()
    process.wait(timeout=30)


def sign_in(url, kind, username, password, device_id):
    _, session = Http(url).call("POST", "/v1/auth/login", {
        "kind": kind, "username": username, "password": password,
        "device": dict(DEVICE, id=device_id)})
    return Http(url, session["accessToken"])


def card_text(card):
    """Every text and fact value of a card, as one string."""
    parts = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("text", "title", "value"):
                if isinstance(node.get(key), str):
                    parts.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(card)
    return " | ".join(parts)


def home_cards_list(person):
    _, page = person.call("GET", "/v1/cards")
    return page["cards"]


def home_cards(person):
    """The person's Home cards by their heading (the first TextBlock's text): the server gives
    them its own ids (crd_...), not the sub-system's."""
    _, page = person.call("GET", "/v1/cards")
    return {card["card"]["body"][0].get("text"): card for card in page["cards"]}


def service(person, title):
    _, page = person.call("GET", "/v1/services")
    found = [s for s in page["services"] if s["title"] == title]
    assert found, f"no service {title!r} in {[s['title'] for s in page['services']]}"
    return found[0]


def submit(person, svc, inputs, key):
    _, answer = person.call("POST", f"/v1/services/{svc['id']}/submissions",
                            {"version": svc["version"], "inputs": inputs},
                            headers={"Idempotency-Key": key})
    return answer["submission"]["id"]


def submission(person, submission_id):
    _, page = person.call("GET", "/v1/submissions")
    return next((s for s in page["submissions"] if s["id"] == submission_id), None)


def inbox(person):
    _, page = person.call("GET", "/v1/inbox?limit=500")
    return page["items"]


def next_monday():
    today = datetime.date.today()
    return today + datetime.timedelta(days=7 - today.weekday())


def check_leave(url, ben, asha, hr_hook):
    svc = service(ben, "Apply for leave")
    balance = wait_for("Ben's balance card", lambda: home_cards(ben).get("Your leave balance"))
    assert "Annual leave | 12 days" in card_text(balance["card"]), card_text(balance["card"])
    # Its "Apply for leave" opens the service's form in the app (docs/CARDS.md, host extensions).
    apply = balance["card"].get("actions", [])
    assert [a.get("data") for a in apply] == [{"tessera": {"service": svc["id"]}}], apply
    # Each sees their own balance only (Asha has 24 days).
    mine = [c for c in home_cards_list(asha) if "Your leave balance" in card_text(c["card"])]
    assert len(mine) == 1 and "Annual leave | 24 days" in card_text(mine[0]["card"]), mine

    monday = next_monday()
    bad = submit(ben, svc, {"type": "annual", "from": (monday + datetime.timedelta(days=2))
                            .isoformat(), "to": monday.isoformat(), "halfDay": "false",
                            "reason": "Backwards"}, "leave-bad")
    rejected = wait_for("the backwards request rejected",
                        lambda: (s := submission(ben, bad)) and s["status"] == "rejected" and s)
    assert "before the first" in (rejected["message"] or ""), rejected

    good = submit(ben, svc, {"type": "annual", "from": monday.isoformat(),
                             "to": (monday + datetime.timedelta(days=2)).isoformat(),
                             "halfDay": "false", "reason": "Family visit"}, "leave-good")
    wait_for("the request in progress",
             lambda: submission(ben, good)["status"] == "in_progress")
    # HR got both by the signed submission webhook (no polling).
    for each in (bad, good):
        assert f"{each} by webhook" in log_of("hr-leave"), log_of("hr-leave")
    item = wait_for("the request in Asha's inbox", lambda: next(
        (i for i in inbox(asha) if i["title"] == "Leave request: Ben Okafor, 3 days"), None))
    assert item["actionable"] and item["state"] in ("unread", "read"), item
    assert not any(i["id"] == item["id"] for i in inbox(ben)), "the applicant is asked too"

    # A forged decision (a wrong secret) is refused and changes nothing.
    forged = json.dumps({"type": "notification.decided", "version": 1, "eventId": "evt_forged",
                         "createdAt": "2026-01-01T00:00:00Z", "reference": "leave:" + good,
                         "action": "approve"}).encode()
    request = urllib.request.Request(hr_hook, data=forged, method="POST", headers={
        "Content-Type": "application/json", "Tessera-Delivery-Id": "dlv_forged",
        "Tessera-Signature": f"t={int(time.time())},v1={'0' * 64}"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("the forged webhook was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 400, error.code
    assert submission(ben, good)["status"] == "in_progress"

    asha.call("POST", f"/v1/inbox/{item['id']}/decision",
              {"action": "approve", "version": item["version"]},
              headers={"Idempotency-Key": "asha-approves-1"})
    done = wait_for("the request done", lambda: (s := submission(ben, good))
                    and s["status"] == "done" and s)
    assert "Approved by Asha Rao" in (done["message"] or ""), done
    balance = wait_for("the balance card changed", lambda: (
        c := home_cards(ben).get("Your leave balance")) and "Annual leave | 9 days" in
        card_text(c["card"]) and c)
    assert "Waiting for approval" not in card_text(balance["card"])
    wait_for("Ben's notification", lambda: any(
        i["title"].startswith("Leave approved") and "9 days annual" in i["body"]
        for i in inbox(ben)))

    # Rejected by the manager: the balance stays, the comment reaches the applicant.
    later = submit(ben, svc, {"type": "sick", "from": (monday + datetime.timedelta(days=7))
                              .isoformat(), "to": (monday + datetime.timedelta(days=7))
                              .isoformat(), "halfDay": "true", "reason": "Dentist"},
                   "leave-later")
    item = wait_for("the half day in Asha's inbox", lambda: next(
        (i for i in inbox(asha) if i["title"] == "Leave request: Ben Okafor, 0.5 days"), None))
    asha.call("POST", f"/v1/inbox/{item['id']}/decision",
              {"action": "reject", "version": item["version"], "comment": "Audit that day"},
              headers={"Idempotency-Key": "asha-rejects-1"})
    rejected = wait_for("the half day rejected", lambda: (s := submission(ben, later))
                        and s["status"] == "rejected" and s)
    assert rejected["message"] == "Rejected by Asha Rao: Audit that day", rejected
    wait_for("Ben's rejection notice", lambda: any(
        i["title"].startswith("Leave rejected") and "Audit that day" in i["body"]
        for i in inbox(ben)))
    text = card_text(home_cards(ben)["Your leave balance"]["card"])
    assert "Sick leave | 10 days" in text and "Annual leave | 9 days" in text, text
    print("leave loop: ok", flush=True)


def check_incident(ben):
    svc = service(ben, "Report an incident")
    incident = submit(ben, svc, {"category": "network", "urgency": "high",
                                 "summary": "No Wi-Fi on floor 2", "details": "Since 9:00"},
                      "incident-1")
    seen = []

    def progress():
        status = submission(ben, incident)["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        return status == "done"
    wait_for("the incident resolved", progress)
    titles = [i["title"] for i in inbox(ben) if i["category"] == "it"
              and "No Wi-Fi on floor 2" in i["title"]]
    for word in ("received", "in progress", "resolved"):
        assert any(f" {word}: " in t and t.startswith("INC-") for t in titles), (word, titles)
    assert "done" in seen and seen.index("done") == len(seen) - 1, seen
    final = submission(ben, incident)
    assert final["message"].startswith("Ticket INC-") and "resolved" in final["message"], final
    # The desk got it by webhook and answered its ticket card, which reached My requests.
    assert f"{incident} by webhook" in log_of("it-desk"), log_of("it-desk")
    ticket = final["message"].split()[1]
    card = final["resultCard"]
    assert card and f"Ticket {ticket}" == card["body"][0]["text"], final
    assert "Network and Wi-Fi" in card_text(card) and "High: I cannot work" in card_text(card)
    print(f"incident loop: ok (seen {seen}, result card {ticket})", flush=True)


def check_incident_catch_up(ben, restart):
    """An incident reported while the desk is down: its webhook goes to an address nobody
    listens on; the desk started again reads it at start (catch-up) and it gets its ticket card
    and statuses all the same."""
    stop("it-desk")
    svc = service(ben, "Report an incident")
    incident = submit(ben, svc, {"category": "hardware", "urgency": "low",
                                 "summary": "Mouse gone", "details": ""}, "incident-down")
    restart()
    final = wait_for("the incident reported while down resolved",
                     lambda: (s := submission(ben, incident)) and s["status"] == "done" and s)
    assert f"{incident} by catch-up" in log_of("it-desk"), log_of("it-desk")
    assert final["resultCard"] and "Hardware" in card_text(final["resultCard"]), final
    print("incident catch-up: ok", flush=True)


def check_wifi(ben, lena):
    pune = wait_for("the Pune card", lambda: home_cards(ben).get("Office Wi-Fi in Pune"))
    berlin = wait_for("the Berlin card", lambda: home_cards(lena).get("Office Wi-Fi in Berlin"))
    assert "Office Wi-Fi in Berlin" not in home_cards(ben), "Pune sees Berlin's Wi-Fi"
    assert "Office Wi-Fi in Pune" not in home_cards(lena), "Berlin sees Pune's Wi-Fi"
    assert "Tessera-Guest-Pune" in card_text(pune["card"])
    assert "Tessera-Guest-Berlin" in card_text(berlin["card"])
    # The password is marked secret (Tessera's host extension), the network name is not.
    facts = {f["title"]: f for f in pune["card"]["body"][1]["facts"]}
    assert facts["Password"].get("tessera") == {"secret": True}, facts
    assert "tessera" not in facts["Network"], facts

    def password(card):
        facts = card["card"]["body"][1]["facts"]
        return next(f["value"] for f in facts if f["title"] == "Password")
    before = password(pune)
    after = wait_for("a rotation", lambda: (c := home_cards(ben).get("Office Wi-Fi in Pune"))
                     and password(c) != before and c)
    assert after["version"] > pune["version"], (after["version"], pune["version"])
    print("Wi-Fi cards: ok", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server-binary", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    source = os.path.abspath(args.source_dir)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in the source tree
    with tempfile.TemporaryDirectory(prefix="tst_demo_subsystems-") as tmp:
        try:
            run(args, source, tmp)
        except BaseException:
            for name, _, log_path in processes:
                print(f"---- {name}\n" + open(log_path, encoding="utf-8").read()[-4000:])
            raise
        finally:
            for _, process, _ in processes:
                process.terminate()
            for _, process, _ in processes:
                process.wait(timeout=30)


def run(args, source, tmp):
    data = os.path.join(tmp, "data")
    line = start("server", [args.server_binary, "--demo", "--data", data,
                            "--listen", "127.0.0.1:0"], tmp, "listening on")
    url = line.split("listening on ", 1)[1].split()[0].rstrip("/")
    subprocess.run([sys.executable, os.path.join(source, "scripts/demo-subsystem-keys.py"),
                    url, data], check=True, stdout=subprocess.DEVNULL)
    keys = os.path.join(data, "subsystems")
    for name in ("hr-leave", "it-desk", "facilities-wifi"):
        assert os.stat(os.path.join(keys, name + ".json")).st_mode & 0o777 == 0o600, name

    with open(os.path.join(data, "demo-accounts.json"), encoding="utf-8") as file:
        accounts = {a["username"]: a for a in json.load(file)["accounts"]}
    admin = next(a for a in accounts.values() if "admin" in a["roles"])
    admin_http = sign_in(url, "local", admin["username"], admin["password"], "test-admin-01")
    _, made = admin_http.call("POST", "/v1/admin/local-users", {
        "displayName": "Lena Berlin", "geo": "Berlin", "department": "Sales",
        "userType": "employee"})
    new_password = "quartz-Harbor-4719-q"
    Http(url).call("POST", "/v1/auth/password", {
        "username": made["userId"], "currentPassword": made["temporaryPassword"],
        "newPassword": new_password, "device": dict(DEVICE, id="test-lena-01")})
    lena = sign_in(url, "local", made["userId"], new_password, "test-lena-01")

    people = os.path.join(tmp, "people.json")
    with open(people, "w", encoding="utf-8") as file:
        json.dump([{"id": "E1001", "name": "Asha Rao", "manager": None, "annual": 24,
                    "sick": 10},
                   {"id": "E1002", "name": "Ben Okafor", "manager": "E1001", "annual": 12,
                    "sick": 10},
                   # A manager Tessera does not know: her requests cannot be asked.
                   {"id": "E9999", "name": "Gone Away", "manager": None},
                   {"id": made["userId"], "name": "Lena Berlin", "manager": "E9999"}], file)
    examples = os.path.join(source, "examples")
    common = ["--server", url, "--listen", "127.0.0.1:0"]
    hr_line = start("hr-leave", [sys.executable, os.path.join(examples, "hr-leave/hr_leave.py"),
                                 *common, "--key-file", os.path.join(keys, "hr-leave.json"),
                                 "--people", people, "--state", os.path.join(tmp, "hr.json")],
                                tmp, "listening http")
    hr_hook = hr_line.split("listening ", 1)[1].strip()

    def start_it_desk():
        start("it-desk", [sys.executable, os.path.join(examples, "it-desk/it_desk.py"), *common,
                          "--key-file", os.path.join(keys, "it-desk.json"),
                          "--step-seconds", "1"], tmp, "listening http")
    start_it_desk()
    start("facilities-wifi", [sys.executable,
                              os.path.join(examples, "facilities-wifi/facilities_wifi.py"),
                              *common, "--key-file", os.path.join(keys, "facilities-wifi.json"),
                              "--geos", "Pune,Berlin", "--rotate-seconds", "2"],
          tmp, "listening http")

    ben = sign_in(url, "local", "ben.okafor", accounts["ben.okafor"]["password"], "test-ben-01")
    asha = sign_in(url, "local", "asha.rao", accounts["asha.rao"]["password"], "test-asha-01")
    check_leave(url, ben, asha, hr_hook)
    svc = service(lena, "Apply for leave")
    monday = next_monday()
    lost = submit(lena, svc, {"type": "annual", "from": monday.isoformat(),
                              "to": monday.isoformat(), "halfDay": "false"}, "leave-lena")
    refused = wait_for("Lena's request refused", lambda: (s := submission(lena, lost))
                       and s["status"] == "rejected" and s)
    assert "cannot be asked" in refused["message"], refused
    check_incident(ben)
    check_incident_catch_up(ben, start_it_desk)
    check_wifi(ben, lena)


if __name__ == "__main__":
    main()
