#!/usr/bin/python3
"""A chest strap on a mock BlueZ, for the Bluetooth LE heart-rate test (tests/sensors/ble_test.sh).

Runs python3-dbusmock's bluez5 template on the bus in DBUS_SYSTEM_BUS_ADDRESS (a private bus the
test started; nothing leaves the machine), adds an adapter and a strap offering the Heart Rate
Service with its Heart Rate Measurement characteristic (0x2A37) and a battery, then, once the
source under test has called StartNotify, sends a script of notifications:

  8-bit rates with RR intervals, 16-bit rates with energy and RR, readings without skin contact,
  then a disconnect (BlueZ's Connected goes false) and, after the source has connected and
  subscribed again, more 8-bit readings.

Each phase is announced on stdout ("phase ...") and the totals at the end ("sent N"), which the
C++ side compares with what it received.
"""
import os
import subprocess
import sys
import time

import dbus

ADDRESS = "C0:FF:EE:00:2A:37"
DEVICE = "/org/bluez/hci0/dev_" + ADDRESS.replace(":", "_")
SERVICE = DEVICE + "/service000c"
CHAR = SERVICE + "/char000d"
GATT_CHAR = "org.bluez.GattCharacteristic1"
MOCK = "org.freedesktop.DBus.Mock"
INTERVAL_S = 0.2


def say(*words):
    print(*words, flush=True)


def wait_for(what, test, timeout_s=20.0):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if test():
            return
        time.sleep(0.05)
    say("timeout waiting for", what)
    sys.exit(1)


def main():
    server = subprocess.Popen([sys.executable, "-m", "dbusmock", "--system", "--template", "bluez5"],
                              stdout=subprocess.DEVNULL)
    try:
        run()
    finally:
        server.terminate()
        server.wait()


def run():
    bus = dbus.SystemBus()
    wait_for("org.bluez", lambda: bus.name_has_owner("org.bluez"))
    root = bus.get_object("org.bluez", "/")
    root.AddAdapter("hci0", "qx-test", dbus_interface="org.bluez.Mock")
    root.AddDevice("hci0", ADDRESS, "Chest strap", dbus_interface="org.bluez.Mock")
    device = bus.get_object("org.bluez", DEVICE)
    device.UpdateProperties("org.bluez.Device1", {
        "UUIDs": dbus.Array(["0000180d-0000-1000-8000-00805f9b34fb"], signature="s")}, dbus_interface=MOCK)
    device.AddProperties("org.bluez.Battery1", {"Percentage": dbus.Byte(76)}, dbus_interface=MOCK)
    root.AddObject(SERVICE, "org.bluez.GattService1", {
        "UUID": "0000180d-0000-1000-8000-00805f9b34fb", "Primary": dbus.Boolean(True),
        "Device": dbus.ObjectPath(DEVICE)}, [], dbus_interface=MOCK)
    notify = 'self.UpdateProperties("%s", {"Notifying": dbus.Boolean(True, variant_level=1)})' % GATT_CHAR
    stop = 'self.UpdateProperties("%s", {"Notifying": dbus.Boolean(False, variant_level=1)})' % GATT_CHAR
    root.AddObject(CHAR, GATT_CHAR, {
        "UUID": "00002a37-0000-1000-8000-00805f9b34fb", "Service": dbus.ObjectPath(SERVICE),
        "Value": dbus.Array([], signature="y"), "Notifying": dbus.Boolean(False),
        "Flags": dbus.Array(["notify"], signature="s")},
        [("StartNotify", "", "", notify), ("StopNotify", "", "", stop)], dbus_interface=MOCK)
    char = bus.get_object("org.bluez", CHAR)
    props = dbus.Interface(char, dbus.PROPERTIES_IFACE)

    def notifying():
        return bool(props.Get(GATT_CHAR, "Notifying"))

    def send(value):
        char.UpdateProperties(GATT_CHAR, {"Value": dbus.Array(value, signature="y")}, dbus_interface=MOCK)
        time.sleep(INTERVAL_S)

    def rr(ms):  # an RR interval in 1/1024 s, little-endian
        units = round(ms * 1024 / 1000)
        return [units & 0xFF, units >> 8]

    say("ready")
    wait_for("StartNotify", notifying)
    sent = 0
    say("phase 8-bit")
    for bpm in (70, 71, 72, 73, 74):
        send([0x16, bpm] + rr(60000 / bpm))  # contact detected, RR present
        sent += 1
    say("phase 16-bit")
    for bpm in (80, 82, 84, 86, 88):
        send([0x1F, bpm, 0x00, 0x10, 0x00] + rr(60000 / bpm) + rr(60000 / bpm))  # 16-bit, energy, 2 RR
        sent += 1
    say("phase no-contact")
    for _ in range(3):
        send([0x04, 0x00])  # contact supported, not detected
        sent += 1
    say("phase disconnect")
    device.UpdateProperties("org.bluez.Device1", {"Connected": dbus.Boolean(False)}, dbus_interface=MOCK)
    char.UpdateProperties(GATT_CHAR, {"Notifying": dbus.Boolean(False)}, dbus_interface=MOCK)
    time.sleep(0.5)
    wait_for("StartNotify again", notifying)
    say("phase reconnected")
    for bpm in (76, 77, 78, 79, 80):
        send([0x16, bpm] + rr(60000 / bpm))
        sent += 1
    say("sent", sent)
    # Stay up while the source is stopped (it calls StopNotify on the way out).
    time.sleep(float(os.environ.get("QX_BLE_LINGER_S", "3")))


if __name__ == "__main__":
    main()
