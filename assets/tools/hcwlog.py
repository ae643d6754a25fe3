"""Writes Hybrid Configuration Wizard text logs in the wizard's own layout.

Layout (see docs/log-formats.md section 1.3): `yyyy.MM.dd HH:mm:ss.fff`, a 7-character level
column, a 5-digit event id, a `[Key=Value, ...]` context, the message; continuation lines are
indented by 38 spaces and hard-wrapped mid-word where prefix + content reaches 1024 characters
(the prefix being the entry's first line up to its message). UTF-8, CRLF.
Durations use the process culture's decimal separator (`5428,0ms` on de-DE).
"""
import datetime as dt
import random

INDENT = " " * 38

# Short date/time patterns of the cultures used by the samples (for values inside tables and
# object dumps, which .NET formats with the current culture).
CULTURES = {
    "en-US": dict(dec=".", date=lambda t: f"{t.month}/{t.day}/{t.year} {t.strftime('%I').lstrip('0')}:{t:%M:%S} {t:%p}"),
    "en-GB": dict(dec=".", date=lambda t: f"{t:%d/%m/%Y %H:%M:%S}"),
    "de-DE": dict(dec=",", date=lambda t: f"{t:%d.%m.%Y %H:%M:%S}"),
    "fr-FR": dict(dec=",", date=lambda t: f"{t:%d/%m/%Y %H:%M:%S}"),
    "ja-JP": dict(dec=".", date=lambda t: f"{t:%Y/%m/%d} {t.hour}:{t:%M:%S}"),
}


def twelve_hour(t):
    h = t.hour % 12 or 12
    return f"{h}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"


class HcwLog:
    def __init__(self, start, culture, seed):
        self.t = start
        self.culture = culture
        self.c = CULTURES[culture]
        self.rng = random.Random(seed)
        self.lines = []
        self.marks = {}

    # ---- clock -------------------------------------------------------------------------------
    def adv(self, ms):
        self.t += dt.timedelta(milliseconds=ms)
        return self

    def step(self, lo=1, hi=4):
        return self.adv(self.rng.randint(lo, hi))

    def stamp(self, t=None):
        t = t or self.t
        return f"{t:%Y.%m.%d %H:%M:%S}.{t.microsecond // 1000:03d}"

    def dur(self, ms):
        """`Time=` value: one decimal, `ms` below 10 s, `s` from 10 s up."""
        if ms < 10_000:
            text = f"{ms:.1f}ms"
        else:
            text = f"{ms / 1000:.1f}s"
        return text.replace(".", self.c["dec"])

    def date(self, t):
        return self.c["date"](t)

    def num(self, x, digits=7):
        return f"{x:.{digits}f}".replace(".", self.c["dec"])

    # ---- entries -----------------------------------------------------------------------------
    def first_line(self, zone_name):
        self.lines.append(f"{self.stamp()}{' ' * 15}Current Time Zone: {zone_name} ({twelve_hour(self.t)})")

    def e(self, eid, ctx, msg="", body=(), level=""):
        """One entry at the current time. `ctx` is a list of (key, value) or a preformatted str."""
        if not isinstance(ctx, str):
            ctx = ", ".join(f"{k}={v}" for k, v in ctx)
        prefix = f"{self.stamp()} {level:<7} {eid:>5} [{ctx}] "
        self.lines.append(prefix + msg)
        # HCW wraps a long line when prefix + content reaches 1024 characters, so continuation
        # fragments are 1024 - len(prefix) long. (The draw keeps the seeded sequence as it was.)
        self.rng.randint(872, 924)
        width = 1024 - len(prefix)
        for b in body:
            self.lines.extend(wrap(b, width))
        return self

    def table(self, eid, ctx, title, rows, header=None, level=""):
        """A boxed key/value (or column) table as HCW draws them."""
        if header:
            cols = len(header)
            widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(cols)]
            fmt = lambda r: " | ".join(str(v).ljust(widths[i]) for i, v in enumerate(r))
            body_rows = [fmt(header), None] + [fmt(r) for r in rows]
        else:
            kw = max(len(k) for k, _ in rows)
            vw = max(len(str(v)) for _, v in rows)
            body_rows = [f"{k.ljust(kw)} | {str(v).ljust(vw)}" for k, v in rows]
        width = max(len(title), *(len(r) for r in body_rows if r))
        body = ["=" * width, title, "-" * width]
        body += ["-" * width if r is None else r for r in body_rows]
        body.append("=" * width)
        return self.e(eid, ctx, "", body, level)

    # ---- START/FINISH pairs ------------------------------------------------------------------
    def start(self, key, eid, ctx, msg="START "):
        self.marks[key] = self.t
        return self.e(eid, ctx, msg)

    def finish(self, key, eid, ctx, results=None, level="", body=(), tenths=True):
        ms = (self.t - self.marks.pop(key)).total_seconds() * 1000
        if tenths and ms >= 1:
            ms = ms - 1 + self.rng.randint(0, 9) / 10
        msg = f"FINISH Time={self.dur(ms)}"
        if results is not None:
            msg += f" Results={results}"
        return self.e(eid, ctx, msg, body, level)

    def cmdlet(self, session, name, dur_ms, results, args="", dump=(), thread=21, activity=None):
        """10276 START / 10277 FINISH of a PowerShell cmdlet, with its object dump."""
        ctx = [("Client", "UX")]
        if activity:
            ctx.append(("Activity", activity))
        ctx += [("Session", session), ("Cmdlet", name), ("Thread", thread)]
        self.e(10276, ctx, f"START {args}".rstrip(" ") + (" " if not args else ""))
        self.adv(dur_ms)
        if isinstance(dur_ms, int):
            dur_ms = dur_ms - 1 + self.rng.randint(0, 9) / 10
        fin = f"FINISH Time={self.dur(dur_ms)} Results={results}"
        if dump:
            self.e(10277, ctx, "", [fin, *dump])
        else:
            self.e(10277, ctx, fin)
        return self.step()

    def text(self):
        return "\r\n".join(self.lines) + "\r\n"


def wrap(text, width):
    """Continuation line(s): 38-space indent, hard-wrapped mid-word at `width` characters."""
    if text.startswith("   ") or len(text) <= width:
        return [INDENT + text]
    return [INDENT + text[i:i + width] for i in range(0, len(text), width)]


def dotnet_ticks(t_utc, extra=0):
    """.NET `DateTime.Ticks` (100 ns since 0001-01-01) of a naive UTC time."""
    d = t_utc - dt.datetime(1, 1, 1)
    return (d.days * 86_400 + d.seconds) * 10_000_000 + d.microseconds * 10 + extra
