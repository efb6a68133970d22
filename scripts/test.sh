#!/usr/bin/env bash
# The whole test suite: host tools, a fresh build, then every compiled test under node's runner.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-host-tools.sh
rm -rf dist
npm run build
mapfile -t files < <(find dist/test -name '*.test.js' | sort)
node --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
