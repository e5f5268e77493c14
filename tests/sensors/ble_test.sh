#!/bin/bash
# The Bluetooth LE heart-rate source against a mock BlueZ (python3-dbusmock's bluez5 template and
# tests/sensors/ble_mock.py) on a private D-Bus of its own: a unix socket in a temporary folder,
# so nothing touches the machine's buses or its network. Runs the hidden Catch2 cases tagged
# [.ble] of the unit test binary given as $1 with DBUS_SYSTEM_BUS_ADDRESS pointing at that bus.
set -euo pipefail
tests_bin=$1
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile &
pids+=($!)
for _ in $(seq 100); do [ -S "$dir/bus" ] && break; sleep 0.05; done
[ -S "$dir/bus" ] || { echo "ble_test: the private bus did not start" >&2; exit 1; }
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus"

/usr/bin/python3 "$here/ble_mock.py" >"$dir/mock.log" 2>&1 &
pids+=($!)
export QX_BLE_MOCK_LOG="$dir/mock.log"
for _ in $(seq 200); do grep -q '^ready' "$dir/mock.log" 2>/dev/null && break; sleep 0.05; done
grep -q '^ready' "$dir/mock.log" || { echo "ble_test: the mock BlueZ did not start:" >&2; cat "$dir/mock.log" >&2; exit 1; }

status=0
"$tests_bin" "[.ble]" || status=$?
echo "--- mock BlueZ said:"
cat "$dir/mock.log"
exit $status
