#!/bin/sh
# Verifies a Tessera webhook with openssl: verify-webhook.sh SIGNATURE_HEADER BODY_FILE [NOW]
#   SIGNATURE_HEADER  the Tessera-Signature header's value: t=<unix seconds>,v1=<hex>[,v1=<hex>]
#   BODY_FILE         the request body exactly as received (the raw bytes: they are what was signed)
#   NOW               unix seconds to check t against (default: this machine's clock)
# The secret comes from TESSERA_WEBHOOK_SECRET, used as given ("whsec_" prefix included).
# Exit 0 when one v1 value matches and t is within TESSERA_TOLERANCE seconds (default 300).
# Note: `openssl dgst -hmac KEY` puts the secret on openssl's command line, which other users of
# the machine can read in the process list while it runs; on a shared machine verify in a
# language (examples/python/tessera_subsystem.py) instead.
set -eu
header=$1 body=$2 now=${3:-$(date +%s)} tolerance=${TESSERA_TOLERANCE:-300}
: "${TESSERA_WEBHOOK_SECRET:?set TESSERA_WEBHOOK_SECRET}"
t=$(printf '%s\n' "$header" | tr ',' '\n' | sed -n 's/^t=\([0-9][0-9]*\)$/\1/p' | head -n 1)
[ -n "$t" ] || { echo "no t= in the signature header" >&2; exit 1; }
age=$((now - t)); [ "$age" -lt 0 ] && age=$((-age))
[ "$age" -le "$tolerance" ] || { echo "t is ${age} s away from now" >&2; exit 1; }
expected=$({ printf '%s.' "$t"; cat "$body"; } |
    openssl dgst -sha256 -hmac "$TESSERA_WEBHOOK_SECRET" -r | cut -d ' ' -f 1)
for value in $(printf '%s\n' "$header" | tr ',' '\n' | sed -n 's/^v1=//p'); do
    [ "$value" = "$expected" ] && { echo "valid"; exit 0; }
done
echo "no signature matches" >&2
exit 1
