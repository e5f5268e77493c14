#!/usr/bin/env bash
# A headless session whose records disk fills up (a 512 KiB tmpfs, mounted in a private mount
# namespace so nothing is left behind). Usage:
#   full_disk_test.sh QINGXING_BINARY OUTPUT_DIR RECORDS_SQL_TOOL SECRET_FILE
# Must hold: the start warns of little space; when writes fail the therapist is told in words
# (not SQLite's text first), exposure pauses, and the session stops; the summary never says "all
# saved"; the exit status is non-zero; every report acknowledged on the terminal is in the
# database; the session is not recorded as completed (it is found interrupted next time).
set -euo pipefail
bin=$1 out=$2 records_sql=$3 secret=$4
mkdir -p "$out"
log=$out/full-disk.log
fail() { echo "FAILED: $*"; echo "--- output ($log) ---"; tail -n 40 "$log"; exit 1; }
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
    echo "SKIPPED: needs root and mount namespaces to make a full disk"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The binary writes only under the tmpfs; the database is copied out before the namespace ends.
rc=0
unshare -m bash -c '
    set -e
    mount -t tmpfs -o size=512k tmpfs "$1"
    export QINGXING_HOME="$1/home" QINGXING_SECRET_FILE="$5"
    rc=0
    "$2" session --display headless --resident R-0901 --protocol meth-standard --db "$1/q.db" \
        --out "$1/report" --lang en --print-reports >"$3" 2>&1 || rc=$?
    cp "$1/q.db" "$1/q.db-wal" "$1/q.db-shm" "$1/q.db.key" "$4/" 2>/dev/null || true
    exit $rc
' _ "$dir" "$bin" "$log" "$out" "$secret" || rc=$?
[ "$rc" != 0 ] || fail "the session exited 0 on a full disk"
grep -q 'Warning: only .* MB free on the records disk' "$log" || fail "no warning of little free space at the start"
grep -q 'Records cannot be saved: the disk is full' "$log" || fail "the therapist was not told in words"
grep -q "Not all of the session's records could be written" "$log" || fail "the summary does not say records were lost"
grep -q 'all saved' "$log" && fail "the summary claims everything was saved"
db=$out/q.db
q() { "$records_sql" "$db" "$secret" "$1"; }
acked=$(grep -c '^ack session=' "$log" || true)
[ "$acked" -gt 0 ] || fail "no report was acknowledged before the disk filled"
for seq in $(sed -n 's/^ack session=1 seq=\([0-9]*\) .*/\1/p' "$log"); do
    [ "$(q "SELECT count(*) FROM events WHERE session_id = 1 AND seq = $seq")" = 1 ] ||
        fail "acknowledged report seq $seq is not in the database"
done
[ "$(q "SELECT status FROM sessions WHERE id = 1")" != completed ] || fail "the session is recorded as completed"
echo "full disk: $acked acknowledged reports, all in the database; exit status $rc"
