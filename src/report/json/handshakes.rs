//! The `handshakes` array of the JSON report written straight into a byte buffer: the same bytes
//! serde_json's pretty printer writes for [`super::HandshakeOut`] (the contract), without a
//! `String` per field. A large log has tens of thousands of failed and abandoned handshakes, so
//! this is nearly all of the report's bytes.
//!
//! Values that need escaping (control characters, quotes, backslashes, non-ASCII text) and
//! the rare parts (a leg's front-end row, years outside 0–9999) go through serde_json as before;
//! the plain ones are copied. Source paths and leg descriptions are rendered once.

use super::{Shared, front_end_out};
use crate::analyze::handshake::{Handshake, HandshakeOutcome, Leg};
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::time::DAY_MS;
use crate::time::UtcMs;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;

/// Writes the failed and abandoned handshakes of `list` as the pretty-printed JSON array that
/// is the value of the report's top-level `handshakes` key (the `[` comes first; nothing after
/// the `]`).
pub(super) fn write(
    list: &[Handshake],
    shared: &Shared,
    analysis: &Analysis,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = Writer::new(shared, analysis);
    let mut first = true;
    w.buf.push(b'[');
    for h in list
        .iter()
        .filter(|h| h.outcome != HandshakeOutcome::Success)
    {
        w.buf
            .extend_from_slice(if first { b"\n    {" } else { b",\n    {" });
        first = false;
        w.handshake(h);
        w.buf.extend_from_slice(b"\n    }");
        if w.buf.len() >= FLUSH_AT {
            out.write_all(&w.buf)?;
            w.buf.clear();
        }
    }
    w.buf.extend_from_slice(if first { b"]" } else { b"\n  ]" });
    out.write_all(&w.buf)
}

/// Buffered bytes handed on at once.
const FLUSH_AT: usize = 1 << 16;

/// A leg's status codes, as one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Codes(u64);

impl Codes {
    fn of(l: &Leg) -> Self {
        Codes(u64::from(l.status) << 48 | u64::from(l.substatus) << 32 | u64::from(l.win32))
    }
}

impl Hash for Codes {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(crate::hash::finish(self.0));
    }
}

struct Writer<'a> {
    buf: Vec<u8>,
    shared: &'a Shared,
    analysis: &'a Analysis,
    /// Each source path as a JSON string.
    paths: Vec<Vec<u8>>,
    /// Each leg description of [`Shared::decoded`] as a JSON string.
    decoded: HashMap<Codes, Vec<u8>, crate::hash::SigBuild>,
    days: DayCache,
}

impl<'a> Writer<'a> {
    fn new(shared: &'a Shared, analysis: &'a Analysis) -> Self {
        let json = |s: &str| serde_json::to_vec(s).unwrap_or_else(|_| b"\"\"".to_vec());
        let decoded = shared
            .decoded
            .iter()
            .map(|(&(s, sub, w), text)| {
                (
                    Codes(u64::from(s) << 48 | u64::from(sub) << 32 | u64::from(w)),
                    json(text),
                )
            })
            .collect();
        Writer {
            buf: Vec::with_capacity(FLUSH_AT + 8192),
            shared,
            analysis,
            paths: shared.paths.iter().map(|p| json(p)).collect(),
            decoded,
            days: DayCache::default(),
        }
    }

