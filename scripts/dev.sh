#!/usr/bin/env bash
# Set-up and main jobs for islandmap, one command each, on Debian or any machine with
# Python >= 3.11. Installs into .venv in the project folder.
#
#   bash scripts/dev.sh map    install islandmap and write output/islands.html
#   bash scripts/dev.sh test   install the test tools and Debian's chromium, run all tests
#   bash scripts/dev.sh lint   install the dev tools, check the Python (ruff, mypy --strict)
#                              and, once package.json is there, the JavaScript (ESLint)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  if [ -z "${apt_updated:-}" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

venv() {
  if [ ! -x .venv/bin/python ]; then
    rm -rf .venv
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
      # Debian ships the venv module separately.
      rm -rf .venv
      apt_install python3-venv
      "$python" -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check "$@"
}

case "${1:-}" in
  map)
    venv -e .
    .venv/bin/islandmap render
    ;;
  test)
    venv -e '.[test]'
    if ! command -v chromium >/dev/null 2>&1; then
      apt_install chromium
    fi
    # Japanese glyphs for the screenshots the browser tests save
    if ! fc-list :lang=ja 2>/dev/null | grep -q .; then
      apt_install fonts-ipafont-gothic
    fi
    # one test file per worker, a worker per core (pytest-xdist)
    .venv/bin/python -m pytest -n auto --dist loadfile
    ;;
  lint)
    venv -e '.[dev]'
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy --strict islandmap
    if [ -f package.json ]; then
      if ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
      fi
      npm ci --no-audit --no-fund
      npx eslint islandmap/data/js
    fi
    ;;
  *)
    echo "usage: bash scripts/dev.sh map|test|lint" >&2
    exit 2
    ;;
esac
