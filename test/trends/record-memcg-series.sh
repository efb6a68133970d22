#!/bin/sh
# Records test/fixtures/trends/memcg/: real `hostsnap snapshot` archives of this machine while a
# python3 process allocates steadily inside a memory cgroup with a limit (cgroup v1), and another
# holds a fixed size inside another limited cgroup. Run as root from the repository root after
# `npm run build`; writes only into that folder and removes both cgroups on every way out.
set -eu
out=test/fixtures/trends/memcg
snaps=5
root=/sys/fs/cgroup/memory
grow=$root/hostsnap-rec-grow-$$
flat=$root/hostsnap-rec-flat-$$
pids=

cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  # rmdir fails while a task is inside: wait for each process to be gone (bounded: 10 s).
  for pid in $pids; do
    i=0
    while [ -d "/proc/$pid" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  done
  rmdir "$grow" "$flat" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP

# start CGROUP MODE: a python3 that moves itself into CGROUP before it allocates. MODE grow: 2 MiB
# more resident every second (bounded: 600 steps); MODE flat: 64 MiB touched once, then idle.
start() {
  sh -c 'echo $$ > "$1/cgroup.procs" && exec python3 - "$2"' sh "$1" "$2" >/dev/null 2>&1 <<'PY' &
import os, sys, time
held = []
if sys.argv[1] == 'flat':
    held.append(bytearray(os.urandom(1)) * (64 << 20))
for step in range(600):
    if sys.argv[1] == 'grow':
        held.append(bytearray(os.urandom(1)) * (2 << 20))
    time.sleep(1)
PY
  pids="$pids $!"
}

mkdir -p "$out" "$grow" "$flat"
# 16 GiB: a limit a container of this 24 GB machine could have; the series stops far below it.
echo $((16 << 30)) > "$grow/memory.limit_in_bytes"
echo $((512 << 20)) > "$flat/memory.limit_in_bytes"
start "$grow" grow
start "$flat" flat
sleep 2
for i in $(seq 1 "$snaps"); do
  node bin/hostsnap.js snapshot --out "$out" --format json >/dev/null
  rm -f "$out"/*.json
done
