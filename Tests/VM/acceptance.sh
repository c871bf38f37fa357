#!/usr/bin/env bash
# Tests/VM/acceptance.sh — the deploy acceptance suite, run INSIDE the Debian 12 VM as root by
# scripts/vm-test (through scripts/vm, two boots of one overlay). The repository is at
# /mnt/host (read-only), with the stripped static release binary at .build/vm/siax-agent.
# Everything is done as an admin would: scripts/deploy, the REST API with curl, a WebSocket
# client, systemctl. Prints one line per check, measurements as `MEASURE name value`, and
# closes with `N passed, N failed`; exits non-zero when a check failed.
#
# Boot 1: systemctl backend + sudoers (then --uninstall --purge); D-Bus backend + polkit:
# fresh install, core app lifecycle on cgroup v2, agent kill -9 and SIGSTOP (watchdog), a
# second run, a failing release (automatic rollback), --rollback, 10 apps idle (memory).
# Boot 2 (a reboot): the agent and the enabled app came back; enable/disable; --uninstall.
set -uo pipefail

REPO=/mnt/host
BINARY=$REPO/.build/vm/siax-agent
DEPLOY=$REPO/scripts/deploy
API=http://127.0.0.1:8080
APPS=/srv/siax-test
BOOT=${SIAX_VM_BOOT:-1}
PASSED=0 FAILED=0

