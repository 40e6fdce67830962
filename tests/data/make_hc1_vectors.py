#!/usr/bin/python3
"""HC1 test codes from an encoder independent of Tessera (cbor2, zlib, base45 written here,
python3-cryptography for ES256), run by tests/unit/tst_hc1.cpp at test time:

    make_hc1_vectors.py OUT_DIR [--corpus CORPUS_DIR]

writes OUT_DIR/vectors.json (valid codes with the fields written, broken codes with a word of the
reason Tessera must give, signature cases with the keys to try and the expected answer),
OUT_DIR/issuer.pem (the issuer's public key and a certificate of the other key, for the key file
reader) and, with --corpus, fuzz seeds for tests/fuzz/fuzz_hc1.cpp (mode byte + input).
A fresh key pair and fresh names every run: nothing here is fixed in the test.
"""
import base64
import copy
import datetime
import json
import os
import secrets
import sys
import zlib

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45(data: bytes) -> str:
    """RFC 9285, written here so the test does not use Tessera's encoder."""
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [ALPHABET[c], ALPHABET[d], ALPHABET[e]]
    if len(data) % 2:
        n = data[-1]
        out += [ALPHABET[n % 45], ALPHABET[n // 45]]
    return "".join(out)


def raw_signature(key, data: bytes) -> bytes:
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def spki_der(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def code(message) -> str:
    return "HC1:" + base45(zlib.compress(cbor2.dumps(message), 9))


def vaccination(dose, doses, day):
    return {"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528",
            "ma": "ORG-100030215", "dn": dose, "sd": doses, "dt": day, "co": "DE",
            "is": "Robert Koch-Institut", "ci": "URN:UVCI:01DE/IZ12345A/" + secrets.token_hex(8).upper()}


def claims(dcc, iss="DE", iat=None, exp=None):
    now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    return {1: iss, 4: exp if exp is not None else now + 365 * 86400,
            6: iat if iat is not None else now, -260: {1: dcc}}


def person(family, given, dob, entries, **names):
    nam = {"fn": family, "fnt": family.upper().replace(" ", "<"), "gn": given,
           "gnt": given.upper().replace(" ", "<")}
    nam.update(names)
    return {"ver": "1.3.0", "nam": nam, "dob": dob, "v": entries}


def sign1(key, payload_claims, kid, alg=-7, tag=True, kid_unprotected=False, cwt_tag=False,
          payload_bytes=None):
    protected_map = {1: alg} if kid_unprotected else {1: alg, 4: kid}
    protected = cbor2.dumps(protected_map)
    unprotected = {4: kid} if kid_unprotected else {}
    payload = payload_bytes if payload_bytes is not None else cbor2.dumps(payload_claims)
    signature = raw_signature(key, sig_structure(protected, payload))
    message = [protected, unprotected, payload, signature]
    if tag:
        message = cbor2.CBORTag(18, message)
    if cwt_tag:
        message = cbor2.CBORTag(61, message)
    return message, protected, payload


def expected(dcc, c, kid, alg=-7):
    nam = dcc["nam"]
    return {"familyName": nam.get("fn") or nam["fnt"], "givenName": nam.get("gn") or nam.get("gnt", ""),
            "dateOfBirth": dcc["dob"] if len(dcc["dob"]) == 10 else None,
            "issuerCountry": c[1], "issuedAt": c[6], "expiresAt": c[4],
            "keyId": base64.urlsafe_b64encode(kid).decode().rstrip("="), "algorithm": alg,
            "vaccinations": [{"disease": v["tg"], "vaccine": v["vp"], "product": v["mp"],
                              "manufacturer": v["ma"], "dose": v["dn"], "doses": v["sd"],
                              "date": v["dt"], "country": v["co"], "issuer": v["is"],
                              "certificateId": v["ci"]} for v in dcc["v"]]}


def self_signed(key, name):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))


def main():
    out_dir = sys.argv[1]
    corpus_dir = sys.argv[3] if len(sys.argv) == 4 and sys.argv[2] == "--corpus" else None
    issuer, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    kid, other_kid = secrets.token_bytes(8), secrets.token_bytes(8)
    suffix = secrets.token_hex(3)
    valid, broken, signatures = [], [], []

    # Valid codes: tag 18 and kid protected; untagged with kid unprotected and only the
    # standardised names and a year of birth; CWT tag 61 around tag 18 with two doses.
    dcc1 = person("Müller-Lüdenscheidt " + suffix, "Zoë Ångström", "1964-08-12",
                  [vaccination(2, 2, "2021-06-01")])
    c1 = claims(dcc1)
    m1, p1, pl1 = sign1(issuer, c1, kid)
    valid.append({"name": "tagged", "code": code(m1), "fields": expected(dcc1, c1, kid),
                  "signedBytes": sig_structure(p1, pl1).hex()})
    dcc2 = person("X", "Y", "1975", [vaccination(1, 2, "2021-03-15")])
    dcc2["nam"] = {"fnt": "DOE<" + suffix.upper(), "gnt": "JANE"}
    c2 = claims(dcc2, iss="NL")
    m2, p2, pl2 = sign1(issuer, c2, kid, tag=False, kid_unprotected=True)
    valid.append({"name": "untagged-kid-unprotected", "code": code(m2),
                  "fields": expected(dcc2, c2, kid), "signedBytes": sig_structure(p2, pl2).hex()})
    dcc3 = person("Rossi " + suffix, "Maria", "1990-01-31",
                  [vaccination(1, 2, "2021-05-01"), vaccination(2, 2, "2021-06-12")])
    c3 = claims(dcc3, iss="IT")
    m3, p3, pl3 = sign1(issuer, c3, kid, cwt_tag=True)
    valid.append({"name": "cwt-tag", "code": code(m3), "fields": expected(dcc3, c3, kid),
                  "signedBytes": sig_structure(p3, pl3).hex()})

    # Broken codes, each with a word of the reason.
    good = valid[0]["code"]
    cut = len(good) // 2
    cut -= (cut - 4) % 3  # whole base45 groups: the zlib stream ends early
    broken.append({"name": "truncated", "code": good[:cut], "reason": "ends early"})
    broken.append({"name": "no-prefix", "code": "HC2:" + good[4:], "reason": "HC1:"})
    broken.append({"name": "bad-base45", "code": good[:10] + "a" + good[11:], "reason": "base45"})
    broken.append({"name": "bad-zlib", "code": "HC1:" + base45(b"\x78\x9c" + secrets.token_bytes(40)),
                   "reason": "inflate"})
    broken.append({"name": "not-zlib", "code": "HC1:" + base45(cbor2.dumps(m1)), "reason": "inflate"})
    broken.append({"name": "not-cose", "code": code({"hello": "world"}), "reason": "COSE_Sign1"})
    broken.append({"name": "wrong-tag", "code": code(cbor2.CBORTag(98, m1.value)),
                   "reason": "tag 98"})
    not_map, _, _ = sign1(issuer, None, kid, payload_bytes=cbor2.dumps([1, 2, 3]))
    broken.append({"name": "payload-not-map", "code": code(not_map), "reason": "not a map"})
    no_hcert = claims(copy.deepcopy(dcc1))
    del no_hcert[-260]
    m, _, _ = sign1(issuer, no_hcert, kid)
    broken.append({"name": "hcert-missing", "code": code(m), "reason": "hcert"})
    test_cert = copy.deepcopy(dcc1)
    del test_cert["v"]
    test_cert["t"] = [{"tg": "840539006"}]
    m, _, _ = sign1(issuer, claims(test_cert), kid)
    broken.append({"name": "test-certificate", "code": code(m), "reason": "vaccination"})
    bad_date = person("A", "B", "1980-02-30", [vaccination(1, 1, "2021-02-30")])
    m, _, _ = sign1(issuer, claims(bad_date), kid)
    broken.append({"name": "bad-date", "code": code(m), "reason": "date"})
    bad_dose = person("A", "B", "1980-02-03", [vaccination(0, 1, "2021-02-03")])
    m, _, _ = sign1(issuer, claims(bad_dose), kid)
    broken.append({"name": "bad-dose", "code": code(m), "reason": "dose number"})
    bomb = zlib.compress(b"\x00" * (100 * 1024), 9)
    broken.append({"name": "inflation-bomb", "code": "HC1:" + base45(bomb),
                   "reason": "more than 65536"})
    many = claims(copy.deepcopy(dcc1))
    many[-260][1]["x"] = [0] * 5000  # more CBOR items than the reader allows
    m, _, _ = sign1(issuer, many, kid)
    broken.append({"name": "too-many-items", "code": code(m), "reason": "items"})
    indefinite = (b"\xd2\x9f" + cbor2.dumps(p1) + b"\xa0" + cbor2.dumps(pl1)
                  + cbor2.dumps(m1.value[3]) + b"\xff")
    broken.append({"name": "indefinite-array", "code": "HC1:" + base45(zlib.compress(indefinite)),
                   "reason": "indefinite"})
    no_alg = [cbor2.dumps({4: kid}), {}, pl1, m1.value[3]]
    broken.append({"name": "no-algorithm", "code": code(no_alg), "reason": "algorithm"})

    # Signatures: keys to try (by name) and the answer.
    issuer_der, other_der = spki_der(issuer).hex(), spki_der(other).hex()
    forged = [p1, {}, pl1, secrets.token_bytes(64)]
    altered_dcc = json.loads(json.dumps(dcc1))
    altered_dcc["nam"]["fn"] = "Mallory"
    altered = [p1, {}, cbor2.dumps(claims(altered_dcc, iat=c1[6], exp=c1[4])), m1.value[3]]
    m_other, _, _ = sign1(other, c1, other_kid)
    m_ps256, _, _ = sign1(issuer, c1, kid, alg=-37)
    signatures += [
        {"name": "right-key", "code": valid[0]["code"], "keys": [issuer_der], "expect": "valid"},
        {"name": "right-key-among-others", "code": valid[2]["code"],
         "keys": [other_der, issuer_der], "expect": "valid"},
        {"name": "no-key", "code": valid[0]["code"], "keys": [], "expect": "not_checked"},
        {"name": "forged", "code": code(cbor2.CBORTag(18, forged)), "keys": [issuer_der],
         "expect": "invalid"},
        {"name": "altered-payload", "code": code(cbor2.CBORTag(18, altered)),
         "keys": [issuer_der], "expect": "invalid"},
        {"name": "other-key", "code": code(m_other), "keys": [issuer_der], "expect": "invalid"},
        {"name": "other-key-its-own", "code": code(m_other), "keys": [other_der],
         "expect": "valid"},
        {"name": "ps256-not-checked", "code": code(m_ps256), "keys": [issuer_der],
         "expect": "not_checked"},
        {"name": "short-signature", "code": code(cbor2.CBORTag(18, [p1, {}, pl1, b"\x01" * 63])),
         "keys": [issuer_der], "expect": "invalid"},
    ]

    os.makedirs(out_dir, exist_ok=True)
    pem = issuer.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    pem += self_signed(other, "DSC " + suffix).public_bytes(serialization.Encoding.PEM)
    with open(os.path.join(out_dir, "issuer.pem"), "wb") as f:
        f.write(pem)
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with open(os.path.join(out_dir, "p384.pem"), "wb") as f:
        f.write(p384)
    with open(os.path.join(out_dir, "vectors.json"), "w", encoding="utf-8") as f:
        json.dump({"valid": valid, "broken": broken, "signatures": signatures,
                   "pemKeys": [issuer_der, other_der]}, f, ensure_ascii=False, indent=1)

    if corpus_dir:
        # fuzz_hc1.cpp: mode 0 = the QR text, 1 = the inflated COSE message, 2 = CWT claims.
        os.makedirs(corpus_dir, exist_ok=True)
        seeds = {"text-tagged": b"\x00" + valid[0]["code"].encode(),
                 "text-cwt-tag": b"\x00" + valid[2]["code"].encode(),
                 "text-bomb": b"\x00" + [b for b in broken if b["name"] == "inflation-bomb"][0]["code"].encode(),
                 "cose-untagged": b"\x01" + cbor2.dumps(m2),
                 "cose-ps256": b"\x01" + cbor2.dumps(m_ps256),
                 "claims-two-doses": b"\x02" + cbor2.dumps(c3),
                 "claims-test-cert": b"\x02" + cbor2.dumps(claims(test_cert))}
        for name, data in seeds.items():
            with open(os.path.join(corpus_dir, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
