#!/usr/bin/env bash
# Desktop-window tests under Xvfb (label ui). Usage:
#   desktop_test.sh SCENARIO QINGXING_BINARY QX_IMGCHECK OUTPUT_DIR
# Scenarios:
#   preview         a scene in the window, both eyes side by side (screenshot checked);
#   session-prompt  a session in the window with nobody answering: the craving prompt shows in
#                   both eyes (screenshot checked), then the therapist ends it from the terminal
#                   ("q") and the records are kept;
#   session-gaze    a session in the window with a scripted gaze on the calm room's breathing light,
#                   ended early: its dwell and every frame are in the record;
#   session-model   a whole session in the window, a simulated resident answering at 120 times
#                   real time: completed, recorded, reported;
#   session-gpu-lost  a session whose GPU is lost in the baseline (a test hook: lavapipe cannot
#                   lose its device): the loss is said and recorded, the display is rebuilt on a
#                   new device and shows the craving prompt in both eyes (screenshot checked);
#   demo-gpu-lost   an open-day turn whose GPU is lost in the attract loop (the test hook): the
#                   display is rebuilt and the tour runs through there (screenshots checked);
#   panel-gpu-lost  the GPU is lost while a session runs from the control panel: the panel comes
#                   back on a new device with a notice, the session goes on and is stopped as usual
#                   (tests/ui/panel_gpu_lost.script); the record says the display was rebuilt;
#   demo            a whole open-day turn in the window (a simulated visitor, 8 times real time):
#                   narration captions, the quiz and the score shown, only counts kept;
#   demo-kiosk      an open-day turn in kiosk mode (the stand's plain screen): full screen, one
#                   picture filling it rather than a stereo pair (screenshots checked);
#   panel-no-headset  the panel with --display auto and no headset runtime: the desktop simulator,
#                   and the console and the live page say why in Chinese and what to start
#                   (tests/ui/panel_no_headset.script);
#   panel-unlock    no secret file: the panel asks for the centre secret on its own screen, at first
#                   start twice (too short and mismatched refused), then on the next start (a
#                   wrong one refused, the right one opens the records) (tests/ui/panel_unlock_*.script);
#   panel-zh, panel-en  a whole session run from the control panel alone, the panel starting in
#                   that language (tests/ui/panel_session.script clicks and types through ImGui's
#                   input and switches the language half-way), a simulated resident
#                   answering at 20 times real time (the 40-minute session must outlast the
#                   script on a loaded 2-core machine): screenshots checked, and the records hold the
#                   account, the resident, both SSQs, the reasons, the note and the report.
# A Windows build's qingxing.exe runs under Wine (tools/wine-run); QX_IMGCHECK is then the native
# build's, and so are the test secret and qx_records_sql beside it.
set -euo pipefail
scenario=$1 bin=$2 imgcheck=$3 out=$4
qingxing=("$bin")
if [[ $bin == *.exe ]]; then
    wine_run=$(cd "$(dirname "$0")/../.." && pwd)/tools/wine-run
    qingxing=("$wine_run" "$bin")
    # Each scenario has its own Xvfb screen: Wine starts afresh on it, and stops when it is gone.
    "$wine_run" --stop
    trap '"$wine_run" --stop' EXIT
fi
mkdir -p "$out"
home=$out/home-$scenario
rm -rf "$home"
mkdir -p "$home"
# The records are encrypted with the test centre secret; qx_records_sql looks into them.
tests_bin=$(dirname "$imgcheck")
records_sql=$tests_bin/qx_records_sql
export QINGXING_HOME=$home QINGXING_SECRET_FILE=$tests_bin/test-secret QX_VULKAN_VALIDATION=1 ALSOFT_DRIVERS=null
unset WAYLAND_DISPLAY
log=$out/$scenario.log
small=(--msaa 1 --shadow-map 512 --width 384 --height 384)

