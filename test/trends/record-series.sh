#!/bin/sh
# Records the trend fixtures (test/fixtures/trends/{growing,flat,noisy}/): real `hostsnap snapshot`
# archives of this machine while a real process allocates. Run from the repository root after
# `npm run build`; writes only into the three folders. Kept so the series can be recorded again.
set -eu
out=test/fixtures/trends
snaps=5
mkdir -p "$out/growing" "$out/flat" "$out/noisy"

# MODE grow: every second 3 MiB more resident anonymous memory and 20,000 more negative dentries
# (stat of names that do not exist: the dentry cache keeps them). MODE noise: resident size
# goes up and down at random around 60 MiB, no dentries. Both stop on SIGTERM.
allocator() {
  python3 - "$1" >/dev/null 2>&1 <<'PY' &
import os, random, sys, time
mode = sys.argv[1]
held, n, tmp = [], 0, os.path.join('/tmp', 'hostsnap-trend-%d' % os.getpid())
os.makedirs(tmp, exist_ok=True)
for step in range(600):                     # bounded: at most 10 minutes
    if mode == 'grow':
        held.append(bytearray(os.urandom(1)) * (3 << 20))
        for _ in range(20000):
            n += 1
            try: os.stat(os.path.join(tmp, 'missing-%d' % n))
            except FileNotFoundError: pass
    else:
        target = random.randint(8, 22)       # 4 MiB blocks: 32 to 88 MiB
        while len(held) < target: held.append(bytearray(os.urandom(1)) * (4 << 20))
        del held[target:]
    time.sleep(1)
PY
  echo $!
}

record() {
  for i in $(seq 1 "$snaps"); do
    node bin/hostsnap.js snapshot --out "$1" --format json >/dev/null
    rm -f "$1"/*.json
  done
}

pid=$(allocator grow); sleep 2; record "$out/growing"; kill "$pid"
record "$out/flat"
pid=$(allocator noise); sleep 2; record "$out/noisy"; kill "$pid"
