#!/bin/sh
# The demo `make demo` runs: start a sandbox, import a Dutch Excel export of contacts into it,
# send referral invites through its Capillary, then export what the import left in Leat.
# Exit status 1 of a job means "some rows failed", which the examples intend.
set -eu
BIN=${BIN:-.build/debug/loyalty-batch}
SANDBOX=${SANDBOX:-.build/debug/loyalty-sandbox}
OUT=${OUT:-.build/demo}
mkdir -p "$OUT"

# The log exists before the sandbox starts: the background job's redirection may come after the first read.
: > "$OUT/sandbox.log"
"$SANDBOX" --port 0 --seed-customers 100 > "$OUT/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null' EXIT
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's/^listening on \(http[^ ]*\)$/\1/p' "$OUT/sandbox.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not start:"; cat "$OUT/sandbox.log"; exit 1; }
echo "sandbox: $url"
export LEAT_API_URL="$url/api/v3/oauth/clients" LEAT_API_TOKEN=sandbox-token
export CAPILLARY_API_URL="$url" CAPILLARY_USERNAME=sandbox CAPILLARY_PASSWORD=sandbox

echo; echo "=== import contacts examples/contacts-nl.csv, as the job file examples/import-contacts-nl.yml says"
"$BIN" run examples/import-contacts-nl.yml --report "$OUT/contacts.report.csv" \
  --failed-rows "$OUT/contacts.failed.csv" --summary-json "$OUT/contacts.summary.json" || [ $? -eq 1 ]
echo "--- report: $OUT/contacts.report.csv"; cat "$OUT/contacts.report.csv"
echo "--- failed rows, ready to fix and import again: $OUT/contacts.failed.csv"; cat "$OUT/contacts.failed.csv"

echo; echo "=== invite referrals examples/referrals.csv"
"$BIN" invite referrals examples/referrals.csv --report "$OUT/referrals.report.csv" \
  --failed-rows "$OUT/referrals.failed.csv" --summary-json "$OUT/referrals.summary.json" || [ $? -eq 1 ]
echo "--- report: $OUT/referrals.report.csv"; cat "$OUT/referrals.report.csv"

echo; echo "=== export contacts (what the import left in Leat)"
"$BIN" export contacts --output "$OUT/contacts-export.csv" --columns email,firstname,lastname,city,created_at
echo "--- $OUT/contacts-export.csv"; cat "$OUT/contacts-export.csv"
echo "--- $OUT/contacts-export.csv.manifest.json"; cat "$OUT/contacts-export.csv.manifest.json"
