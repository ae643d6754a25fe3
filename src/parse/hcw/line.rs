//! The grammar of one physical HCW line: an entry header, a malformed stamp, or plain text.
//!
//! The written layout is fixed-width (`stamp␠LEVEL:7␠ID:5␠[k=v, …]␠message`); copies pasted
//! into forums lose asterisks and padding, so a tolerant token path backs up the fast one.

use super::stamp::{self, DayOrder};
use crate::record::HcwLevel;
use crate::time::{UtcMs, naive_ms};

/// Width of `yyyy.MM.dd HH:mm:ss.fff`.
const STAMP_LEN: usize = 23;
/// Column where the bracket starts in the fixed layout.
pub const MESSAGE_COLUMN: usize = 38;

/// The parsed header line of an entry, borrowing the line.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderLine<'a> {
    /// The stamp as written, unzoned.
    pub local: UtcMs,
    /// Level column.
    pub level: HcwLevel,
    /// Event id, when present.
    pub event_id: Option<u32>,
    /// Bracket context, in order.
    pub context: Vec<(String, String)>,
    /// Text after `] ` (or after the id when there is no bracket).
    pub message: &'a str,
    /// Characters before the message; HCW wraps long lines at `1024 − prefix` characters.
    pub prefix_chars: usize,
}

/// What one physical line is.
#[derive(Debug, Clone, PartialEq)]
pub enum LineKind<'a> {
    /// Starts a new entry.
    Header(HeaderLine<'a>),
    /// Looks like an entry header but its stamp is impossible or truncated.
    BadStamp(&'static str),
    /// Anything else: a continuation line.
    Text,
}

/// Classifies one line (without its line terminator); a date written with the year last is
/// read day first ([`classify_in`] takes the file's order).
pub fn classify(line: &str) -> LineKind<'_> {
    classify_in(line, DayOrder::DayFirst)
}

/// Classifies one line of a file whose year-last dates are read in `order`.
pub fn classify_in(line: &str, order: DayOrder) -> LineKind<'_> {
    let b = line.as_bytes();
    let (local, stamp_len) = if wizard_date(b) {
        if b.len() < STAMP_LEN || !stamp_shape(&b[..STAMP_LEN]) {
            return not_a_stamp(line);
        }
        if b.len() > STAMP_LEN && !matches!(b[STAMP_LEN], b' ' | b'\t') {
            return LineKind::BadStamp("malformed timestamp");
        }
        let Some(local) = stamp_value(&b[..STAMP_LEN]) else {
            return LineKind::BadStamp("impossible date or time");
        };
        (local, STAMP_LEN)
    } else {
        match stamp::read(b, order) {
            stamp::Read::Stamp(s) => (s.local, s.len),
            stamp::Read::Impossible => return LineKind::BadStamp("impossible date or time"),
            stamp::Read::None => return not_a_stamp(line),
        }
    };
    let fixed = if stamp_len == STAMP_LEN {
        fixed_columns(b)
    } else {
        None
    };
    let (level, event_id, rest_at) = fixed.unwrap_or_else(|| tolerant_columns(line, stamp_len));
    let (context, message_at) = bracket(line, rest_at);
    let message = line.get(message_at..).unwrap_or("");
    let prefix_chars = line
        .get(..message_at)
        .map_or(message_at, |p| p.chars().count());
    LineKind::Header(HeaderLine {
        local,
        level,
        event_id,
        context,
        message,
        prefix_chars,
    })
}

/// True when the line starts a new HCW entry (a valid stamp at column 0).
pub fn is_header_line(line: &str) -> bool {
    matches!(classify(line), LineKind::Header(_))
}

/// Whether a line with a stamp in any shape [`stamp::read`] knows starts an HCW entry as the
/// wizard writes one: an event id and its `[Client=…]` context, or line 1's
/// `Current Time Zone:` (a W3C line with a stamp in front is neither).
pub fn starts_entry(line: &str) -> bool {
    [DayOrder::DayFirst, DayOrder::MonthFirst]
        .into_iter()
        .any(|order| match classify_in(line, order) {
            LineKind::Header(h) => {
                (h.event_id.is_some() && !h.context.is_empty())
                    || super::header::opens_run(h.event_id, h.message)
            }
            _ => false,
        })
}

/// A line that is no entry's header: a stamp-like start that did not parse, else text.
fn not_a_stamp(line: &str) -> LineKind<'_> {
    if looks_like_stamp(line) {
        LineKind::BadStamp("malformed timestamp")
    } else {
        LineKind::Text
    }
}

/// The wizard's own date at the start: `yyyy.MM.dd ` (four, two and two digits, dots). Such
/// a line is held to the wizard's whole stamp; other dates are read by [`stamp::read`].
fn wizard_date(b: &[u8]) -> bool {
    b.len() > 10
        && b[4] == b'.'
        && b[7] == b'.'
        && b[10] == b' '
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit))
}

/// `yyyy.MM.dd HH:mm:ss.fff`; the time separator is the culture's (`:`, or `.` where the
/// culture writes `14.03.11`, as fi-FI does), the same twice.
fn stamp_shape(s: &[u8]) -> bool {
    let sep = s.get(13).copied().filter(|c| matches!(c, b':' | b'.'));
    s.iter().enumerate().all(|(i, &c)| match i {
        4 | 7 => c == b'.',
        10 => c == b' ',
        13 | 16 => Some(c) == sep,
        19 => c == b'.',
        _ => c.is_ascii_digit(),
    })
}

