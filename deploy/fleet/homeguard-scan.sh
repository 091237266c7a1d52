#!/bin/sh
# Homeguard: a Fleet (fleetdm) script for macOS and Linux hosts. UNTESTED HERE (written carefully; see README.md).
# Runs an anonymous scan, keeps the report on the machine for collection, and writes one short status line that
# the query in homeguard-status.sql reads: "<install id> <score>". No computer name or user name is written.
set -eu
HOMEGUARD="${HOMEGUARD:-/usr/local/bin/homeguard}"   # where the school installed Homeguard
OUT_DIR="${OUT_DIR:-/var/lib/homeguard-fleet}"

umask 077
mkdir -p "$OUT_DIR"
"$HOMEGUARD" scan --anonymous --no-save > "$OUT_DIR/report.json.partial"
mv "$OUT_DIR/report.json.partial" "$OUT_DIR/report.json"
python3 - "$OUT_DIR/report.json" > "$OUT_DIR/status.txt.partial" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
score = report.get("score") or {}
value = score.get("score") if isinstance(score, dict) else score
print(report["device"]["install_id"], "none" if value is None else value)
PY
chmod 0644 "$OUT_DIR/status.txt.partial"
mv "$OUT_DIR/status.txt.partial" "$OUT_DIR/status.txt"
cat "$OUT_DIR/status.txt"
