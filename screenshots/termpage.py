#!/usr/bin/env python3
"""Helpers for make.sh: terminal capture -> HTML page for headless Chromium.

  termpage.py normalize < capture.ansi > normalized.ansi
      Rewrites the SGR sequences of `tmux capture-pane -e` so that `aha` renders them
      faithfully: palette indices 0-15 become the theme's RGB (aha has no bright
      backgrounds and its own palette), 256-colour indices become RGB, reverse video and dim
      are resolved into explicit colours (aha ignores dim and inverts to fixed colours).
      Every other escape sequence is dropped.

  termpage.py page COLS ROWS FONT_PX LINE_PX PAD CELL_PX < aha-fragment.html > page.html
      Wraps aha's HTML fragment into a full page with the terminal theme. Every non-ASCII
      glyph is put in a cell of fixed width (CELL_PX, twice that for wide glyphs) so a
      glyph from a fallback font cannot shift the columns after it.

  termpage.py measure FONT_PX LINE_PX CELL_PX > measure.html
      A page whose script writes the laid-out cell width and line height (in CSS px) and
      the font's own advance (in em) into the DOM; make.sh reads them back with
      `chromium --dump-dom` to check the layout and that the font really is DejaVu Sans Mono.
"""

import html
import re
import sys
import unicodedata

# Windows Terminal "Campbell": what the Windows Server admins this tool is for see over RDP.
PALETTE = [
    (0x0C, 0x0C, 0x0C), (0xC5, 0x0F, 0x1F), (0x13, 0xA1, 0x0E), (0xC1, 0x9C, 0x00),
    (0x00, 0x37, 0xDA), (0x88, 0x17, 0x98), (0x3A, 0x96, 0xDD), (0xCC, 0xCC, 0xCC),
    (0x76, 0x76, 0x76), (0xE7, 0x48, 0x56), (0x16, 0xC6, 0x0C), (0xF9, 0xF1, 0xA5),
    (0x3B, 0x78, 0xFF), (0xB4, 0x00, 0x9E), (0x61, 0xD6, 0xD6), (0xF2, 0xF2, 0xF2),
]
DEFAULT_FG = (0xCC, 0xCC, 0xCC)
DEFAULT_BG = (0x0C, 0x0C, 0x0C)
FONT_STACK = '"DejaVu Sans Mono", monospace'

