#!/usr/bin/env bash
# Installs the Debian packages the integration tests drive for real: OpenSSH's sshd (test hosts),
# sysstat (pidstat on those hosts), sudo (--sudo tests), python3 (a memcg OOM made of kernel slab)
# Chromium (the report opened headless) and busybox (the collector script under busybox ash, and
# a busybox-only test host), xz-utils, bzip2 and sosreport (real sosreports to analyze), zsh and tcsh
# (login shells), locales (a French login), Request Tracker 5, Redmine 5 and exim4 (--attach).
# Idempotent.
set -euo pipefail
need=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v pidstat >/dev/null 2>&1 || need+=(sysstat)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v sudo >/dev/null 2>&1 || need+=(sudo)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /bin/busybox ] || need+=(busybox)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
command -v bzip2 >/dev/null 2>&1 || need+=(bzip2)
command -v sos >/dev/null 2>&1 || need+=(sosreport)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v tcsh >/dev/null 2>&1 || need+=(tcsh)
[ -d /usr/share/i18n/locales ] || need+=(locales)
[ -x /usr/share/request-tracker5/libexec/rt-server ] || need+=(request-tracker5 rt5-db-sqlite rt5-standalone)
[ -f /usr/share/redmine/config.ru ] || need+=(redmine redmine-sqlite thin)
[ -x /usr/sbin/exim4 ] || need+=(exim4-daemon-light)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
