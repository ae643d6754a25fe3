#!/usr/bin/env bash
# Regenerates the README screenshots from real runs of hcwlens:
#   tmux (fixed size, TERM, TZ, empty HOME) → send keys → wait for text → capture-pane -e
#   → termpage.py normalize → aha → termpage.py page → headless Chromium → PNG.
#
# Usage: screenshots/make.sh [BINARY] [SHOT...]
#   BINARY  hcwlens binary (default target/release/hcwlens)
#   SHOT    names of the shots to remake (default: all), e.g. 02-handshake
# Environment: SHOTS_SCALE (device pixels per CSS px, default 1), SHOTS_TIMEOUT (seconds to
# wait for a text, default 20), SHOTS_KEEP=1 (keep the work folder), CHROMIUM (browser path).
#
# A shot is `shot NAME COLS ROWS WAIT_TEXT KEYS…`. WAIT_TEXT is a fixed string, or `re:` and
# an extended regex, looked for anywhere on the screen. KEYS are sent in order, each one:
#   tmux key name      ] F Enter Escape Tab BTab C-c F1 …  (send-keys)
#   text:STRING        the characters of STRING, literally
#   wait:TEXT          wait until TEXT (as WAIT_TEXT) is on screen
#   repeat:KEY         press KEY until WAIT_TEXT is on screen (at most REPEAT_MAX presses,
#                      each must change the screen)
set -euo pipefail

# ---- what the shots show (adjust here when the app's keys or texts change) ---------------
APP_ARGS=(demo)
READY_TEXT='Test-MigrationServerAvailability'   # first screen is up: keys may be sent
NARROW_READY_TEXT='re:Test-Migration'           # same at 80 columns, where it may be cut
HANDSHAKE_KEY=']'
HANDSHAKE_TEXT='SEC_E_BAD_BINDINGS'
FINDINGS_KEYS=(F)
FINDINGS_TEXT='re:ep-hybrid-agent|Extended Protection'
read -r -a FILTER_KEYS <<<"${SHOTS_FILTER_KEYS:-Tab i text:10.0.5.20 Enter}"
FILTER_TEXT=${SHOTS_FILTER_TEXT:-'re:[0-9]+ of [0-9]+'}

# ---- rendering ----------------------------------------------------------------------------
FONT_PX=15        # DejaVu Sans Mono: advance 0.602 em (9.03 px), glyphs 1.164 em (17.5 px) tall
CELL_PX=9         # whole pixels (letter-spacing trims the advance): vertical lines stay sharp
LINE_PX=17        # under the glyph height, so box-drawing lines overlap and join
FONT_CHECKED=0
PAD_PX=12
SCALE=${SHOTS_SCALE:-1}
TIMEOUT=${SHOTS_TIMEOUT:-20}
POLL=0.1
STABLE_POLLS=3    # identical captures in a row before a screen counts as drawn
REPEAT_MAX=40

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${1:-target/release/hcwlens}
shift || true
ONLY=("$@")

die() { printf 'make.sh: %s\n' "$*" >&2; exit 1; }

[[ -x $BIN ]] || die "no executable at '$BIN' (build it: cargo build --release --locked)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser ||
  command -v google-chrome || true)}
