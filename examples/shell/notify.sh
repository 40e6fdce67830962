#!/bin/sh
# Sends a notification as a sub-system with curl: notify.sh REQUEST_FILE IDEMPOTENCY_KEY
#   REQUEST_FILE     the notification as JSON (docs/INTEGRATION.md, section 2)
#   IDEMPOTENCY_KEY  derived from your own request id; send the same one again on a retry
# TESSERA_SERVER is the server (http://127.0.0.1:8080 for the demo), TESSERA_API_KEY the key.
# The key goes to curl on its standard input (--config -), not on its command line, which other
# users of the machine could read in the process list. Prints the server's answer; exit 0 on 2xx.
set -eu
: "${TESSERA_SERVER:?set TESSERA_SERVER}" "${TESSERA_API_KEY:?set TESSERA_API_KEY}"
printf 'header = "Authorization: Bearer %s"\n' "$TESSERA_API_KEY" |
    curl --silent --show-error --fail-with-body --config - \
        -H 'Content-Type: application/json' -H "Idempotency-Key: $2" \
        --data-binary "@$1" "$TESSERA_SERVER/v1/notifications"
echo