fail() { echo "FAILED: $*"; echo "--- output ($log) ---"; tail -n 60 "$log"; exit 1; }
expect() { grep -qE -- "$1" "$log" || fail "expected to see: $1"; }
in_x() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }
# Runs a session in the window (the arguments after `session`) until its screenshot $shot is
# saved, then the therapist types "q" on its terminal; fails unless it then ends cleanly.
session_until_shot_then_quit() {
    local fifo=$home/stdin pid
    rm -f "$shot" "$fifo"
    mkfifo "$fifo"
    in_x "${qingxing[@]}" session --display desktop --screenshot "$shot" "${small[@]}" "$@" <"$fifo" >"$log" 2>&1 &
    pid=$!
    exec 3>"$fifo"
    for _ in $(seq 900); do [ -s "$shot" ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
    sleep 1
    echo q >&3
    exec 3>&-
    wait $pid || fail "the session did not end cleanly"
}

# Runs the control panel under Xvfb through tests/ui/SCRIPT in a WIDTHxHEIGHT window, the panel
# in LANG and a simulated resident answering at SPEED times real time; screenshots go into $shots,
# the records into $db; the display is $panel_display (default desktop). Fails unless the script
# runs through.
panel_script() {
    local script width=$2 height=$3 lang=$4 speed=$5
    script=$(cd "$(dirname "$0")" && pwd)/$1
    rm -rf "$shots"
    mkdir -p "$shots"
    (cd "$shots" && xvfb-run -a -s "-screen 0 ${width}x${height}x24" "${qingxing[@]}" panel --display "${panel_display:-desktop}" --db "$db" \
        --out "$home/reports" --speed "$speed" --resident-model habituating --mute --msaa 1 --shadow-map 512 \
        --width 256 --height 256 --window-width "$width" --window-height "$height" --lang "$lang" \
        --script "$script") >"$log" 2>&1 ||
        fail "the panel's script did not run through"
    expect '^script finished'
}

case $scenario in
preview)
    shot=$out/desktop-preview.png
    rm -f "$shot"
    in_x "${qingxing[@]}" preview --display desktop --scene street-night --level 2 --seconds 5 --screenshot "$shot" \
        --screenshot-at 3 --mute "${small[@]}" >"$log" 2>&1 || fail "preview failed"
    expect '^display: .*\(desktop\)'
    expect 'stopped: time was up'
    [ -s "$shot" ] || fail "no screenshot was taken"
    "$imgcheck" stereo "$shot" >>"$log" 2>&1 || fail "the window does not show the scene in both eyes"
    tail -n 1 "$log"
    ;;
session-prompt)
    shot=$out/desktop-session-prompt.png
    session_until_shot_then_quit --resident R-0301 --protocol meth-standard --speed 10 --mute \
        --db "$home/records.db" --out "$home/report" --lang en
    expect '^Display: '
    expect 'The resident answers'
    expect 'Session ended now as asked'
    expect '^Record: '
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ -s "$shot" ] || fail "no screenshot was taken"
    "$imgcheck" prompt "$shot" >>"$log" 2>&1 || fail "the craving prompt is not in both eyes"
    tail -n 1 "$log"
    ;;
session-gaze)
    # A session in the window whose gaze is scripted: ten seconds on the calm room's breathing
    # light during the baseline, then none (eyes closed), through the real seat, scene and hit
    # test. The therapist ends it early; the baseline's gaze figures are in the record (ten seconds
    # on a neutral area, none on a cue), and so is every frame (frames.csv: source, area).
    shot=$out/desktop-session-gaze.png
    printf '# eyes closed while the calm room loads, the breathing light, closed again\n0,3,none\n3,13,orb\n13,600,none\n' >"$home/gaze.csv"
    session_until_shot_then_quit --resident R-0304 --protocol meth-standard --speed 1 --mute --screenshot-at 15 \
        --gaze-script "$home/gaze.csv" --db "$home/records.db" --out "$home/report" --lang en
    expect 'Session ended now as asked'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    "${qingxing[@]}" -q report --resident R-0304 --db "$home/records.db" --out "$home/report" --lang en --with-frames \
        >>"$log" 2>&1 || fail "no report could be made from the records"
    gaze=$(grep -oE 'Gaze, baseline \(scripted gaze\): [0-9.]+ s on cues, [0-9.]+ s on neutral objects' \
        "$home/report/events.csv" | head -n 1)
    echo "$gaze"
    [ -n "$gaze" ] || fail "the baseline's gaze figures are not in the record"
    echo "$gaze" | grep -qE ': 0 s on cues, (9\.[6-9]|10(\.[0-4])?) s on neutral objects' ||
        fail "ten seconds on the breathing light are not ten seconds of dwell: $gaze"
    grep -q ',scripted,.*,orb,neutral,' "$home/report/frames.csv" || fail "frames.csv has no scripted frame on the orb"
    grep -qE ',none,' "$home/report/frames.csv" || fail "frames.csv has no frame without gaze (the script's 'none')"
    tail -n 1 "$log"
    ;;
