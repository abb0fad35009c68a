#!/bin/sh
# Check a PyInstaller folder built by `make package`, the way a user would use it:
#
#   packaging/verify-package.sh dist/Marginalia [--screenshot FILE]
#
# Against a new library and a private HOME: `marginalia --version`, import the bundled sample
# articles, a search with a Ukrainian word in a form the samples do not contain ("котушка" finds
# "котушок": the pymorphy3 dictionaries were bundled), a highlight exported as Markdown, the desktop
# entry and metainfo validated (when desktop-file-validate/appstreamcli are installed), then the
# window: with DISPLAY set it waits for the window to be mapped (xdotool) and, with --screenshot,
# saves the screen (ImageMagick's `import`); without DISPLAY it starts offscreen and must still be
# running after ten seconds. Exits non-zero at the first failure.
set -eu

APP_DIR=${1:?usage: verify-package.sh APP_DIR [--screenshot FILE]}
SHOT=""
if [ "${2:-}" = "--screenshot" ]; then SHOT=${3:?--screenshot needs a file}; fi
APP_DIR=$(cd "$APP_DIR" && pwd)
APP="$APP_DIR/marginalia"
APP_ID=io.github.marginalia.Marginalia
WORK=$(mktemp -d "${TMPDIR:-/tmp}/marginalia-verify-XXXXXX")
GUI_PID=""
cleanup() {
  if [ -n "$GUI_PID" ]; then kill "$GUI_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
export MARGINALIA_LIBRARY="$WORK/library"
mkdir -p "$HOME"
cd "$WORK"

fail() { echo "verify-package: FAILED: $*" >&2; exit 1; }
ok() { echo "verify-package: $*"; }

version=$("$APP" --version) || fail "marginalia --version"
ok "$version"

samples="$APP_DIR/_internal/marginalia/resources/samples"
[ -d "$samples" ] || fail "no bundled samples in $samples"
"$APP" import "$samples" --json >import.json || fail "importing the samples: $(cat import.json)"
grep -q '"failed": 0' import.json || fail "some samples failed: $(cat import.json)"
ok "samples: $(grep -o '"imported": [0-9]*' import.json)"

"$APP" search котушка --json >search.json || fail "search"
grep -q '<mark>котушок</mark>' search.json || fail "searching котушка did not find котушок: $(cat search.json)"
ok "search: котушка finds котушок (lemmas from the bundled dictionaries)"

"$APP" highlight add 1 --start 0 --end 20 --note "verify" >/dev/null || fail "highlight add"
"$APP" export --format markdown --out quotes.md >/dev/null || fail "export"
grep -q 'marginalia://article/1#highlight=' quotes.md || fail "the Markdown export has no highlight link"
ok "export: $(wc -c <quotes.md) bytes of Markdown"

if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$APP_DIR/share/applications/$APP_ID.desktop" || fail "desktop-file-validate"
  ok "desktop entry valid"
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net --explain "$APP_DIR/share/metainfo/$APP_ID.metainfo.xml" >/dev/null \
    || fail "appstreamcli validate"
  ok "metainfo valid"
fi

if [ -n "${DISPLAY:-}" ] && command -v xdotool >/dev/null 2>&1; then
  "$APP" gui >gui.log 2>&1 &
  GUI_PID=$!
  i=0
  until xdotool search --onlyvisible --pid "$GUI_PID" --name Marginalia >/dev/null 2>&1; do
    i=$((i + 1))
    kill -0 "$GUI_PID" 2>/dev/null || fail "the window did not start: $(cat gui.log)"
    [ "$i" -lt 120 ] || fail "no window after two minutes"
    sleep 1
  done
  sleep 3  # let the library open and the list fill before the picture
  if [ -n "$SHOT" ]; then import -window root "$SHOT" && ok "screenshot: $SHOT"; fi
  kill -0 "$GUI_PID" 2>/dev/null || fail "the window closed by itself: $(cat gui.log)"
  ok "window shown on $DISPLAY"
else
  QT_QPA_PLATFORM=offscreen "$APP" gui >gui.log 2>&1 &
  GUI_PID=$!
  sleep 10
  kill -0 "$GUI_PID" 2>/dev/null || fail "the app exited within ten seconds: $(cat gui.log)"
  ok "window running offscreen"
fi
kill "$GUI_PID" 2>/dev/null || true
wait "$GUI_PID" 2>/dev/null || true
GUI_PID=""
ok "all good"
