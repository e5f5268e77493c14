#!/usr/bin/env bash
# One OpenXR test against Monado in the trixie chroot (tools/xr-runtime). Usage:
#   xr_test.sh SCENARIO QINGXING_BINARY SOURCE_DIR BUILD_DIR
# Scenarios: setup, null-compositor, runtime-lost, runtime-restart, xcb-screenshot, session-headset,
# session-runtime-lost, panel-headset.
# Needs root (or sudo) for the chroot's mounts and namespaces.
set -euo pipefail
scenario=$1 bin=$2 src=$3 build=$4
cd "$src"
SUDO=()
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "xr tests need root or sudo (chroot, mounts)"; exit 1; }
    SUDO=(sudo -E)
fi
export XRLAB_EXTRA_PKGS="libglfw3 libopenal1 libsqlcipher1 libsodium23 libvorbisfile3 libvorbis0a libogg0 vulkan-validationlayers xvfb x11-apps netpbm"
export XRLAB_HOST_BINARY=$bin
binds="$src"
case $build in "$src"/*) ;; *) binds="$binds $build" ;; esac
# The session's prompt and report need the CJK font: lend the host's rather than install it again.
binds="$binds /usr/share/fonts/opentype/noto"
export XRLAB_BIND=$binds
out=$build/tests/xr-output
mkdir -p "$out"
home=$out/home-$scenario
rm -rf "$home"
mkdir -p "$home"
export XRLAB_CLIENT_ENV="QINGXING_HOME=$home QINGXING_SECRET_FILE=$build/tests/test-secret QINGXING_DATA_DIR=$src QINGXING_ASSET_DIR=$build/generated-assets QX_VULKAN_VALIDATION=1"
log=$out/$scenario.log
client=(/usr/bin/env "$bin" preview --display openxr --scene rented-room --msaa 1 --shadow-map 512)
session=(/usr/bin/env "$bin" session --display openxr --protocol meth-standard --resident-model habituating
         --msaa 1 --shadow-map 512 --db "$home/records.db" --out "$home/report" --lang en)

fail() { echo "FAILED: $*"; echo "--- output ($log) ---"; tail -n 60 "$log"; exit 1; }
expect() { grep -qE -- "$1" "$log" || fail "expected to see: $1"; }
verdict() { grep -E '\] (PASS|FAIL) ' "$log" | tail -n 1; }

case $scenario in
setup)
    XRLAB_SETUP_ONLY=1 "${SUDO[@]}" tools/xr-runtime >"$log" 2>&1 || fail "could not build the chroot"
    tail -n 1 "$log"
    ;;
null-compositor)
    # The session reaches FOCUSED, the runtime receives at least 200 frames, no XR or Vulkan
    # error, and the app exits cleanly reporting its frame statistics. (lavapipe on two cores
    # draws the room in about 60 ms, so about every other 20 Hz frame is delivered: 40 s.)
    XRLAB_SECONDS=42 XRLAB_MIN_FRAMES=200 "${SUDO[@]}" tools/xr-runtime "${client[@]}" --seconds 40 >"$log" 2>&1 ||
        fail "the run did not pass: $(verdict)"
    expect 'XR_SESSION_STATE_FOCUSED'
    expect '^frames: [0-9]+ frames, [0-9]+ delivered'
    expect 'stopped: time was up'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    verdict
    ;;
runtime-lost)
    # The runtime dies 9 s in (the scene takes a few seconds to load on a busy 2-core machine)
    # and does not come back: the app keeps running, says what happened, and exits cleanly when
    # its time is up. A few frames before the loss show it was drawing; how many is not the point
    # (the frame rate is the bench's), and on a loaded machine the first comes 6 s in.
    XRLAB_SECONDS=17 XRLAB_MIN_FRAMES=5 XRLAB_LOSE_RUNTIME_AFTER=9 "${SUDO[@]}" tools/xr-runtime "${client[@]}" --seconds 15 >"$log" 2>&1 ||
        fail "the run did not pass: $(verdict)"
    expect 'the headset runtime went away'
    expect 'display state: the headset runtime went away'
    expect 'stopped: time was up'
    verdict
    ;;
runtime-restart)
    # The runtime dies and comes back: the app starts a new session and frames flow again.
    XRLAB_SECONDS=22 XRLAB_MIN_FRAMES=30 XRLAB_LOSE_RUNTIME_AFTER=9 XRLAB_RESTART_RUNTIME_AFTER=2 \
        "${SUDO[@]}" tools/xr-runtime "${client[@]}" --seconds 20 >"$log" 2>&1 || fail "the run did not pass: $(verdict)"
    expect 'the headset runtime is back: a new session started'
    expect 'display state: XR_SESSION_STATE_FOCUSED \(after 1 reconnection\)'
    after=$(verdict | grep -oE 'frames_after_restart=[0-9]+' | cut -d= -f2)
    [ "${after:-0}" -ge 20 ] || fail "only ${after:-0} frames reached the restarted runtime"
    verdict
    ;;
xcb-screenshot)
    # Monado's real compositor draws into a window on Xvfb; its screenshot must show the
    # scene in both eyes.
    shot=$out/monado-compositor.png
    rm -f "$shot"
    # (lavapipe at the compositor's recommended 896x1007 per eye is slow: a few frames suffice.)
    XRLAB_COMPOSITOR=xcb XRLAB_SCREENSHOT=$shot XRLAB_SECONDS=14 XRLAB_MIN_FRAMES=5 \
        "${SUDO[@]}" tools/xr-runtime "${client[@]}" --no-window --seconds 12 >"$log" 2>&1 || fail "the run did not pass: $(verdict)"
    [ -s "$shot" ] || fail "no screenshot was taken"
    "$build/tests/qx_imgcheck" stereo "$shot" >>"$log" 2>&1 || fail "the compositor's screenshot does not show the scene in both eyes"
    tail -n 1 "$log"
    verdict
    ;;
session-headset)
    # A whole exposure session in the headset (a simulated resident answers, 150 times real
    # time): recorded, reported, with the display's frame counts in the record. (Frames: at
    # least 50 here; null-compositor holds the 200-frame bar.)
    XRLAB_SECONDS=60 XRLAB_MIN_FRAMES=50 "${SUDO[@]}" tools/xr-runtime "${session[@]}" --resident R-0042 --speed 150 \
        >"$log" 2>&1 || fail "the run did not pass: $(verdict)"
    expect 'XR_SESSION_STATE_FOCUSED'
    expect '^Display: '
    expect '^Session finished: '
    expect '^Record: '
    expect '^Report: '
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    QINGXING_HOME=$home QINGXING_SECRET_FILE=$build/tests/test-secret "$bin" -q report --resident R-0042 --db "$home/records.db" --out "$out/report-$scenario" --lang en --with-frames >>"$log" 2>&1 ||
        fail "no report could be made from the records"
    json=$out/report-$scenario/report.json
    grep -qE '"status": ?"completed"' "$json" || fail "the session is not recorded as completed"
    grep -qE '"type": ?"display_frames"' "$json" || fail "the display's frame counts are not in the record"
    grep -qE '"mean_render_scale"' "$json" || fail "the render scale the resident saw is not in the record"
    # Monado offers eye-gaze interaction with no eye tracker behind it: the head's forward ray
    # stands in, and the record says so (each frame's source, each stretch's gaze figures).
    grep -qE '"eye_gaze_offered": ?true' "$json" || fail "the record does not say the runtime offers eye gaze"
    grep -qE '"gaze_source": ?"head"' "$json" || fail "the session's gaze is not recorded as the head's ray"
    frames=$out/report-$scenario/frames.csv
    [ -s "$frames" ] || fail "no frames.csv: the frames' gaze and pose are not in the record"
    grep -q ',head,' "$frames" || fail "no frame has the head's ray as its gaze"
    grep -q ',eyes,' "$frames" && fail "a frame claims eye tracking the runtime does not have"
    grep -qE '"refresh_ms"' "$json" || fail "the display's refresh is not in the frame record"
    # The frames after scene changes are counted apart (at 150 times real time they overlap, so
    # this is presence; tools/bench/xr-scene-changes measures them in real time).
    grep -qE '"after_scene_changes"' "$json" || fail "the frames after scene changes are not in the frame record"
    grep -qE '"changes": ?[1-9]' "$json" || fail "the frame record counts no scene change"
    # Where each scene's render scale settled is kept for the next session on this setup.
    scales=$home/cache/render-scales.json
    [ -s "$scales" ] || fail "the render scales were not kept for the next session"
    grep -qE 'Monado.*": \{' "$scales" || fail "the render scales are not kept under the headset's setup"
    grep -qE '"calm-room": ?[0-9.]+' "$scales" || fail "the calm room's render scale was not kept"
    verdict
    ;;
panel-headset)
    # The therapist's control panel on the PC's screen (an Xvfb inside the chroot) while the
    # session runs in the headset: a script drives the panel through a session (sign-in, checklist,
    # start, F1 to the calm room and back, stop) and the headset keeps receiving frames.
    shots=$out/panel-headset
    rm -rf "$shots"
    mkdir -p "$shots"
    XRLAB_SCREEN=1 XRLAB_SECONDS=200 XRLAB_MIN_FRAMES=50 "${SUDO[@]}" tools/xr-runtime /usr/bin/env "$bin" panel \
        --display openxr --db "$home/records.db" --out "$home/reports" --speed 60 --resident-model habituating \
        --msaa 1 --shadow-map 512 --window-width 1280 --window-height 720 --lang en \
        --script "$src/tests/xr/panel_headset.script" --shots "$shots" >"$log" 2>&1 || fail "the run did not pass: $(verdict)"
    expect 'XR_SESSION_STATE_FOCUSED'
    expect '^script finished'
    expect '^panel: [0-9]+ frames built'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ -s "$shots/panel-headset.png" ] || fail "no screenshot of the panel"
    "$build/tests/qx_imgcheck" panel-mirror "$shots/panel-headset.png" >>"$log" 2>&1 ||
        fail "the panel does not show the headset's mirror"
    QINGXING_HOME=$home QINGXING_SECRET_FILE=$build/tests/test-secret "$bin" -q report --resident R-0044 --db "$home/records.db" --out "$out/report-$scenario" --lang en >>"$log" 2>&1 ||
        fail "no report could be made from the records"
    json=$out/report-$scenario/report.json
    grep -qE '"status": ?"completed"' "$json" || fail "the session is not recorded as completed"
    grep -qE '"kind": ?"openxr"' "$json" || fail "the session is not recorded as shown in the headset"
    grep -qE '"command": ?"calm_room"' "$json" || fail "the calm room from the panel is not in the record"
    verdict
    ;;
session-runtime-lost)
    # The runtime dies 12 s into a session and does not come back: the exposure pauses, the app
    # says why, and when the therapist ends the session (a "q" on the terminal at 19 s) every
    # record taken is on disk and the session can be resumed. (Five frames before the loss, as
    # in runtime-lost: a CI run under load once had only 13, its first 6.2 s in; and the loss
    # at 12 s, not 9, so that even on a loaded machine the resident has answered a prompt.)
    XRLAB_SECONDS=19 XRLAB_MIN_FRAMES=5 XRLAB_LOSE_RUNTIME_AFTER=12 "${SUDO[@]}" tools/xr-runtime "${session[@]}" \
        --resident R-0043 --speed 20 >"$log" 2>&1 || fail "the run did not pass: $(verdict)"
    expect 'the headset runtime went away'
    expect 'The headset stopped showing the scene'
    expect 'Session ended now as asked'
    expect '^Record: '
    QINGXING_HOME=$home QINGXING_SECRET_FILE=$build/tests/test-secret "$bin" -q report --resident R-0043 --db "$home/records.db" --out "$out/report-$scenario" --lang en >>"$log" 2>&1 ||
        fail "no report could be made from the records"
    json=$out/report-$scenario/report.json
    grep -qE '"status": ?"interrupted"' "$json" || fail "the session is not recorded as interrupted (resumable)"
    grep -qE '"type": ?"display_lost"' "$json" || fail "the display's loss is not in the record"
    grep -qE '"type": ?"report"' "$json" || fail "no craving report was kept"
    verdict
    ;;
*) echo "unknown scenario $scenario"; exit 2 ;;
esac
