#!/bin/sh
# The nightly incremental export, for cron (crontab -e):
#   15 2 * * *  LEAT_API_TOKEN_FILE=/etc/loyalty-batch/leat.token /srv/loyalty-batch/examples/nightly-export.sh >> /var/log/loyalty-export.log 2>&1
# Each run writes contacts-nightly.csv (replaced atomically, with its .manifest.json) holding the
# contacts created since the last complete run; a failed run (exit 3) changes nothing and the next
# one catches up.
set -eu
cd "$(dirname "$0")"
if [ -n "${LEAT_API_TOKEN_FILE:-}" ]; then set -- --token-file "$LEAT_API_TOKEN_FILE" "$@"; fi
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
loyalty=${LOYALTY_BATCH:-loyalty-batch}
"$loyalty" run nightly-export.yml --quiet "$@"
echo "$stamp nightly export done: $(grep '"rows"' contacts-nightly.csv.manifest.json)"