say() { printf '%s %s\n' "$(date +%T)" "$*"; }
ok() { PASSED=$((PASSED + 1)); say "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); say "FAIL $*"; }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
measure() { say "MEASURE $1 $2"; }

# Waits up to SECONDS for COMMAND to succeed.
eventually() {
    local seconds=$1 deadline; shift
    deadline=$((SECONDS + seconds))
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 1
    done
}

token() { cat /var/lib/siax-agent/admin.token; }
# api METHOD PATH [BODY]: the response body; fails on an HTTP error.
api() {
    local body=${3:-}
    curl -fsS --max-time 120 -X "$1" -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' \
        ${body:+-d "$body"} "$API$2"
}
status_of() { api GET "/api/apps/$1/status"; }
field() { jq -r "$1"; }
unit_prop() { systemctl show -p "$2" --value "$1"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# For the `bash -c` conditions given to `eventually`.
app_field() { status_of "$1" | field "$2"; }
export API
export -f api token status_of field app_field

health_ok() { curl -fsS --max-time 10 $API/api/health | jq -e '.privileges.ok == true' >/dev/null; }
agent_pid() { unit_prop siax-agent.service MainPID; }
deploy() { "$DEPLOY" "$@" 2>&1 | tee /tmp/deploy.out; return "${PIPESTATUS[0]}"; }

make_apps() {
    mkdir -p "$APPS/node" "$APPS/py"
    cat >"$APPS/node/server.js" <<'EOF'
const http = require("http");
const port = Number(process.env.PORT);
http.createServer((req, res) => res.end("node ok\n")).listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
setInterval(() => console.log("tick"), 2000);
EOF
    echo 'for (;;) {}' >"$APPS/node/burn.js"
    cat >"$APPS/py/main.py" <<'EOF'
from fastapi import FastAPI
app = FastAPI()

@app.get("/")
def root():
    return {"ok": True}
EOF
    chmod -R a+rX "$APPS"
}

register_node() { # NAME PORT [enabled]
    api POST /api/apps "{\"name\":\"$1\",\"runtime\":\"nodejs\",\"script_path\":\"$APPS/node/server.js\",\"working_dir\":\"$APPS/node\",\"user\":\"nobody\",\"port\":$2,\"enabled\":${3:-false}}" >/dev/null
}
register_burner() { # NAME: a Node.js app that keeps one core busy
    api POST /api/apps "{\"name\":\"$1\",\"runtime\":\"nodejs\",\"script_path\":\"$APPS/node/burn.js\",\"working_dir\":\"$APPS/node\",\"user\":\"nobody\"}" >/dev/null
}
register_py() { # NAME PORT
    api POST /api/apps "{\"name\":\"$1\",\"runtime\":\"python-fastapi\",\"script_path\":\"$APPS/py/main.py\",\"working_dir\":\"$APPS/py\",\"user\":\"nobody\",\"port\":$2}" >/dev/null
}
state_is() { [ "$(status_of "$1" | field .state)" = "$2" ]; }
answers() { curl -fs --max-time 5 "http://127.0.0.1:$1/" >/dev/null; }

# One WebSocket client reading the app's log stream until a line containing TEXT came
# (each message within 60 s, all within 120 s).
ws_log_has() {
    timeout 120 python3 - "$1" "$2" "$(token)" <<'EOF'
import asyncio, json, sys, websockets
name, text, token = sys.argv[1:]
async def main():
    async with websockets.connect(f"ws://127.0.0.1:8080/logs/{name}?lines=50", extra_headers={"Authorization": f"Bearer {token}"}) as ws:
        while True:
            entry = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if text in entry.get("message", ""):
                return
asyncio.run(main())
EOF
}

# The app's memory as the agent reports it and as systemd charges its unit, within 10 %.
memory_agrees() {
    local agent systemd
    agent=$(status_of "$1" | field .memory_bytes)
    systemd=$(unit_prop "$1.service" MemoryCurrent)
    measure "memory_$1_agent_bytes" "$agent"
    measure "memory_$1_systemd_MemoryCurrent" "$systemd"
    [[ $agent =~ ^[0-9]+$ && $systemd =~ ^[0-9]+$ ]] || return 1
    awk -v a="$agent" -v s="$systemd" 'BEGIN { d = a - s; if (d < 0) d = -d; exit !(d <= 0.10 * s) }'
}

# The app's CPU as the agent reports it and as systemd counts its unit's CPU time (CPUUsageNSec
# over the 4 s before), within 25 %, for an app that keeps one core busy.
cpu_agrees() {
    local before start after end agent systemd
    before=$(unit_prop "$1.service" CPUUsageNSec); start=$(date +%s%N)
    sleep 4
    after=$(unit_prop "$1.service" CPUUsageNSec); end=$(date +%s%N)
    agent=$(status_of "$1" | field .cpu_percent)
    systemd=$(awk -v a="$before" -v b="$after" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (b - a) * 100 / (e - s) }')
    measure "cpu_$1_agent_percent" "$agent"
    measure "cpu_$1_systemd_percent" "$systemd"
    [[ $agent =~ ^[0-9.]+$ && $before =~ ^[0-9]+$ && $after =~ ^[0-9]+$ ]] || return 1
    awk -v a="$agent" -v s="$systemd" 'BEGIN { d = a - s; if (d < 0) d = -d; exit !(s >= 20 && d <= 0.25 * s) }'
}

busy_app_cpu_agrees() { register_burner "$1" && api POST "/api/apps/$1/start" >/dev/null && eventually 90 cpu_agrees "$1"; }

# The core acceptance: a Node.js and a FastAPI app through the API, kill -9, logs, stop, delete.
core_apps() {
    local mode=$1 pid restarts
    check "[$mode] register the Node.js app" register_node "n-$mode" 3101
    check "[$mode] register the FastAPI app" register_py "p-$mode" 3102
    check "[$mode] start the Node.js app" api POST "/api/apps/n-$mode/start"
    check "[$mode] start the FastAPI app" api POST "/api/apps/p-$mode/start"
    check "[$mode] the Node.js app answers" eventually 120 answers 3101
    check "[$mode] the FastAPI app answers" eventually 180 answers 3102
    check "[$mode] the Node.js app is running" eventually 60 state_is "n-$mode" running
    check "[$mode] its main process is in its own cgroup v2 unit" \
        grep -qx "0::/system.slice/n-$mode.service" "/proc/$(unit_prop "n-$mode.service" MainPID)/cgroup"
    pid=$(status_of "n-$mode" | field .pid)
    restarts=$(status_of "n-$mode" | field .restarts)
    kill -9 "$pid"
    check "[$mode] kill -9 → systemd restarts it, restarts $restarts → $((restarts + 1))" \
        eventually 120 bash -c "[ \"\$(app_field n-$mode .restarts)\" = $((restarts + 1)) ]"
    check "[$mode] it answers again after the restart" eventually 120 answers 3101
    check "[$mode] its log over WebSocket" ws_log_has "n-$mode" "listening on 3101"
    eventually 60 bash -c "[ \"\$(app_field p-$mode .memory_bytes)\" != null ]"
    check "[$mode] FastAPI app: memory_bytes equals systemd's MemoryCurrent (±10 %)" eventually 30 memory_agrees "p-$mode"
    check "[$mode] cpu_percent is reported" eventually 30 bash -c "[ \"\$(app_field p-$mode .cpu_percent)\" != null ]"
    check "[$mode] a busy app: cpu_percent equals its unit's CPU time rate from systemd (±25 %)" \
        busy_app_cpu_agrees "b-$mode"
    api DELETE "/api/apps/b-$mode" >/dev/null
    say "scan as the agent sees it: $(api GET /api/scan | jq -c '[.processes[] | {pid, user, unit, cpu_percent, memory_bytes}]')"
    check "[$mode] stop the Node.js app" api POST "/api/apps/n-$mode/stop"
    check "[$mode] it is stopped (systemd: inactive)" eventually 30 bash -c "[ \"\$(systemctl show -p ActiveState --value n-$mode.service)\" = inactive ]"
    check "[$mode] delete both apps" bash -c "api DELETE /api/apps/n-$mode >/dev/null && api DELETE /api/apps/p-$mode >/dev/null"
    check "[$mode] their units are gone" bash -c "! ls /etc/systemd/system.attached/n-$mode.service /etc/systemd/system.attached/p-$mode.service 2>/dev/null"
}

boot1() {
    say "BOOT 1: kernel $(uname -r), systemd $(systemctl --version | head -1 | cut -d' ' -f2), $(stat -fc %T /sys/fs/cgroup) at /sys/fs/cgroup, PID 1 $(cat /proc/1/comm)"
    make_apps

    # ---- the systemctl backend with the sudoers drop-in
    local t0
    t0=$(date +%s%N)
    check "[systemctl] fresh install as siax-agent with --backend systemctl" deploy --binary "$BINARY" --backend systemctl
    measure deploy_fresh_systemctl_ms "$(ms "$t0")"
    check "[systemctl] the sudoers drop-in passes visudo -cf" visudo -cf /etc/sudoers.d/siax-agent
    check "[systemctl] sudoers allows siax-agent the agent's command lines (daemon-reload, start of an app unit)" bash -c \
        'runuser -u siax-agent -- sudo -n -l -- /usr/bin/systemctl --no-ask-password daemon-reload >/dev/null &&
         runuser -u siax-agent -- sudo -n -l -- /usr/bin/systemctl --no-ask-password start -- shop-api.service >/dev/null'
    check "[systemctl] sudoers refuses siax-agent other command lines (status with a pager, poweroff, journal vacuum, a socket unit)" bash -c \
        '! runuser -u siax-agent -- sudo -n -l -- /usr/bin/systemctl status ssh.service >/dev/null 2>&1 &&
         ! runuser -u siax-agent -- sudo -n -l -- /usr/bin/systemctl --no-ask-password poweroff >/dev/null 2>&1 &&
         ! runuser -u siax-agent -- sudo -n -l -- /usr/bin/journalctl --vacuum-time=1s >/dev/null 2>&1 &&
         ! runuser -u siax-agent -- sudo -n -l -- /usr/bin/systemctl --no-ask-password start -- dbus.socket >/dev/null 2>&1'
    check "[systemctl] the agent runs as siax-agent" bash -c "[ \"\$(ps -o user= -p $(agent_pid))\" = siax-agent ]"
    check "[systemctl] /api/health: privileges.ok" health_ok
    if health_ok; then core_apps systemctl; else fail "[systemctl] app checks skipped: the agent is not healthy"; fi
    mv /etc/sudoers.d/siax-agent /root/siax-agent.sudoers
    systemctl restart siax-agent.service
    check "[systemctl] without the drop-in: /api/health says privileges.ok false, naming the refused command" eventually 60 bash -c \
        "curl -fsS --max-time 10 $API/api/health | jq -e '.privileges.ok == false and (.privileges.detail | contains(\"sudo -n refuses\"))' >/dev/null"
    mv /root/siax-agent.sudoers /etc/sudoers.d/siax-agent
    check "[systemctl] --uninstall --purge" deploy --uninstall --purge
    check "[systemctl] the sudoers drop-in and the user are gone" bash -c '! test -e /etc/sudoers.d/siax-agent && ! id siax-agent 2>/dev/null'

    # ---- the D-Bus backend with the polkit rule
    t0=$(date +%s%N)
    check "[dbus] fresh install as siax-agent (D-Bus backend)" deploy --binary "$BINARY"
    measure deploy_fresh_dbus_ms "$(ms "$t0")"
    check "[dbus] the deploy said it set up the polkit rule" grep -q 'polkit rule' /tmp/deploy.out
    check "[dbus] the polkit rule is valid JavaScript (node --check)" bash -c 'cp /etc/polkit-1/rules.d/50-siax-agent.rules /tmp/r.js && node --check /tmp/r.js'
    check "[dbus] the agent unit is Type=notify and active" bash -c '[ "$(systemctl show -p Type,ActiveState --value siax-agent.service | tr "\n" " ")" = "notify active " ]'
    check "[dbus] READY=1 came after the HTTP server listened" bash -c 'systemctl show -p StatusText --value siax-agent.service | grep -q "^listening on 127.0.0.1:8080"'
    check "[dbus] the watchdog is on (WatchdogUSec)" bash -c '[ "$(systemctl show -p WatchdogUSec --value siax-agent.service)" = 30s ]'
    check "[dbus] /api/health: privileges.ok" health_ok
    health_ok || { fail "[dbus] the rest of boot 1 skipped: the agent is not healthy"; return; }
    check "[dbus] the unit dir is in systemd's search path" bash -c 'systemd-analyze unit-paths | grep -qx /etc/systemd/system.attached'
    measure agent_binary_bytes "$(stat -c %s /opt/siax-agent/current/bin/siax-agent)"
    core_apps dbus

    # ---- the agent's own unit: kill -9, a hang (keeper stays enabled for boot 2)
    register_node keeper 3201 true >/dev/null && api POST /api/apps/keeper/start >/dev/null
    eventually 120 answers 3201
    # polkit: the agent's user may act on its own units, and on no other.
    check "[dbus] polkit lets siax-agent start its own unit (keeper.service)" \
        runuser -u siax-agent -- busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartUnit ss keeper.service replace
    check "[dbus] polkit refuses siax-agent a unit that is not its own (dbus.service)" \
        bash -c '! runuser -u siax-agent -- busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartUnit ss dbus.service replace 2>/dev/null'
    local app_pid apid restarts
    app_pid=$(unit_prop keeper.service MainPID)
    apid=$(agent_pid)
    restarts=$(unit_prop siax-agent.service NRestarts)
    kill -9 "$apid"
    check "agent kill -9 → systemd restarts it" eventually 120 bash -c "p=\$(systemctl show -p MainPID --value siax-agent.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $apid ] && [ \"\$(systemctl show -p ActiveState --value siax-agent.service)\" = active ]"
    check "agent kill -9: NRestarts $restarts → $((restarts + 1))" bash -c "[ \"\$(systemctl show -p NRestarts --value siax-agent.service)\" = $((restarts + 1)) ]"
    check "agent kill -9: the app kept running (same PID)" bash -c "[ \"\$(systemctl show -p MainPID --value keeper.service)\" = $app_pid ]"
    check "agent kill -9: state rebuilt (the app is listed, running)" eventually 60 state_is keeper running
    apid=$(agent_pid)
    kill -STOP "$apid"
    local t_stop
    t_stop=$(date +%s%N)
    check "agent SIGSTOP → the watchdog restarts it" eventually 180 bash -c "p=\$(systemctl show -p MainPID --value siax-agent.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $apid ] && [ \"\$(systemctl show -p ActiveState --value siax-agent.service)\" = active ]"
    measure watchdog_restart_ms "$(ms "$t_stop")"
    check "agent SIGSTOP: systemd's result said watchdog" bash -c 'journalctl -u siax-agent.service --no-pager | grep -q "Watchdog timeout"'
    check "agent SIGSTOP: the app kept running (same PID)" bash -c "[ \"\$(systemctl show -p MainPID --value keeper.service)\" = $app_pid ]"
    eventually 60 health_ok

    # ---- deploy runs: idempotent, a failing release, --rollback
    check "second deploy run → nothing to change" bash -c "$DEPLOY --binary $BINARY 2>&1 | tee /tmp/deploy.out | grep -q 'nothing to change'"
    local good bad
    good=$(basename "$(readlink /opt/siax-agent/current)")
    mkdir -p /tmp/bad && cat >/tmp/bad/siax-agent <<EOF
#!/bin/sh
# A release that starts and exits at once.
case "\$1" in serve) echo "this release is broken" >&2; exit 3 ;; *) exec $BINARY "\$@" ;; esac
EOF
    chmod 755 /tmp/bad/siax-agent
    t0=$(date +%s%N)
    check "a release that exits → deploy exits non-zero" bash -c "! $DEPLOY --binary /tmp/bad/siax-agent >/tmp/deploy.out 2>&1"
    measure deploy_failed_with_rollback_ms "$(ms "$t0")"
    check "a release that exits → automatic ROLLBACK said" grep -q ROLLBACK /tmp/deploy.out
    check "a release that exits → the previous release is current and serving" \
        bash -c "[ \"\$(basename \"\$(readlink /opt/siax-agent/current)\")\" = $good ] && curl -fsS $API/api/health | jq -e '.privileges.ok' >/dev/null"
    cp /etc/siax-agent/config.json /tmp/config.json
    echo '{"listen": "nowhere", "no_such_key": 1}' >/etc/siax-agent/config.json
    cp "$BINARY" /tmp/other && printf 'another build' >>/tmp/other
    check "a bad config → deploy exits non-zero" bash -c "! $DEPLOY --binary /tmp/other >/tmp/deploy.out 2>&1"
    check "a bad config → the error names the key" grep -q no_such_key /tmp/deploy.out
    cp /tmp/config.json /etc/siax-agent/config.json
    check "a bad config → the previous release still serves" bash -c "[ \"\$(basename \"\$(readlink /opt/siax-agent/current)\")\" = $good ] && curl -fsS $API/api/health >/dev/null"
    check "another good release deploys" deploy --binary /tmp/other
    t0=$(date +%s%N)
    check "--rollback" deploy --rollback
    measure rollback_ms "$(ms "$t0")"
    check "--rollback: the first release is current and healthy" \
        bash -c "[ \"\$(basename \"\$(readlink /opt/siax-agent/current)\")\" = $good ] && curl -fsS $API/api/health | jq -e '.privileges.ok' >/dev/null"

    # ---- memory: the agent idle with 10 apps (enabled: they are the 10 apps after the reboot too)
    local i
    for i in $(seq 1 9); do register_node "idle$i" $((3300 + i)) true && api POST "/api/apps/idle$i/start" >/dev/null; done
    check "10 apps running" eventually 300 bash -c "[ \"\$(api GET /api/apps | jq '[.apps[] | select(.status.state == \"running\")] | length')\" = 10 ]"
    sleep 30 # idle: let the monitor's passes settle before measuring (a measurement, not a test bound)
    apid=$(agent_pid)
    measure agent_MemoryCurrent_bytes_10_apps "$(unit_prop siax-agent.service MemoryCurrent)"
    measure agent_memory_stat "$(tr '\n' ' ' </sys/fs/cgroup/system.slice/siax-agent.service/memory.stat | cut -c1-400)"
    measure agent_smaps_rollup "$(grep -E '^(Rss|Pss|Private_Clean|Private_Dirty|Anonymous)' /proc/$apid/smaps_rollup | tr -s ' ' | tr '\n' ' ')"
    measure agent_VmRSS "$(grep -E '^(VmRSS|RssAnon|RssFile)' /proc/$apid/status | tr -s ' \t' ' ' | tr '\n' ' ')"
    check "the agent runs without transparent huge pages (this kernel's default: $(grep -o '\[[a-z]*\]' /sys/kernel/mm/transparent_hugepage/enabled))" \
        grep -Eq '^THP_enabled:[[:space:]]+0$' "/proc/$apid/status"
    say "boot 1 done: $PASSED passed, $FAILED failed; keeper.service and idle1..9 are enabled for boot 2"
}

