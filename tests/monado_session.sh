#!/usr/bin/env bash
# Inside the Debian 13 chroot (.ci/monado-chroot run): Xvfb, Monado's service with the
# null compositor and the simulated headset, then the command given; the service's log
# goes to $OUT/monado.log. Used by tests/test_vr_monado.py and `driftlight bench vr`.
#   monado_session.sh OUT_DIR [--no-service] -- COMMAND...
set -uo pipefail
OUT=$1; shift
SERVICE=1
if [ "${1:-}" = "--no-service" ]; then SERVICE=0; shift; fi
[ "${1:-}" = "--" ] && shift
mkdir -p "$OUT"
export XDG_RUNTIME_DIR="$OUT/xdg" DISPLAY=:$((300 + $$ % 300)) XRT_COMPOSITOR_NULL=1 SIMULATED_ENABLE=1
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
Xvfb "$DISPLAY" -screen 0 1280x720x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB=$!
SVC=""
if [ $SERVICE = 1 ]; then
  # The service reads its stdin (Enter quits it): give it a pipe that stays open.
  rm -f "$OUT/service.in" && mkfifo "$OUT/service.in"
  monado-service <"$OUT/service.in" >"$OUT/monado.log" 2>&1 &
  SVC=$!
  exec 3>"$OUT/service.in"
  for _ in $(seq 100); do
    grep -q "service has started" "$OUT/monado.log" 2>/dev/null && break
    grep -q "service has failed" "$OUT/monado.log" 2>/dev/null && break
    sleep 0.1
  done
fi
sleep 0.5
"$@"
RC=$?
if [ -n "$SVC" ]; then kill "$SVC" 2>/dev/null; exec 3>&-; fi
kill "$XVFB" 2>/dev/null
wait 2>/dev/null
exit $RC