missing=()
for tool in tmux aha python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ -n $CHROMIUM ]] || missing+=(chromium)
((${#missing[@]} == 0)) || die "missing: ${missing[*]} (Debian/Ubuntu: apt-get install -y tmux aha chromium fonts-dejavu-core python3)"
if command -v fc-list >/dev/null && ! fc-list | grep -q 'DejaVu Sans Mono'; then
  die "font DejaVu Sans Mono not installed (apt-get install -y fonts-dejavu-core)"
fi

export LC_ALL=C.UTF-8
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hcwlens-shots.XXXXXX")
SOCK="hcwlens-shots-$$"
mkdir -p "$WORK/home/.config" "$WORK/home/.local/share" "$WORK/home/.cache"

# The program runs under `sh` that outputs this when it ends and then keeps the pane open:
# a pane whose process has died can lose the program's last output (its error message).
EXITED='[make.sh: the program exited with status'
tmx() { tmux -f /dev/null -L "$SOCK" "$@"; }
SOCK_PATH=""
cleanup() {
  tmx kill-server 2>/dev/null || true
  [[ -z $SOCK_PATH ]] || rm -f "$SOCK_PATH"
  if [[ ${SHOTS_KEEP:-0} == 1 ]]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
screen() { tmx capture-pane -p -t shot; }
screen_ansi() { tmx capture-pane -e -p -N -t shot; }

on_screen() { # TEXT SCREEN
  if [[ $1 == re:* ]]; then grep -Eq -- "${1#re:}" <<<"$2"; else grep -Fq -- "$1" <<<"$2"; fi
}

fail_with_screen() {
  printf 'make.sh: %s\n--- last screen ---\n' "$1" >&2
  screen >&2 || true
  exit 1
}

# Waits until TEXT is on screen (and, if BEFORE is given, the screen differs from BEFORE),
# then until the screen stops changing: a frame can be caught half-written.
wait_for() { # TEXT [BEFORE]
  local text=$1 before=${2-} deadline=$(($(now_ms) + TIMEOUT * 1000)) cur
  while :; do
    cur=$(screen) || fail_with_screen "tmux session is gone"
    [[ $cur != *"$EXITED"* ]] || fail_with_screen "the program exited"
    if on_screen "$text" "$cur" && [[ -z $before || $cur != "$before" ]]; then break; fi
    (($(now_ms) < deadline)) || fail_with_screen "timed out after ${TIMEOUT}s waiting for '$text'"
    sleep "$POLL"
  done
  settle "$deadline"
}

settle() { # DEADLINE
  local same=0 prev="" cur
  while ((same < STABLE_POLLS)); do
    cur=$(screen_ansi)
    if [[ $cur == "$prev" ]]; then same=$((same + 1)); else same=1; prev=$cur; fi
    (($(now_ms) < $1)) || fail_with_screen "screen never stopped changing"
    ((same < STABLE_POLLS)) && sleep "$POLL"
  done
  return 0
}

press_until() { # KEY TEXT
  local key=$1 text=$2 n before
  for ((n = 1; n <= REPEAT_MAX; n++)); do
    before=$(screen)
    tmx send-keys -t shot -- "$key"
    local deadline=$(($(now_ms) + TIMEOUT * 1000)) cur
    while cur=$(screen) && [[ $cur == "$before" ]]; do
      (($(now_ms) < deadline)) || fail_with_screen "pressing '$key' (press $n) changed nothing; '$text' never appeared"
      sleep "$POLL"
    done
    settle "$deadline"
    cur=$(screen)
    [[ $cur != *"$EXITED"* ]] || fail_with_screen "the program exited"
    on_screen "$text" "$cur" && return 0
  done
  fail_with_screen "'$text' not on screen after $REPEAT_MAX presses of '$key'"
}

# Lays out a sample in chromium and checks the cell is CELL_PX wide and LINE_PX tall.
check_font() {
  python3 "$HERE/termpage.py" measure "$FONT_PX" "$LINE_PX" "$CELL_PX" >"$WORK/measure.html"
  local dom cell
  dom=$("$CHROMIUM" "${CHROMIUM_FLAGS[@]}" --dump-dom "file://$WORK/measure.html" 2>>"$WORK/chromium.log") ||
    die "chromium failed (log: $WORK/chromium.log; SHOTS_KEEP=1 keeps it)"
  cell=$(sed -n 's/.*data-cell="\([0-9.]* [0-9.]*\) \([0-9.]*\)".*/\1 \2/p' <<<"$dom")
  [[ ${cell% *} == "$CELL_PX.0000 $LINE_PX.0000" ]] ||
    die "font cell laid out as '${cell% *}' (width height), wanted ${CELL_PX}x${LINE_PX}px"
  # DejaVu Sans Mono advances 1233/2048 = 0.6021 em; most other monospace fonts 0.6000 em.
  [[ ${cell##* } == 0.602[0-2] ]] ||
    die "chromium does not use DejaVu Sans Mono (advance ${cell##* } em, wanted 0.6021)"
  FONT_CHECKED=1
}

CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --disable-dev-shm-usage --user-data-dir="$WORK/chromium-profile")

png_size() { python3 -c '
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
print("%dx%d" % struct.unpack(">II", head[16:24]))' "$1"; }

render() { # NAME COLS ROWS  (screen.ansi in $WORK/NAME)
  local name=$1 cols=$2 rows=$3 dir=$WORK/$1
  ((FONT_CHECKED)) || check_font
  python3 "$HERE/termpage.py" normalize <"$dir/screen.ansi" | aha --no-header >"$dir/fragment.html"
  python3 "$HERE/termpage.py" page "$cols" "$rows" "$FONT_PX" "$LINE_PX" "$PAD_PX" "$CELL_PX" \
    <"$dir/fragment.html" >"$dir/screen.html"
  local width=$((2 * PAD_PX + cols * CELL_PX)) height=$((2 * PAD_PX + rows * LINE_PX))
  "$CHROMIUM" "${CHROMIUM_FLAGS[@]}" --window-size="$width,$height" \
    --force-device-scale-factor="$SCALE" --screenshot="$dir/shot.png" \
    "file://$dir/screen.html" >>"$WORK/chromium.log" 2>&1 ||
    die "chromium failed (log: $WORK/chromium.log; SHOTS_KEEP=1 keeps it)"
  local want got
  want=$(python3 -c 'import sys; s=float(sys.argv[3]); print("%dx%d" % (round(int(sys.argv[1])*s), round(int(sys.argv[2])*s)))' \
    "$width" "$height" "$SCALE")
  got=$(png_size "$dir/shot.png")
  [[ $got == "$want" ]] || die "$name: chromium made a ${got} PNG, expected ${want}"
  mv "$dir/shot.png" "$HERE/$name.png"
  echo "$HERE/$name.png  ${cols}x${rows}  ${got}px"
}

wanted() {
  ((${#ONLY[@]} == 0)) && return 0
  local n
  for n in "${ONLY[@]}"; do [[ $n == "$1" || $n == "$1.png" ]] && return 0; done
  return 1
}

shot() { # NAME COLS ROWS WAIT_TEXT KEYS…
  local name=$1 cols=$2 rows=$3 text=$4
  shift 4
  wanted "$name" || return 0
  mkdir -p "$WORK/$name"
  tmx start-server \; set-option -g status off \; \
    new-session -d -s shot -x "$cols" -y "$rows" -- \
    env -i HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" \
    XDG_DATA_HOME="$WORK/home/.local/share" XDG_CACHE_HOME="$WORK/home/.cache" \
    PATH="$PATH" TERM=xterm-256color TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 RUST_BACKTRACE=1 \
    sh -c '"$@"; echo "'"$EXITED"' $?]"; exec sleep 3600' sh "$BIN" "${APP_ARGS[@]}"
  SOCK_PATH=$(tmx display-message -p '#{socket_path}')
  local size
  size=$(tmx display-message -p -t shot '#{pane_width}x#{pane_height}')
  [[ $size == "${cols}x${rows}" ]] || fail_with_screen "pane is $size, wanted ${cols}x${rows}"

  if (($# > 0)); then wait_for "$READY_TEXT"; fi
  local before
  before=$(screen)
  local key
  for key in "$@"; do
    case $key in
      text:*) tmx send-keys -t shot -l -- "${key#text:}" ;;
      wait:*) wait_for "${key#wait:}" ;;
      repeat:*) press_until "${key#repeat:}" "$text" ;;
      *) tmx send-keys -t shot -- "$key" ;;
    esac
  done
  if (($# > 0)); then wait_for "$text" "$before"; else wait_for "$text"; fi
  screen_ansi >"$WORK/$name/screen.ansi"
  tmx kill-server
  render "$name" "$cols" "$rows"
}

shot 01-failing-call 120 32 "$READY_TEXT"
shot 02-handshake 120 32 "$HANDSHAKE_TEXT" "repeat:$HANDSHAKE_KEY"
shot 03-findings 120 32 "$FINDINGS_TEXT" "${FINDINGS_KEYS[@]}"
shot 04-filter 120 32 "$FILTER_TEXT" "${FILTER_KEYS[@]}"
shot 05-80x24 80 24 "$NARROW_READY_TEXT"
shot 06-overview 120 32 "Clients by failures" O
shot 08-runs 120 32 "HCW runs - Enter" R
shot 09-finder 120 32 "find: ews" f text:ews
shot 10-call 120 32 "HCW call: START" Enter
