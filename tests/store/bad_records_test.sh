#!/usr/bin/env bash
# Bad records files, one by one, opened by `qingxing report` and `qingxing session`: each must get a
# sentence that names the file and the problem, a non-zero exit status, and the file byte-for-byte
# as it was, with nothing new left beside it (no key file, no write-ahead log). Usage:
#   bad_records_test.sh QINGXING_BINARY OUTPUT_DIR SECRET_FILE
# The read-only case needs root and a private mount namespace (a read-only bind mount); elsewhere
# it is skipped with a line saying so. Prints one table row per case for the README.
set -euo pipefail
bin=$1 out=$2 secret=$3
rm -rf "$out"
mkdir -p "$out"
export QINGXING_HOME=$out/home QINGXING_SECRET_FILE=$secret
log=$out/bad-records.log
: >"$log"
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

# A good encrypted database to damage, made by a real session.
good=$out/good
mkdir -p "$good"
"$bin" -q session --display headless --resident R-0001 --protocol meth-standard --db "$good/q.db" \
    --out "$good/report" --lang en >>"$log" 2>&1 || { echo "FAILED: the good session did not run"; exit 1; }

# check NAME EXPECTED_TEXT [EXPECTED_STATUS]: runs report and session on $case/q.db (prepared by the
# caller) and checks the message, the status and that the folder is as it was.
check() {
    local name=$1 expected=$2 status=${3:-}
    local db=$case/q.db
    local before listing_before
    before=$([ -e "$db" ] && { [ -d "$db" ] && echo dir || hash_of "$db"; } || echo none)
    listing_before=$(ls -A "$case")
    for mode in report session; do
        local args=(-q "$mode" --resident R-0001 --db "$db" --lang en)
        if [ "$mode" = report ]; then args+=(--out "$case/out-$mode"); else
            args+=(--display headless --protocol meth-standard --out "$case/out-$mode"); fi
        local rc=0
        "$bin" "${args[@]}" >"$case/$mode.out" 2>"$case/$mode.err" || rc=$?
        cat "$case/$mode.out" "$case/$mode.err" >>"$log"
        rm -rf "$case/out-$mode"
        [ "$rc" != 0 ] || fail "$name ($mode): exit status 0"
        [ -z "$status" ] || [ "$rc" = "$status" ] || fail "$name ($mode): exit status $rc, not $status"
        grep -qF -- "$expected" "$case/$mode.err" || fail "$name ($mode): no '$expected' in: $(cat "$case/$mode.err")"
        grep -qE 'sqlite3?_|\.cpp:[0-9]' "$case/$mode.err" && fail "$name ($mode): internal text: $(cat "$case/$mode.err")"
        rm -f "$case/$mode.out" "$case/$mode.err"
        local after
        after=$([ -e "$db" ] && { [ -d "$db" ] && echo dir || hash_of "$db"; } || echo none)
        [ "$after" = "$before" ] || fail "$name ($mode): the file changed"
        [ "$(ls -A "$case")" = "$listing_before" ] || fail "$name ($mode): files appeared: $(ls -A "$case" | tr '\n' ' ')"
        last_status=$rc
    done
    printf '| %s | %s | %s |\n' "$name" "$last_status" "$(sed -n 's/^qingxing report: //p; s/^qingxing: //p' "$log" | tail -n 1 | cut -c1-150)"
}
newcase() { case=$out/$1; rm -rf "$case"; mkdir -p "$case"; }

newcase truncated-header
head -c 50 "$good/q.db" >"$case/q.db"; cp "$good/q.db.key" "$case/"
check "encrypted, cut to 50 bytes" "shorter than an SQLite header"

newcase truncated
head -c 6000 "$good/q.db" >"$case/q.db"; cp "$good/q.db.key" "$case/"
check "encrypted, cut to 6,000 bytes" "q.db is damaged"

newcase random-with-key
head -c 65536 /dev/urandom >"$case/q.db"; cp "$good/q.db.key" "$case/"
check "random bytes, a key file beside" "cannot be opened with its key file"

newcase random
head -c 65536 /dev/urandom >"$case/q.db"
check "random bytes, no key file" "or it is not a records database at all" 3

newcase foreign
sqlite3 "$case/q.db" "CREATE TABLE photos (id INTEGER PRIMARY KEY, jpeg BLOB); INSERT INTO photos (jpeg) VALUES (x'ffd8');"
check "another program's SQLite database" "is not a Qingxing records database (an SQLite database of another program)"

newcase our-id-wrong-schema
sqlite3 "$case/q.db" "PRAGMA application_id = 1364741703; PRAGMA user_version = 1; CREATE TABLE residents (who TEXT);"
check "our application id, another schema" "is damaged (schema version 1 should have"

newcase newer
sqlite3 "$case/q.db" "PRAGMA application_id = 1364741703; PRAGMA user_version = 99; CREATE TABLE future (x);"
check "our id, schema version 99" "has schema version 99, newer than this Qingxing understands"

newcase wrong-key-file
cp "$good/q.db" "$case/q.db"; printf '{"format": "qingxing-records-key", "version": 1}\n' >"$case/q.db.key"
check "encrypted, its key file damaged" "q.db.key cannot be used" 3

newcase other-key-file
cp "$good/q.db" "$case/q.db"
"$bin" -q session --display headless --resident R-0002 --protocol meth-standard --db "$case/other.db" \
    --out "$case/other-report" --lang en >>"$log" 2>&1
mv "$case/other.db.key" "$case/q.db.key"; rm -rf "$case"/other*
check "encrypted, another database's key file" "the key file beside it belongs to other records"

newcase directory
mkdir "$case/q.db"
check "a folder where the file should be" "is a folder, not a records database file" 2

newcase read-only
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    cp "$good/q.db" "$good/q.db.key" "$case/"
    before=$(hash_of "$case/q.db")
    rc=0
    unshare -m bash -c '
        mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"
        "$2" -q session --display headless --resident R-0001 --protocol meth-standard --db "$1/q.db" \
            --out "$3/ro-report" --lang en
    ' _ "$case" "$bin" "$out" >"$case/session.out" 2>"$case/session.err" || rc=$?
    cat "$case/session.out" "$case/session.err" >>"$log"
    [ "$rc" != 0 ] || fail "read-only: exit status 0"
    grep -qF "read-only" "$case/session.err" || fail "read-only: no 'read-only' in: $(cat "$case/session.err")"
    grep -qE 'sqlite3?_|\.cpp:[0-9]' "$case/session.err" && fail "read-only: internal text: $(cat "$case/session.err")"
    [ "$(hash_of "$case/q.db")" = "$before" ] || fail "read-only: the file changed"
    printf '| %s | %s | %s |\n' "a read-only folder (a read-only mount)" "$rc" "$(sed -n 's/^qingxing: //p; s/^qingxing session: //p' "$case/session.err" | tail -n 1 | cut -c1-150)"
else
    echo "| a read-only folder | skipped: needs root for a read-only mount | |"
fi

if [ "$failures" != 0 ]; then
    echo "--- output ($log) ---"
    tail -n 40 "$log"
    exit 1
fi
echo "all bad records files refused, each left as it was"