session-model)
    in_x "${qingxing[@]}" session --display desktop --resident R-0302 --protocol meth-standard --resident-model habituating \
        --speed 120 --mute --db "$home/records.db" --out "$home/report" --lang en "${small[@]}" </dev/null \
        >"$log" 2>&1 || fail "the session failed"
    expect 'Answered by a simulated resident \(habituating\)'
    expect '^Session finished: '
    expect '^Report: '
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ -s "$home/report/index.html" ] || fail "no report was written"
    grep -E '^frames: ' "$log" | tail -n 1
    ;;
session-gpu-lost)
    # The GPU is lost 10 frames in, during the baseline (a test hook: lavapipe cannot lose its
    # device). The loss is said and recorded, the display is rebuilt on a new device, and the
    # craving prompt then shows in both eyes there (screenshot checked) before the therapist ends
    # the session ("q"); the records say the display was rebuilt.
    shot=$out/desktop-session-gpu-lost.png
    QX_TEST_LOSE_DEVICE_AFTER_FRAMES=10 session_until_shot_then_quit --resident R-0303 --protocol meth-standard \
        --speed 10 --mute --db "$home/records.db" --out "$home/report" --lang en
    expect 'The GPU stopped responding \(the GPU was lost \(VK_ERROR_DEVICE_LOST\)\)'
    expect 'The display is rebuilt on a new GPU device'
    expect 'Session ended now as asked'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ "$(grep -c '^sound: ' "$log")" = 2 ] || fail "expected two GPU lives (sound set up twice)"
    grep -q '"device_lost"' "$home/report/report.json" || fail "the loss is not in the session's record"
    grep -qE '"rebuilt": ?true' "$home/report/report.json" || fail "the record does not say the display was rebuilt"
    [ -s "$shot" ] || fail "no screenshot after the rebuild"
    "$imgcheck" prompt "$shot" >>"$log" 2>&1 || fail "the rebuilt display does not show the prompt in both eyes"
    tail -n 1 "$log"
    ;;
demo)
    shots=$out/demo-shots
    rm -rf "$shots"
    # Starts in Chinese; the staff switch to English from the terminal ("l") at once, which
    # redraws every panel while the tour runs.
    in_x "${qingxing[@]}" demo --display desktop --auto-visitor --turns 1 --speed 8 --mute --lang zh-CN \
        --stats "$home/demo-stats.json" --screenshot-dir "$shots" "${small[@]}" <<<"l" >"$log" 2>&1 ||
        fail "the demo failed"
    expect 'Language en · younger audience off'
    expect 'Visitor 1 started'
    expect 'Turn finished: quiz [0-4]/4'
    expect 'turns: 1 started, 1 finished, 0 ended early'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    for moment in attract caption question feedback score; do
        [ -s "$shots/demo-$moment.png" ] || fail "no screenshot of the $moment"
        "$imgcheck" stereo "$shots/demo-$moment.png" >>"$log" 2>&1 || fail "the $moment is not shown in both eyes"
    done
    grep -qE '"turns_completed": 1' "$home/demo-stats.json" || fail "the finished turn was not counted"
    grep -qvE 'R-[0-9]|name' "$home/demo-stats.json" || fail "the counts file holds more than counts"
    tail -n 1 "$log"
    ;;
demo-kiosk)
    shots=$out/demo-kiosk-shots
    rm -rf "$shots"
    # Kiosk renders at the screen's size: 1 sample and a small shadow map keep lavapipe quick.
    in_x "${qingxing[@]}" demo --display desktop --kiosk --auto-visitor --turns 1 --speed 8 --mute --lang zh-CN \
        --stats "$home/demo-stats.json" --screenshot-dir "$shots" --msaa 1 --shadow-map 512 </dev/null >"$log" 2>&1 ||
        fail "the kiosk demo failed"
    expect 'desktop window 1280x800 \(full screen\)'
    expect 'turns: 1 started, 1 finished, 0 ended early'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    for moment in attract caption question score; do
        [ -s "$shots/demo-$moment.png" ] || fail "no screenshot of the $moment"
        "$imgcheck" single "$shots/demo-$moment.png" >>"$log" 2>&1 ||
            fail "the $moment is not one picture filling the screen"
    done
    tail -n 1 "$log"
    ;;
