#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine where only Swift is present.
# Idempotent: installs only what is missing. Needs root (or sudo) for apt.
set -euo pipefail
# golang-go + golang-github-aws-aws-sdk-go-v2-dev: the old Go SDK v2 (config 1.17, no sso-session
# support) that the compat-profile e2e test builds offline against.
APT_PKGS=(pkg-config libncurses-dev libcurl4-openssl-dev libqrencode-dev tmux zbar-tools zsh fish python3-pip
          golang-go golang-github-aws-aws-sdk-go-v2-dev)
PIP_PKGS=(botocore pytest)
[ "${1:-}" = "--bench" ] && PIP_PKGS+=(aws-sso-util)

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-pip is only needed when there is no pip at all (e.g. a pyenv python brings its own).
if python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
pip_missing=()
for p in "${PIP_PKGS[@]}"; do
  python3 -m pip show -q "$p" >/dev/null 2>&1 || pip_missing+=("$p")
done
if [ ${#pip_missing[@]} -gt 0 ]; then
  echo "deps: pip install ${pip_missing[*]}"
  python3 -m pip install -q --disable-pip-version-check "${pip_missing[@]}" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages "${pip_missing[@]}"
fi
