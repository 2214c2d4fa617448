# Sourced by scripts/run and scripts/test: create .venv if missing, install the project,
# and compile the translation catalogues.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtualenv in .venv ..."
    "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=".venv/.installed-$1-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    echo "Installing Coaching Journal ($1) ..."
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$1]"
    rm -f .venv/.installed-"$1"-*
    touch "$stamp"
fi
# The .po catalogues are committed; the .mo files the app reads are built here (fast).
.venv/bin/pybabel -q compile -d web/translations
