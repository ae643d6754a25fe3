//! One W3C data line, already split into fields by the block scan, to a compact record of spans
//! and numbers: no allocation, columns gathered by index from the column map.

use super::fields::{ABSENT, ColumnMap, N_TEXT, Text};
use super::scan::Edges;
use super::value::{DayCache, num, parse_time};
use crate::analyze::hint::{Hint, HintFields};

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
    /// What the sinks decide on before the record is built.
    pub hint: Hint,
}

/// Why a data line is not an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineError {
    /// The field count differs from the `#Fields` map.
    Fields { found: usize, expected: usize },
    /// `date`/`time` missing or not a valid instant.
    Time,
}

/// Fills `rec` from the `fields` fields of the line in `text` bounded by `edges`.
pub(super) fn parse_fields(
    text: &[u8],
    edges: &Edges,
    fields: usize,
    map: &ColumnMap,
    days: &mut DayCache,
    rec: &mut Rec,
) -> Result<(), LineError> {
    if fields != map.len {
        return Err(LineError::Fields {
            found: fields,
            expected: map.len,
        });
    }
    let bounds = |k: u16| {
        if k == ABSENT {
            None
        } else {
            edges.field(usize::from(k))
        }
    };
    rec.cols = [Span::default(); N_TEXT];
    for &(col, k) in &map.present {
        let (Some(&before), Some(&end)) = (
            edges.at.get(usize::from(k)),
            edges.at.get(usize::from(k) + 1),
        ) else {
            continue;
        };
        let start = before.wrapping_add(1);
        let dash = end == start.wrapping_add(1) && text.get(start as usize) == Some(&b'-');
        if let Some(slot) = rec.cols.get_mut(usize::from(col)) {
            *slot = Span {
                start,
                end: if dash { start } else { end },
            };
        }
    }
    let value = |k: u16| bounds(k).and_then(|(a, b)| text.get(a..b));
    rec.status = value(map.status)
        .and_then(num)
        .and_then(|v| u16::try_from(v).ok());
    rec.substatus = value(map.substatus)
        .and_then(num)
        .and_then(|v| u16::try_from(v).ok());
    rec.win32 = value(map.win32).and_then(num);
    rec.time_taken = value(map.time_taken).and_then(num);
    if let Some((a, b)) = bounds(map.uri) {
        split_uri(text.get(a..b).unwrap_or_default(), a, rec);
    }
    let date = value(map.date).ok_or(LineError::Time)?;
    let ms = value(map.time)
        .and_then(parse_time)
        .ok_or(LineError::Time)?;
    let day = days.day(date).ok_or(LineError::Time)?;
    rec.ts = day * 86_400_000 + ms;
    Ok(())
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

impl Rec {
    /// Works out [`Rec::hint`] from the parsed fields in `text`.
    pub fn set_hint(&mut self, text: &[u8]) {
        let col = |t: Text| {
            let s = self.cols[t as usize];
            text.get(s.start as usize..s.end as usize).unwrap_or(&[])
        };
        self.hint = Hint::new(&HintFields {
            status: self.status,
            substatus: self.substatus,
            win32: self.win32,
            username: col(Text::Username),
            client_ip: col(Text::ClientIp),
            forwarded_for: col(Text::ForwardedFor),
            uri_stem: col(Text::UriStem),
        });
    }
}