demo-gpu-lost)
    shots=$out/demo-gpu-lost-shots
    rm -rf "$shots"
    QX_TEST_LOSE_DEVICE_AFTER_FRAMES=10 in_x "${qingxing[@]}" demo --display desktop --auto-visitor --turns 1 --speed 8 \
        --mute --lang en --stats "$home/demo-stats.json" --screenshot-dir "$shots" "${small[@]}" </dev/null \
        >"$log" 2>&1 || fail "the demo failed"
    expect 'The GPU stopped responding \(the GPU was lost \(VK_ERROR_DEVICE_LOST\)\)'
    expect 'The display is rebuilt on a new GPU device'
    expect 'Turn finished: quiz [0-4]/4'
    expect 'turns: 1 started, 1 finished, 0 ended early'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ "$(grep -c 'renderer ready' "$log")" = 2 ] || fail "expected two GPU lives (sound set up twice)"
    for moment in question score; do
        [ -s "$shots/demo-$moment.png" ] || fail "no screenshot of the $moment"
        "$imgcheck" stereo "$shots/demo-$moment.png" >>"$log" 2>&1 || fail "the $moment is not shown in both eyes"
    done
    grep -qE '"turns_completed": 1' "$home/demo-stats.json" || fail "the finished turn was not counted"
    tail -n 1 "$log"
    ;;
panel-gpu-lost)
    shots=$out/$scenario-shots db=$home/records.db
    panel_script panel_gpu_lost.script 1280 720 en 30
    expect 'The GPU stopped responding \(the GPU was lost \(VK_ERROR_DEVICE_LOST\)\)'
    expect 'The display is rebuilt on a new GPU device'
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    [ "$(grep -c '^sound: ' "$log")" = 2 ] || fail "expected two GPU lives (sound set up twice)"
    [ -s "$shots/panel-rebuilt.png" ] || fail "no screenshot after the rebuild"
    "$imgcheck" panel-mirror "$shots/panel-rebuilt.png" >>"$log" 2>&1 ||
        fail "the rebuilt panel does not show the panel with the resident's view"
    q() { "$records_sql" "$db" "$QINGXING_SECRET_FILE" "$1"; }
    [ "$(q "SELECT status FROM sessions")" = completed ] || fail "the session is not recorded as completed"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'device_lost' AND payload LIKE '%\"rebuilt\":true%'")" = 1 ] ||
        fail "the record does not say the display was rebuilt"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'display'")" = 2 ] ||
        fail "the record does not name both displays the session was shown on"
    # Lost mid-exposure: exposure paused while the resident saw nothing, resumed on the new device.
    [ "$(q "SELECT count(*) FROM events WHERE type = 'command' AND payload LIKE '%\"command\":\"pause\"%GPU stopped responding%'")" = 1 ] ||
        fail "exposure was not paused while the display was rebuilt"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'command' AND payload LIKE '%\"command\":\"resume\"%rebuilt on a new GPU%'")" = 1 ] ||
        fail "exposure did not resume on the rebuilt display"
    grep -E '^frames: ' "$log" | tail -n 1
    ;;
panel-no-headset)
    # Auto with no headset runtime (none installed in Wine's registry, and the Linux loader pointed
    # at nothing): the desktop simulator, and why, in Chinese, naming what to start.
    shots=$out/$scenario-shots db=$home/records.db
    XR_RUNTIME_JSON=/nonexistent/openxr_runtime.json panel_display=auto panel_script panel_no_headset.script 1280 720 zh 20
    expect '^未使用 没有已启用的 OpenXR 运行时（XR_ERROR_'
    expect '请先启动 SteamVR|请启动 SteamVR'
    [[ $bin == *.exe ]] && expect '串流助手.*Meta Quest Link.*VIVE Hub'
    [ -s "$shots/panel-no-headset.png" ] || fail "no screenshot panel-no-headset.png"
    "$imgcheck" panel-mirror "$shots/panel-no-headset.png" >>"$log" 2>&1 ||
        fail "the panel does not show the panel with the resident's view"
    q() { "$records_sql" "$db" "$QINGXING_SECRET_FILE" "$1"; }
    [ "$(q "SELECT count(*) FROM sessions")" = 1 ] || fail "the session was not recorded"
    ;;
