//! The column maps in effect while a W3C file is read, moved on by its directives: every
//! `#Fields:` binds a new [`ColumnMap`], `#Date:` sets the clock of lines without a `date`.

use super::{ABSENT, ColumnMap, Text};
use crate::source::SourceKind;

/// The column maps in effect at a point of a file: the bound map, the legacy map tried until the
/// first `#Fields` line, and the clock of files whose `#Fields` has no `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::parse::w3c) struct Maps {
    pub map: ColumnMap,
    pub legacy: Option<ColumnMap>,
    /// The map comes from a `#Fields` line (not the default of a file without header).
    pub declared: bool,
    /// The day of the last `#Date:` directive, rolled over by the data lines.
    pub clock: DirClock,
    /// How a block that is not UTF-8 is decoded: as Windows-1252, not said, in an ANSI
    /// `ex*.log` (line by line in one read as UTF-8).
    pub decoding: crate::read::LineDecoding,
    /// The log kind (which field lists are worth a word).
    pub kind: SourceKind,
}

/// The date of lines without a `date` value: the last `#Date:` directive's day, moved to the
/// next day each time the time of day goes back by more than half a day (midnight passed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(in crate::parse::w3c) struct DirClock {
    day: Option<i64>,
    last_ms: i64,
}

/// A step back in the time of day larger than this is a new day, not lines written out of order.
const ROLLOVER_MS: i64 = 12 * 3_600_000;

impl DirClock {
    /// The day of a data line logged at `ms` into its day; `None` before any `#Date:`.
    pub fn observe(&mut self, ms: i64) -> Option<i64> {
        let day = self.day.as_mut()?;
        if ms + ROLLOVER_MS < self.last_ms {
            *day += 1;
        }
        self.last_ms = ms;
        Some(*day)
    }

    /// True once a `#Date:` directive was read.
    pub fn is_set(&self) -> bool {
        self.day.is_some()
    }
}

/// How many data lines of a file without header are tried for its fields.
const HEADERLESS_TRIES: usize = 8;

impl Maps {
    /// The maps at the start of a file.
    pub fn new(kind: SourceKind) -> Self {
        Maps {
            map: ColumnMap::default_for(kind),
            legacy: ColumnMap::legacy_for(kind),
            declared: false,
            clock: DirClock::default(),
            decoding: crate::read::LineDecoding::Utf8,
            kind,
        }
    }

    /// For data before any `#Fields:` line whose first line does not fit the default list:
    /// binds the list worked out from the values of the first line that tells it (of the first
    /// few) ([`crate::parse::w3c::fields_of`]). Returns the line
    /// (counted from the start of `data`), the names and the line's text, to say so.
    pub fn headerless(&mut self, data: &[u8]) -> Option<(u64, String, String)> {
        if self.declared {
            return None;
        }
        let mut tried = 0;
        for (n, line) in (1u64..).zip(data.split(|&b| b == b'\n')) {
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            if line.first() == Some(&b'#') {
                let fields = line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"#Fields:");
                if fields {
                    return None;
                }
                continue;
            }
            let text = String::from_utf8_lossy(line);
            if text.split_ascii_whitespace().count() == self.map.len {
                return None;
            }
            // A line neither fits nor tells its fields (a file cut out of a larger one starts
            // in the middle of a line): the next whole line may.
            tried += 1;
            let Some(names) = super::super::infer::fields_of(&text) else {
                if tried >= HEADERLESS_TRIES {
                    return None;
                }
                continue;
            };
            self.map = ColumnMap::from_names(&names).zones_of(self.kind);
            self.legacy = None;
            return Some((n, names, text.into_owned()));
        }
        None
    }

    /// True when data lines take their date from `#Date:` (the map has a `time` but no `date`).
    pub fn dateless(&self) -> bool {
        self.map.date == ABSENT && self.map.time != ABSENT
    }

    /// Applies a directive line (starting with `#`): `#Fields:` rebinds the map, `#Date:` sets
    /// the clock of lines without `date`; others change nothing. True when a `#Fields:` line
    /// bound another list than the one in force.
    pub fn directive(&mut self, line: &[u8]) -> bool {
        const FIELDS: &[u8] = b"#Fields:";
        const DATE: &[u8] = b"#Date:";
        let named =
            |name: &[u8]| line.len() >= name.len() && line[..name.len()].eq_ignore_ascii_case(name);
        if named(FIELDS) {
            let names = String::from_utf8_lossy(&line[FIELDS.len()..]);
            let map = ColumnMap::from_names(&names).zones_of(self.kind);
            let changed = map != self.map;
            self.map = map;
            self.legacy = None;
            self.declared = true;
            return changed;
        } else if named(DATE) {
            let value = line[DATE.len()..].trim_ascii();
            let day = value.get(..10).and_then(super::super::value::parse_date);
            let ms = value
                .get(10..)
                .map(<[u8]>::trim_ascii)
                .and_then(super::super::value::parse_time)
                .unwrap_or(0);
            if let Some(day) = day {
                self.clock = DirClock {
                    day: Some(day),
                    last_ms: ms,
                };
            }
        }
        false
    }

    /// What a field list keeps from being read as logged: the UTC instant of lines logged in
    /// the server's local time (`date-local`, `time-local`), and, where an IIS list logs
    /// `sc-status` without `sc-substatus` or `sc-win32-status`, the NTLM legs of its 401s, or
    /// without `c-ip`, the client its handshakes are tied to.
    pub fn codes_note(&self) -> Option<&'static str> {
        let m = &self.map;
        if m.local_clock {
            return Some(
                "read, but #Fields logs date-local and time-local (the server's local time, not \
                 UTC): the lines that follow are read as UTC unless the server's zone is given \
                 with --tz (--tz iis=+05:30)",
            );
        }
        // An FTP site's log (IIS writes those too) has neither query nor user agent.
        let web =
            m.text[Text::UriQuery as usize] != ABSENT || m.text[Text::UserAgent as usize] != ABSENT;
        if self.kind != SourceKind::Iis || m.status == ABSENT || !web {
            return None;
        }
        if m.substatus == ABSENT {
            return Some(
                "read, but #Fields has no sc-substatus: a 401 cannot be read as an NTLM leg, so \
                 no handshake is read from the lines that follow (log the Substatus and Win32 \
                 Status fields)",
            );
        }
        if m.win32 == ABSENT {
            return Some(
                "read, but #Fields has no sc-win32-status: a 401.1 is read as the NTLM challenge \
                 when it follows an anonymous leg of its client and uri, else as a failure of \
                 unknown code (log the Win32 Status field to tell them apart by their codes)",
            );
        }
        (m.text[Text::ClientIp as usize] == ABSENT).then_some(
            "read, but #Fields has no c-ip: every client's requests look alike, so a \
             handshake's legs are tied by uri, user agent and time alone and no client is \
             named (log the Client IP Address field)",
        )
    }
}