ESCAPE = re.compile(r"\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def indexed(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return (levels[n // 36], levels[n // 6 % 6], levels[n % 6])
    grey = 8 + 10 * (n - 232)
    return (grey, grey, grey)


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = False
        self.reverse = self.hidden = self.strike = False

    def extended_colour(self, params, i):
        """Parses `38;5;n` / `38;2;r;g;b` starting at params[i] (the 5 or 2)."""
        if i < len(params) and params[i] == 5 and i + 1 < len(params):
            return indexed(params[i + 1] & 0xFF), i + 2
        if i < len(params) and params[i] == 2 and i + 3 < len(params):
            r, g, b = (min(v, 255) for v in params[i + 1:i + 4])
            return (r, g, b), i + 4
        return None, len(params)

    def apply(self, raw):
        groups = raw.split(";") if raw else ["0"]
        params = []
        for group in groups:
            if ":" in group:
                sub = [int(x) if x else 0 for x in group.split(":")]
                if sub[0] == 4:
                    self.underline = len(sub) < 2 or sub[1] != 0
                    continue
                if sub[0] in (38, 48) and len(sub) >= 2 and sub[1] == 2 and len(sub) >= 6:
                    sub = [sub[0], 2] + sub[-3:]
                params.extend(sub)
            else:
                params.append(int(group) if group else 0)
        i = 0
        while i < len(params):
            p = params[i]
            i += 1
            if p == 0:
                self.reset()
            elif p == 1:
                self.bold = True
            elif p == 2:
                self.dim = True
            elif p == 3:
                self.italic = True
            elif p in (4, 21):
                self.underline = True
            elif p == 7:
                self.reverse = True
            elif p == 8:
                self.hidden = True
            elif p == 9:
                self.strike = True
            elif p == 22:
                self.bold = self.dim = False
            elif p == 23:
                self.italic = False
            elif p == 24:
                self.underline = False
            elif p == 27:
                self.reverse = False
            elif p == 28:
                self.hidden = False
            elif p == 29:
                self.strike = False
            elif 30 <= p <= 37:
                self.fg = PALETTE[p - 30]
            elif 90 <= p <= 97:
                self.fg = PALETTE[p - 90 + 8]
            elif 40 <= p <= 47:
                self.bg = PALETTE[p - 40]
            elif 100 <= p <= 107:
                self.bg = PALETTE[p - 100 + 8]
            elif p == 39:
                self.fg = None
            elif p == 49:
                self.bg = None
            elif p in (38, 48):
                colour, i = self.extended_colour(params, i)
                if colour is not None:
                    if p == 38:
                        self.fg = colour
                    else:
                        self.bg = colour

    def sgr(self):
        fg, bg = self.fg, self.bg
        if self.reverse:
            fg, bg = (bg or DEFAULT_BG), (fg or DEFAULT_FG)
        if self.dim:
            base = fg or DEFAULT_FG
            under = bg or DEFAULT_BG
            fg = tuple((a + b) // 2 for a, b in zip(base, under))
        if self.hidden:
            fg = bg or DEFAULT_BG
        codes = ["0"]
        if self.bold:
            codes.append("1")
        if self.italic:
            codes.append("3")
        if self.underline:
            codes.append("4")
        elif self.strike:
            codes.append("9")
        if fg is not None and fg != DEFAULT_FG:
            codes.append("38;2;%d;%d;%d" % fg)
        if bg is not None and bg != DEFAULT_BG:
            codes.append("48;2;%d;%d;%d" % bg)
        return "\x1b[" + ";".join(codes) + "m"


def normalize(text):
    out = []
    pen = Pen()
    last = "\x1b[0m"
    for line in text.split("\n"):
        pos = 0
        for m in ESCAPE.finditer(line):
            out.append(line[pos:m.start()])
            pos = m.end()
            if m.group(2) == "m" and "?" not in (m.group(1) or ""):
                pen.apply(m.group(1))
                state = pen.sgr()
                if state != last:
                    out.append(state)
                    last = state
        out.append(line[pos:])
        out.append("\n")
    out.pop()
    out.append("\x1b[0m")
    return "".join(out)


def zero_width(ch):
    return unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F


def wrap_glyphs(fragment):
    """Puts every non-ASCII glyph (with its combining marks) into a fixed-width cell."""
    out = []
    for piece in re.split(r"(<[^>]*>)", fragment):
        if piece.startswith("<"):
            out.append(piece)
            continue
        chars = list(piece)
        i = 0
        while i < len(chars):
            ch = chars[i]
            if ord(ch) < 0x80:
                out.append(ch)
                i += 1
                continue
            glyph = ch
            i += 1
            while i < len(chars) and zero_width(chars[i]):
                glyph += chars[i]
                i += 1
            wide = unicodedata.east_asian_width(ch) in ("W", "F")
            out.append('<span class="%s">%s</span>' % ("w2" if wide else "w1", glyph))
    return "".join(out)


def css(font_px, line_px, pad, cell_px):
    fg = "#%02x%02x%02x" % DEFAULT_FG
    bg = "#%02x%02x%02x" % DEFAULT_BG
    return f"""
html, body {{ margin: 0; padding: 0; background: {bg}; overflow: hidden; }}
pre {{
  margin: 0; padding: {pad}px; color: {fg}; background: {bg};
  font-family: {FONT_STACK}; font-size: {font_px}px; line-height: {line_px}px;
  white-space: pre; font-kerning: none; font-variant-ligatures: none;
  letter-spacing: calc({cell_px}px - 1ch);
  -webkit-font-smoothing: antialiased; text-rendering: optimizeSpeed;
}}
.w1, .w2 {{ display: inline-block; text-align: left; }}
.w1 {{ width: {cell_px}px; }}
.w2 {{ width: {2 * cell_px}px; }}
"""


def page(fragment, cols, rows, font_px, line_px, pad, cell_px):
    lines = fragment.rstrip("\n").split("\n")[:rows]
    body = wrap_glyphs("\n".join(lines))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>hcwlens {cols}x{rows}</title>
<style>{css(font_px, line_px, pad, cell_px)}</style></head>
<body><pre>{body}</pre></body></html>
"""


def measure(font_px, line_px, cell_px):
    sample = "M─│┌┐└┘├┤█▒" * 10
    lines = "\n".join([html.escape(sample)] * 10)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>{css(font_px, line_px, 0, cell_px)}
span {{ display: inline; }}</style></head>
<body><pre id="p"><span id="s">{"0" * 100}</span>
{lines}</pre><pre><span id="a" style="letter-spacing: 0">{"0" * 100}</span></pre>
<script>
const w = document.getElementById("s").getBoundingClientRect().width / 100;
const h = document.getElementById("p").getBoundingClientRect().height / 11;
const em = document.getElementById("a").getBoundingClientRect().width / 100 / {font_px};
document.body.setAttribute("data-cell", w.toFixed(4) + " " + h.toFixed(4) + " " + em.toFixed(4));
</script></body></html>
"""


def main(argv):
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8")
    if len(argv) >= 2 and argv[1] == "normalize":
        sys.stdout.write(normalize(sys.stdin.read()))
    elif len(argv) == 8 and argv[1] == "page":
        cols, rows, font_px, line_px, pad = (int(a) for a in argv[2:7])
        sys.stdout.write(page(sys.stdin.read(), cols, rows, font_px, line_px, pad,
                              float(argv[7])))
    elif len(argv) == 5 and argv[1] == "measure":
        sys.stdout.write(measure(int(argv[2]), int(argv[3]), float(argv[4])))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