    fn handshake(&mut self, h: &Handshake) {
        // Each machine by the one name the sources list gives it (`EX01`, not a row's
        // `ex01.contoso.com`).
        let a = self.analysis;
        self.buf.extend_from_slice(b"\n      \"server\": ");
        self.text(a.server_shown(&h.server));
        self.key(b"split");
        self.opt_text(h.split.as_deref().map(|s| a.server_shown(s)));
        self.key(b"client");
        self.text(&h.client);
        self.key(b"via");
        self.opt_text(h.via.as_deref());
        self.key(b"method");
        self.text(&h.method);
        self.key(b"uri");
        self.text(&h.uri);
        self.key(b"user_agent");
        self.text(&h.user_agent);
        self.key(b"start");
        self.time(h.start);
        self.key(b"legs");
        if h.legs.is_empty() {
            self.buf.extend_from_slice(b"[]");
        } else {
            self.buf.push(b'[');
            for (i, l) in h.legs.iter().enumerate() {
                self.buf.extend_from_slice(if i == 0 {
                    b"\n        {"
                } else {
                    b",\n        {"
                });
                self.leg(l);
                self.buf.extend_from_slice(b"\n        }");
            }
            self.buf.extend_from_slice(b"\n      ]");
        }
        self.key(b"outcome");
        self.serde(&h.outcome);
        self.key(b"auth");
        self.serde(&h.auth);
        self.key(b"confidence");
        self.serde(&h.confidence);
        self.key(b"grouping");
        self.text(&self.analysis.grouping_words(h));
        self.key(b"shared_users");
        self.number(u64::from(h.shared_users));
        self.key(b"failure_code");
        self.opt_number(h.failure_code.map(u64::from));
        self.key(b"failure_name");
        match h.failure_code.and_then(crate::codes::failure_name) {
            Some(name) => self.plain(name),
            None => self.buf.extend_from_slice(b"null"),
        }
        if h.failure_cut().is_some() {
            self.key(b"failure_code_cut");
            self.buf.extend_from_slice(b"true");
        }
        self.key(b"abandoned_at");
        match &h.abandoned_at {
            Some(at) => self.serde(at),
            None => self.buf.extend_from_slice(b"null"),
        }
        self.key(b"log_end");
        let end = h.log_end(&self.analysis.sources).map(|e| e.words());
        self.opt_text(end.as_deref());
        self.key(b"cmdlet");
        self.opt_number(h.cmdlet.map(|c| u64::from(c.get())));
    }

    fn leg(&mut self, l: &Leg) {
        self.buf.extend_from_slice(b"\n          \"source\": ");
        match self.paths.get(usize::from(l.source.0)) {
            Some(p) => self.buf.extend_from_slice(p),
            None => self.buf.extend_from_slice(b"\"\""),
        }
        self.leg_key(b"line");
        self.number(u64::from(l.line));
        self.leg_key(b"time");
        self.time(l.ts);
        self.leg_key(b"status");
        self.number(u64::from(l.status));
        self.leg_key(b"substatus");
        self.opt_number(l.substatus_code().map(u64::from));
        self.leg_key(b"win32");
        self.opt_number(l.win32_code().map(u64::from));
        if let Some(t) = l.win32_text() {
            self.leg_key(b"win32_text");
            self.text(t);
        }
        if l.unlogged.win32_cut() {
            self.leg_key(b"win32_cut");
            self.buf.extend_from_slice(b"true");
        }
        self.leg_key(b"user");
        if l.user.is_empty()
            && !crate::source::user_logged(&self.analysis.sources, l.source, u64::from(l.line))
        {
            self.buf.extend_from_slice(b"null");
        } else {
            self.text(&l.user);
        }
        self.leg_key(b"decoded");
        if l.win32_text().is_some() || l.unlogged.substatus() {
            self.text(&l.describe());
        } else {
            match self.decoded.get(&Codes::of(l)) {
                Some(d) => self.buf.extend_from_slice(d),
                None => self.buf.extend_from_slice(b"\"\""),
            }
        }
        if let Some(r) = self.analysis.proxy_of(l.source, u64::from(l.line)) {
            self.leg_key(b"front_end");
            let mut object = Vec::new();
            let _ = serde_json::to_writer_pretty(&mut object, &front_end_out(self.shared, r));
            // Nested five levels deep: every line after the first moves right by ten spaces
            // (JSON strings hold no raw line feed, so each one is a line break).
            for &b in &object {
                self.buf.push(b);
                if b == b'\n' {
                    self.buf.extend_from_slice(&[b' '; 10]);
                }
            }
        }
    }

