//! One W3C data line, already split into values (by the block scan, or the full grammar of
//! [`super::tokens`]), to a compact record of spans and numbers: no allocation, columns gathered
//! by index from the column map. A number that does not fit keeps its text ([`Rec::bad`]).

use super::address::{mapped_at, zone_at};
use super::fields::{ABSENT, ColumnMap, N_TEXT, Text};
use super::tokens::Fields;
use super::value::{DayCache, number};

/// A byte range `start..end` of the batch text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }
}

/// A parsed data line; spans index the batch text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Rec {
    /// Line number within the block (1-based).
    pub line: u64,
    pub offset: u64,
    pub ts: i64,
    /// The line without line ending.
    pub text: Span,
    /// Text columns; empty when not logged or `-`.
    pub cols: [Span; N_TEXT],
    pub status: Option<u16>,
    pub substatus: Option<u16>,
    pub win32: Option<u32>,
    pub time_taken: Option<u32>,
    /// Bit `n` set: numeric field `n` ([`Num`]) holds text that is not a number that fits; its
    /// value is then `None` and its text is kept aside ([`Raw`]).
    pub bad: u8,
    /// Bit `n` set: numeric field `n` is the last value of the input's last line, which no line
    /// break ends, and could have gone on (`2148` of `2148074310`): also in [`Rec::bad`], its
    /// digits kept aside as logged, never read as the number.
    pub cut: u8,
    /// The line's `#Fields` list has no `cs-username`: an empty user is not `-`.
    pub no_user: bool,
}

/// Where the text of each numeric field of a line is, read only for the fields flagged in
/// [`Rec::bad`] (rare lines, so records stay small).
pub(super) type Raw = [Span; 4];

/// The numeric fields, as bit positions of [`Rec::bad`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Status = 0,
    Substatus,
    Win32,
    TimeTaken,
}

impl Num {
    pub const ALL: [Num; 4] = [Num::Status, Num::Substatus, Num::Win32, Num::TimeTaken];

    /// The field name as logged.
    pub fn name(self) -> &'static str {
        match self {
            Num::Status => "sc-status",
            Num::Substatus => "sc-substatus",
            Num::Win32 => "sc-win32-status",
            Num::TimeTaken => "time-taken",
        }
    }
}

/// Why a data line is not an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineError {
    /// The field count differs from the `#Fields` map.
    Fields { found: usize, expected: usize },
    /// `date`/`time` not a valid instant.
    Time,
    /// No `date` field and no `#Date:` directive before the line.
    NoDate,
}

/// Fills `rec` from the values of the line in `text` split by `fields` (at least `map.len`
/// of them; more are ignored). `dir_day` is the `#Date:` day, used when the map has no `date`.
/// The text of numbers that are not numbers goes to `raw`. `cut`: the line is the input's last,
/// no line break ends it and it has no value beyond `#Fields`, so its last value may be cut off.
#[allow(clippy::too_many_arguments)]
pub(super) fn parse_fields<F: Fields>(
    text: &[u8],
    fields: &F,
    map: &ColumnMap,
    days: &mut DayCache,
    dir_day: Option<i64>,
    rec: &mut Rec,
    raw: &mut Raw,
    cut: bool,
) -> Result<(), LineError> {
    let bounds = |k: u16| {
        if k == ABSENT {
            None
        } else {
            fields.field(usize::from(k))
        }
    };
    rec.cols = [Span::default(); N_TEXT];
    for &(col, k) in &map.present {
        let Some((start, end)) = fields.span(usize::from(k)) else {
            continue;
        };
        let dash = end == start.wrapping_add(1) && text.get(start as usize) == Some(&b'-');
        if let Some(slot) = rec.cols.get_mut(usize::from(col)) {
            *slot = Span {
                start,
                end: if dash { start } else { end },
            };
        }
    }
    // HTTP.sys writes IPv6 addresses with their zone id (`fe80::1%0`), IIS without: one
    // client, one address. Only in logs whose map says so (not IIS's).
    if map.zones {
        unzoned(text, &mut rec.cols[Text::ClientIp as usize]);
        unzoned(text, &mut rec.cols[Text::ServerIp as usize]);
    }
    // A site bound dual-stack logs IPv4 clients IPv4-mapped (`::ffff:203.0.113.7`): the same
    // client as `203.0.113.7`. One byte is looked at per line, the rest only for such a value.
    let ip = &mut rec.cols[Text::ClientIp as usize];
    if text.get(ip.start as usize) == Some(&b':')
        && ip.start < ip.end
        && let Some(at) = text
            .get(ip.start as usize..ip.end as usize)
            .and_then(mapped_at)
    {
        ip.start += at as u32;
    }
    rec.no_user = map.text[Text::Username as usize] == ABSENT;
    rec.bad = 0;
    let mut bad = 0;
    rec.status = num_field(text, bounds(map.status), Num::Status, &mut bad, raw);
    rec.substatus = num_field(text, bounds(map.substatus), Num::Substatus, &mut bad, raw);
    rec.win32 = num_field(text, bounds(map.win32), Num::Win32, &mut bad, raw);
    rec.time_taken = num_field(text, bounds(map.time_taken), Num::TimeTaken, &mut bad, raw);
    rec.bad = bad;
    rec.cut = 0;
    if cut {
        cut_last(
            text,
            map,
            bounds(map.len.saturating_sub(1) as u16),
            rec,
            raw,
        );
    }
    if let Some((a, b)) = bounds(map.uri) {
        split_uri(text.get(a..b).unwrap_or_default(), a, rec);
    }
    let value = |k: u16| bounds(k).and_then(|(a, b)| text.get(a..b));
    let ms = value(map.time)
        .and_then(|t| days.time(t))
        .ok_or(LineError::Time)?;
    let day = if map.date == ABSENT {
        dir_day.ok_or(LineError::NoDate)?
    } else {
        let date = value(map.date).ok_or(LineError::Time)?;
        days.day(date).ok_or(LineError::Time)?
    };
    rec.ts = day * 86_400_000 + ms;
    Ok(())
}