fn num(s: &[u8]) -> u32 {
    s.iter()
        .fold(0u32, |n, &c| n * 10 + u32::from(c.wrapping_sub(b'0')))
}

fn stamp_value(s: &[u8]) -> Option<UtcMs> {
    let year = i32::try_from(stamp::gregorian_year(num(&s[0..4]))).ok()?;
    naive_ms(
        year,
        num(&s[5..7]),
        num(&s[8..10]),
        num(&s[11..13]),
        num(&s[14..16]),
        num(&s[17..19]),
        num(&s[20..23]),
    )
}

/// A stamp-like start that did not parse: `017.10.23 11:39:51.552`, `2023.1x.0x xx:xx:…`.
fn looks_like_stamp(line: &str) -> bool {
    let mut tokens = line.split(' ');
    let (Some(date), Some(time)) = (tokens.next(), tokens.next()) else {
        return false;
    };
    let parts: Vec<&str> = date.split('.').collect();
    let date_ok = parts.len() == 3
        && (1..=4).contains(&parts[0].len())
        && parts[0].bytes().all(|c| c.is_ascii_digit())
        && parts[1..].iter().all(|p| {
            (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit() || c == b'x')
        });
    let time_ok = time.contains(':')
        && time
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == b'x');
    date_ok && time_ok
}

fn level_token(tok: &[u8]) -> Option<HcwLevel> {
    match tok {
        b"       " => Some(HcwLevel::Info),
        b"WARNING" | b"*WARNING*" => Some(HcwLevel::Warning),
        b"*ERROR*" | b"ERROR" | b"\\*ERROR\\*" => Some(HcwLevel::Error),
        _ => None,
    }
}

/// The written layout: level in columns 24–30, id (or blanks) in 32–36.
fn fixed_columns(b: &[u8]) -> Option<(HcwLevel, Option<u32>, usize)> {
    if b.len() < MESSAGE_COLUMN || b[23] != b' ' || b[31] != b' ' || b[37] != b' ' {
        return None;
    }
    let level = level_token(&b[24..31])?;
    let id = &b[32..37];
    let event_id = if id.iter().all(u8::is_ascii_digit) {
        Some(num(id))
    } else if id.iter().all(|&c| c == b' ') {
        None
    } else {
        return None;
    };
    Some((level, event_id, MESSAGE_COLUMN))
}

/// Pasted copies: `stamp ERROR 10349 [..]`, `stamp 10390 [..]`, runs of spaces collapsed;
/// `stamp_len`: where the stamp ends.
fn tolerant_columns(line: &str, stamp_len: usize) -> (HcwLevel, Option<u32>, usize) {
    let b = line.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        i
    };
    let token_end = |i: usize| {
        let mut j = i;
        while j < b.len() && !matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        j
    };
    let mut at = skip_ws(stamp_len);
    let mut level = HcwLevel::Info;
    let end = token_end(at);
    if let Some(l) = level_token(&b[at..end]) {
        level = l;
        at = skip_ws(end);
    }
    let mut event_id = None;
    let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
    let after = at + digits;
    if digits == 5 && (after == b.len() || matches!(b[after], b' ' | b'\t' | b'[')) {
        event_id = Some(num(&b[at..after]));
        at = skip_ws(after);
    }
    (level, event_id, at)
}

/// Parses `[k=v, …]` at `at`; returns the context and where the message starts.
fn bracket(line: &str, at: usize) -> (Vec<(String, String)>, usize) {
    let b = line.as_bytes();
    if b.get(at) != Some(&b'[') {
        return (Vec::new(), at);
    }
    let close = (at + 1..b.len()).find(|&i| b[i] == b']' && (i + 1 == b.len() || b[i + 1] == b' '));
    let Some(close) = close else {
        return (Vec::new(), at);
    };
    let inner = &line[at + 1..close];
    let message_at = if close + 1 < b.len() {
        close + 2
    } else {
        close + 1
    };
    (split_context(inner), message_at)
}

/// Splits bracket text on `, ` only where `Key=` follows (`Key` = `[A-Za-z][A-Za-z ]*`), so
/// values may hold spaces, commas, `=` and `:`; keys may repeat.
pub fn split_context(inner: &str) -> Vec<(String, String)> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b',' && b[i + 1] == b' ' && key_follows(&b[i + 2..]) {
            push_pair(&mut out, &inner[start..i]);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    push_pair(&mut out, &inner[start..]);
    out
}

fn key_follows(b: &[u8]) -> bool {
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    b.iter()
        .find(|c| !(c.is_ascii_alphabetic() || **c == b' '))
        .is_some_and(|&c| c == b'=')
}

fn push_pair(out: &mut Vec<(String, String)>, piece: &str) {
    if piece.is_empty() {
        return;
    }
    match piece.split_once('=') {
        Some((k, v)) => out.push((k.to_string(), v.to_string())),
        None => out.push((piece.to_string(), String::new())),
    }
}