panel-unlock)
    shots=$out/$scenario-shots db=$home/records.db
    # The secret the scripts type; qx_records_sql reads the records with it afterwards.
    secret_file=$home/secret
    printf '%s\n' '青松戒毒中心 2026 春' >"$secret_file"
    chmod 600 "$secret_file"
    unset QINGXING_SECRET_FILE
    first_log=$out/$scenario-first.log
    log=$first_log
    panel_script panel_unlock_first.script 1280 720 zh-CN 1
    [ -s "$db.key" ] || fail "no key file was made beside the records"
    expect '已为 .* 创建新的加密密钥'
    [ -s "$shots/panel-unlock-new.png" ] || fail "no screenshot panel-unlock-new.png"
    "$imgcheck" panel "$shots/panel-unlock-new.png" >>"$log" 2>&1 || fail "panel-unlock-new.png does not show the panel"
    mv "$shots/panel-unlock-new.png" "$out/"
    log=$out/$scenario.log
    panel_script panel_unlock_again.script 1280 720 zh-CN 1
    grep -q 'vulkan validation' "$first_log" "$log" && fail "the Vulkan validation layer reported problems"
    for shot in panel-unlock-wrong panel-unlock-signin; do
        [ -s "$shots/$shot.png" ] || fail "no screenshot $shot.png"
        "$imgcheck" panel "$shots/$shot.png" >>"$log" 2>&1 || fail "$shot.png does not show the panel"
    done
    [ "$("$records_sql" "$db" "$secret_file" "SELECT count(*) FROM therapists")" = 1 ] ||
        fail "the records opened on screen do not hold the account made there"
    tail -n 1 "$log"
    ;;
panel-zh | panel-en)
    shots=$out/$scenario-shots db=$home/records.db
    panel_script panel_session.script 1440 860 "${scenario#panel-}" 20
    grep -q 'vulkan validation' "$log" && fail "the Vulkan validation layer reported problems"
    for shot in prepare after history admin; do
        [ -s "$shots/panel-$shot.png" ] || fail "no screenshot panel-$shot.png"
        "$imgcheck" panel "$shots/panel-$shot.png" >>"$log" 2>&1 || fail "panel-$shot.png does not show the panel"
    done
    for shot in live calm live-switched; do
        [ -s "$shots/panel-$shot.png" ] || fail "no screenshot panel-$shot.png"
        "$imgcheck" panel-mirror "$shots/panel-$shot.png" >>"$log" 2>&1 ||
            fail "panel-$shot.png does not show the panel with the resident's view"
    done
    q() { "$records_sql" "$db" "$QINGXING_SECRET_FILE" "$1"; }
    [ "$(q "SELECT status FROM sessions")" = completed ] || fail "the session is not recorded as completed"
    [ "$(q "SELECT count(*) FROM sessions WHERE therapist_id = (SELECT id FROM therapists WHERE username = 'admin')")" = 1 ] ||
        fail "the session is not the signed-in therapist's"
    [ "$(q "SELECT code FROM residents")" = R-0501 ] || fail "the resident's code was not normalised and kept"
    [ "$(q "SELECT count(*) FROM therapists")" = 2 ] || fail "the second account was not added"
    [ "$(q "SELECT group_concat(phase) FROM (SELECT phase FROM ssq ORDER BY phase DESC)")" = before,after ] ||
        fail "the SSQ before and after were not both recorded"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'command' AND payload LIKE '%\"command\":\"hold\"%打火机%'")" = 1 ] ||
        fail "the hold's reason is not in the record"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'command' AND payload LIKE '%\"command\":\"release\"%'")" = 1 ] ||
        fail "the release is not in the record"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'command' AND payload LIKE '%\"command\":\"calm_room\"%'")" -ge 1 ] ||
        fail "the calm room (F1) is not in the record"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'decision' AND payload LIKE '%\"key\":\"session.rule.stop\"%'")" = 1 ] ||
        fail "the stop from the panel is not in the record"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'state' AND payload LIKE '%\"to\":\"cool_down\"%'")" = 1 ] ||
        fail "the session did not end through the cool-down"
    [ "$(q "SELECT count(*) FROM events WHERE type = 'report' AND payload LIKE '%\"source\":\"therapist\"%'")" = 1 ] ||
        fail "the rating said aloud is not in the record"
    [ "$(q "SELECT count(*) FROM notes WHERE text LIKE '%深呼吸%' AND session_id IS NOT NULL")" = 1 ] ||
        fail "the note is not in the record"
    [ -s "$home/reports/R-0501/index.html" ] || fail "no report was written"
    for action in sign_in session_started session_ended records_viewed password_reset account_disabled; do
        [ "$(q "SELECT count(*) FROM audit WHERE action = '$action'")" -ge 1 ] || fail "no '$action' in the audit log"
    done
    [ "$(q "SELECT disabled FROM therapists WHERE username = 'therapist.li'")" = 1 ] || fail "the account was not disabled"
    grep -E '^frames: ' "$log" | tail -n 1
    ;;
*) echo "unknown scenario $scenario"; exit 2 ;;
esac