/// A numeric value at `at`; text that is not a number that fits is noted in `bad` and `raw`.
#[inline]
fn num_field<T: TryFrom<u32>>(
    text: &[u8],
    at: Option<(usize, usize)>,
    n: Num,
    bad: &mut u8,
    raw: &mut Raw,
) -> Option<T> {
    let value = at.and_then(|(a, b)| text.get(a..b));
    number(value).unwrap_or_else(|()| {
        // Cold: a code written as hex or signed is still the code.
        if let (Num::Win32, Some(v)) = (n, value.and_then(super::value::win32_other))
            && let Ok(v) = T::try_from(v)
        {
            return Some(v);
        }
        *bad |= 1 << n as u8;
        if let Some((a, b)) = at {
            raw[n as usize] = Span::new(a, b);
        }
        None
    })
}

/// The last value of a line the input ends in without a line break (`at`, the last field of
/// `map`): when it is a number that could have gone on, the writer may have stopped inside it
/// (`2148` of `2148074310`), so it is kept as logged and flagged ([`Rec::cut`]), never read as
/// the number. A number no digit could follow (`2148074310`: ten times it does not fit) is
/// whole; so is `-`, and text that is no number stays as it was.
#[cold]
#[inline(never)]
fn cut_last(
    text: &[u8],
    map: &ColumnMap,
    at: Option<(usize, usize)>,
    rec: &mut Rec,
    raw: &mut Raw,
) {
    let Some((a, b)) = at else { return };
    let last = map.len.saturating_sub(1);
    let of = |n: Num| match n {
        Num::Status => (map.status, rec.status.map(u32::from), u32::from(u16::MAX)),
        Num::Substatus => (
            map.substatus,
            rec.substatus.map(u32::from),
            u32::from(u16::MAX),
        ),
        Num::Win32 => (map.win32, rec.win32, u32::MAX),
        Num::TimeTaken => (map.time_taken, rec.time_taken, u32::MAX),
    };
    let Some(n) = Num::ALL
        .into_iter()
        .find(|&n| of(n).0 != ABSENT && usize::from(of(n).0) == last)
    else {
        return;
    };
    let (_, value, max) = of(n);
    let digits = text.get(a..b).unwrap_or_default();
    let Some(v) = value else { return };
    if v > max / 10 || !digits.iter().all(u8::is_ascii_digit) {
        return;
    }
    match n {
        Num::Status => rec.status = None,
        Num::Substatus => rec.substatus = None,
        Num::Win32 => rec.win32 = None,
        Num::TimeTaken => rec.time_taken = None,
    }
    rec.bad |= 1 << n as u8;
    rec.cut = 1 << n as u8;
    raw[n as usize] = Span::new(a, b);
}

/// HTTPERR `cs-uri` (at `at`): path and query split at `?`; an absolute URL gives its authority
/// as host.
fn split_uri(field: &[u8], at: usize, rec: &mut Rec) {
    if field == b"-" || field.is_empty() {
        return;
    }
    let q = memchr::memchr(b'?', field).unwrap_or(field.len());
    if q < field.len() {
        rec.cols[Text::UriQuery as usize] = Span::new(at + q + 1, at + field.len());
    }
    let mut path = 0;
    for scheme in [&b"http://"[..], b"https://"] {
        if field.len() >= scheme.len() && field[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let auth = scheme.len();
            let slash = memchr::memchr(b'/', &field[auth..q]).map_or(q, |p| auth + p);
            rec.cols[Text::Host as usize] = Span::new(at + auth, at + slash);
            path = slash;
        }
    }
    rec.cols[Text::UriStem as usize] = Span::new(at + path, at + q);
}

/// Shortens an address span to the address without its IPv6 zone id (`fe80::1%0` →
/// `fe80::1`); any other value as it is.
#[cold]
#[inline(never)]
fn unzoned(text: &[u8], span: &mut Span) {
    if let Some(at) = text
        .get(span.start as usize..span.end as usize)
        .and_then(zone_at)
    {
        span.end = span.start + at as u32;
    }
}