    /// A key of a handshake object (three levels deep) after an earlier value, then `: `.
    #[inline]
    fn key(&mut self, name: &[u8]) {
        self.buf.extend_from_slice(b",\n      \"");
        self.buf.extend_from_slice(name);
        self.buf.extend_from_slice(b"\": ");
    }

    /// A key of a leg object (five levels deep) after an earlier value, then `: `.
    #[inline]
    fn leg_key(&mut self, name: &[u8]) {
        self.buf.extend_from_slice(b",\n          \"");
        self.buf.extend_from_slice(name);
        self.buf.extend_from_slice(b"\": ");
    }

    /// A log value: escaped for the terminal ([`escape_control`]), then as a JSON string.
    fn text(&mut self, s: &str) {
        if plain(s) {
            self.quoted(s);
        } else {
            let _ = serde_json::to_writer(&mut self.buf, &*escape_control(s));
        }
    }

    /// A value of ours (never from a log) as a JSON string.
    fn plain(&mut self, s: &str) {
        if plain(s) {
            self.quoted(s);
        } else {
            let _ = serde_json::to_writer(&mut self.buf, s);
        }
    }

    fn opt_text(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.buf.extend_from_slice(b"null"),
        }
    }

    fn quoted(&mut self, s: &str) {
        self.buf.push(b'"');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b'"');
    }

    fn serde<T: Serialize>(&mut self, v: &T) {
        let _ = serde_json::to_writer(&mut self.buf, v);
    }

    fn number(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[at..]);
    }

    fn opt_number(&mut self, n: Option<u64>) {
        match n {
            Some(n) => self.number(n),
            None => self.buf.extend_from_slice(b"null"),
        }
    }

    /// An instant as [`UtcMs`] serialises it (`"2024-11-05T13:23:13.397Z"`).
    fn time(&mut self, t: UtcMs) {
        match self.days.prefix(t) {
            Some((prefix, ms)) => {
                let (h, m, s, milli) =
                    (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
                self.buf.push(b'"');
                self.buf.extend_from_slice(prefix);
                let two = |v: i64| [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8];
                self.buf.extend_from_slice(&two(h));
                self.buf.push(b':');
                self.buf.extend_from_slice(&two(m));
                self.buf.push(b':');
                self.buf.extend_from_slice(&two(s));
                self.buf.push(b'.');
                self.buf.extend_from_slice(&[
                    b'0' + (milli / 100) as u8,
                    b'0' + (milli / 10 % 10) as u8,
                    b'0' + (milli % 10) as u8,
                ]);
                self.buf.extend_from_slice(b"Z\"");
            }
            None => self.serde(&t),
        }
    }
}

/// True when `s` is written unchanged: printable ASCII without `"` or `\` (nothing that
/// [`escape_control`] or JSON would escape).
fn plain(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// The `YYYY-MM-DDT` of the last day written, as [`UtcMs::rfc3339`] writes it.
#[derive(Debug, Default)]
struct DayCache {
    day: Option<i64>,
    /// `None` when that day is not written in the usual shape (years outside 0–9999).
    prefix: Option<[u8; 11]>,
}

impl DayCache {
    /// The date part of `t` and the milliseconds into its day; `None` when `t` is not written
    /// as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    fn prefix(&mut self, t: UtcMs) -> Option<(&[u8; 11], i64)> {
        let day = t.0.div_euclid(DAY_MS);
        if self.day != Some(day) {
            self.day = Some(day);
            self.prefix = day.checked_mul(DAY_MS).and_then(|start| {
                let s = UtcMs(start).rfc3339();
                let b = s.as_bytes();
                (b.len() == 24 && b[10] == b'T' && s.ends_with("T00:00:00.000Z"))
                    .then(|| <[u8; 11]>::try_from(&b[..11]).ok())
                    .flatten()
            });
        }
        Some((self.prefix.as_ref()?, t.0.rem_euclid(DAY_MS)))
    }
}
