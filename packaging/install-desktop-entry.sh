#!/bin/sh
# Install (or with --uninstall remove) Marginalia's desktop entry for the current user on Linux:
# the .desktop file (also the handler of marginalia:// links), the hicolor icons and the AppStream
# metainfo, under $XDG_DATA_HOME (default ~/.local/share), and makes it the default handler of
# marginalia:// links (xdg-mime, in $XDG_CONFIG_HOME/mimeapps.list). No root needed.
#
#   install-desktop-entry.sh [--exec PATH] [--uninstall] [--quiet]
#
# The entry starts, in this order of preference: --exec PATH; the `marginalia` beside this script
# (the script is copied into the PyInstaller folder dist/Marginalia/); dist/Marginalia/marginalia
# of the source tree this script sits in; the `marginalia` on PATH (e.g. a pip-installed wheel).
# Files come from share/ beside this script (the built folder) or from resources/ of the source tree.
set -eu

APP_ID=io.github.marginalia.Marginalia
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
EXEC=""
MODE=install
QUIET=""

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0"; }
say() { [ -n "$QUIET" ] || echo "$@"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --exec) [ $# -ge 2 ] || { echo "install-desktop-entry: --exec needs a path" >&2; exit 2; }
            EXEC=$2; shift ;;
    --exec=*) EXEC=${1#--exec=} ;;
    --uninstall) MODE=uninstall ;;
    --quiet|-q) QUIET=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-desktop-entry: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"
METAINFO="$DATA_HOME/metainfo"

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$APPS" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$ICONS" || true
  fi
}

if [ "$MODE" = uninstall ]; then
  rm -f "$APPS/$APP_ID.desktop" "$METAINFO/$APP_ID.metainfo.xml"
  mimeapps="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"
  if [ -f "$mimeapps" ]; then
    sed -i "\\|^x-scheme-handler/marginalia=$APP_ID\\.desktop;\\{0,1\\}\$|d" "$mimeapps"
  fi
  find "$ICONS" -path "*/apps/$APP_ID.*" -type f -exec rm -f {} + 2>/dev/null || true
  [ -d "$APPS" ] && refresh
  say "Marginalia's desktop entry, icons and metainfo were removed from $DATA_HOME"
  exit 0
fi

# Where the files come from.
if [ -f "$HERE/share/applications/$APP_ID.desktop" ]; then
  DESKTOP_SRC="$HERE/share/applications/$APP_ID.desktop"
  METAINFO_SRC="$HERE/share/metainfo/$APP_ID.metainfo.xml"
  ICON_SRC="$HERE/share/icons/hicolor"
  LAYOUT=hicolor
elif [ -f "$HERE/../resources/desktop/$APP_ID.desktop" ]; then
  DESKTOP_SRC="$HERE/../resources/desktop/$APP_ID.desktop"
  METAINFO_SRC="$HERE/../resources/desktop/$APP_ID.metainfo.xml"
  ICON_SRC="$HERE/../resources/icons"
  LAYOUT=flat
else
  echo "install-desktop-entry: cannot find the desktop entry beside $HERE" >&2
  exit 1
fi

# What the entry starts.
if [ -z "$EXEC" ]; then
  if [ -x "$HERE/marginalia" ] && [ ! -d "$HERE/marginalia" ]; then EXEC="$HERE/marginalia"
  elif [ -x "$HERE/../dist/Marginalia/marginalia" ]; then EXEC=$(cd "$HERE/../dist/Marginalia" && pwd)/marginalia
  elif command -v marginalia >/dev/null 2>&1; then EXEC=$(command -v marginalia)
  else
    echo "install-desktop-entry: no marginalia to start: build it (make package), pip install the wheel, or pass --exec PATH" >&2
    exit 1
  fi
fi
case "$EXEC" in /*) ;; *) EXEC="$(cd "$(dirname "$EXEC")" && pwd)/$(basename "$EXEC")" ;; esac
[ -x "$EXEC" ] || { echo "install-desktop-entry: not an executable: $EXEC" >&2; exit 1; }

# The Exec key: quoted as the Desktop Entry spec asks when the path holds a reserved character.
case "$EXEC" in
  *[!A-Za-z0-9/._+-]*)
    quoted=$(printf '%s' "$EXEC" | sed -e 's/\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/`/\\\\`/g' -e 's/\$/\\\\$/g' -e 's/%/%%/g')
    EXEC_KEY="\"$quoted\"" ;;
  *) EXEC_KEY=$EXEC ;;
esac

mkdir -p "$APPS" "$METAINFO"
tmp="$APPS/.$APP_ID.desktop.tmp"
# ENVIRON, not awk -v: -v would undo the backslash escapes of the key.
EXEC_KEY=$EXEC_KEY awk '
  /^Exec=marginalia( |$)/ { print "Exec=" ENVIRON["EXEC_KEY"] substr($0, length("Exec=marginalia") + 1); next }
  /^TryExec=/ { next }
  { print }
' "$DESKTOP_SRC" >"$tmp"
mv "$tmp" "$APPS/$APP_ID.desktop"
cp "$METAINFO_SRC" "$METAINFO/$APP_ID.metainfo.xml"

if [ "$LAYOUT" = hicolor ]; then
  (cd "$ICON_SRC" && find . -type f -path "*/apps/$APP_ID.*") | while read -r rel; do
    mkdir -p "$ICONS/$(dirname "$rel")"
    cp "$ICON_SRC/$rel" "$ICONS/$rel"
  done
else
  for png in "$ICON_SRC/$APP_ID"-*.png; do
    size=${png##*-}; size=${size%.png}
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$png" "$ICONS/${size}x${size}/apps/$APP_ID.png"
  done
  mkdir -p "$ICONS/scalable/apps"
  cp "$ICON_SRC/$APP_ID.svg" "$ICONS/scalable/apps/$APP_ID.svg"
fi

refresh
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default "$APP_ID.desktop" x-scheme-handler/marginalia 2>/dev/null || true
fi
say "Installed $APPS/$APP_ID.desktop (starts $EXEC; opens marginalia:// links), icons and metainfo"