boot2() {
    say "BOOT 2 (the same disk after a poweroff): $(uptime -s)"
    check "after the reboot: siax-agent.service is active by itself" eventually 180 bash -c '[ "$(systemctl show -p ActiveState --value siax-agent.service)" = active ]'
    check "after the reboot: healthy, privileges.ok" eventually 120 health_ok
    check "after the reboot: the enabled app came back" eventually 180 answers 3201
    check "after the reboot: the agent sees it running" eventually 60 state_is keeper running
    check "after the reboot: the 10 enabled apps are running" eventually 300 bash -c "[ \"\$(api GET /api/apps | jq '[.apps[] | select(.status.state == \"running\")] | length')\" = 10 ]"
    # After a boot the agent's unit itself read its binary: its file pages are charged to it.
    sleep 30 # idle before measuring (a measurement, not a test bound)
    local apid
    apid=$(agent_pid)
    measure agent_MemoryCurrent_bytes_after_reboot_10_apps "$(unit_prop siax-agent.service MemoryCurrent)"
    measure agent_memory_stat_after_reboot "$(grep -E '^(anon|anon_thp|file|kernel|sock) ' /sys/fs/cgroup/system.slice/siax-agent.service/memory.stat | tr '\n' ' ')"
    measure agent_smaps_rollup_after_reboot "$(grep -E '^(Rss|Pss_Anon|Pss_File)' /proc/$apid/smaps_rollup | tr -s ' ' | tr '\n' ' ')"
    measure agent_binary_page_cache_after_reboot "$(fincore -nb -o RES,SIZE "$(readlink -f /opt/siax-agent/current/bin/siax-agent)")"
    local i
    for i in $(seq 1 9); do api DELETE "/api/apps/idle$i" >/dev/null; done
    check "disable through the API removes the .wants link" bash -c \
        "api POST /api/apps/keeper/disable >/dev/null && ! test -e /etc/systemd/system/multi-user.target.wants/keeper.service"
    # One operation per app per operation_interval_s (1 s): a 429 right after the disable is retried.
    check "enable through the API makes the .wants link" eventually 30 bash -c \
        "api POST /api/apps/keeper/enable >/dev/null 2>&1 && test -L /etc/systemd/system/multi-user.target.wants/keeper.service"
    check "--uninstall" deploy --uninstall
    check "--uninstall: the agent's unit and release are gone" bash -c '! test -e /etc/systemd/system/siax-agent.service && ! test -e /opt/siax-agent'
    check "--uninstall: the app's unit is kept and it still runs" bash -c \
        'test -f /etc/systemd/system.attached/keeper.service && [ "$(systemctl show -p ActiveState --value keeper.service)" = active ]'
}

if [ "$BOOT" = 1 ]; then boot1; else boot2; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
