//! A W3C file's first and last logged instants, read cheaply: the header block and the last
//! few KiB (seeking from the end), never the whole file. Also the instant of one line and the
//! line starts around an offset, which the window's seek (`pipeline::window`) probes with.
//!
//! Instants are found by their shape (a `YYYY-MM-DD` token and an `HH:MM:SS[.fff]` token among
//! a line's first fields), so a `#Fields:` directive changing mid-file between the two ends does
//! not matter; lines without a date (files that keep it in `#Date:`) give no instant, and such
//! files are loaded whole. Under a `#Fields:` line the date and time are the values it names,
//! as the parser reads them (a list logging `date-local time-local` before `date time` is
//! placed by the latter). Instants are as logged, before any `--tz` or `--skew`.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// How much of each end is read.
pub const EDGE_BYTES: usize = 64 * 1024;

/// How many leading fields are searched for the date and the time.
const FIELDS_SEARCHED: usize = 32;

/// Milliseconds since the epoch of a W3C data line (`date` and `time` fields, UTC as logged);
/// None for directives, blank lines and lines without both.
pub fn line_instant(line: &[u8]) -> Option<i64> {
    if line.first().is_none_or(|&b| b == b'#') {
        return None;
    }
    let mut day = None;
    let mut clock = None;
    for token in line
        .split(|&b| b == b' ' || b == b'\t')
        .filter(|t| !t.is_empty())
        .take(FIELDS_SEARCHED)
    {
        if day.is_none() {
            day = parse_date(token);
            if day.is_some() {
                continue;
            }
        }
        if clock.is_none() {
            clock = parse_clock(token.strip_suffix(b"\r").unwrap_or(token));
        }
        if day.is_some() && clock.is_some() {
            break;
        }
    }
    Some(day? * 86_400_000 + clock?)
}

/// `2024-11-05` → days since the epoch.
fn parse_date(t: &[u8]) -> Option<i64> {
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let y = number(&t[..4])?;
    let m = number(&t[5..7])?;
    let d = number(&t[8..])?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = i32::try_from(y).ok()?;
    Some(crate::time::days_from_civil(y, m as u32, d as u32))
}

/// `13:23:14` or `13:23:14.250` → milliseconds into the day.
fn parse_clock(t: &[u8]) -> Option<i64> {
    if t.len() < 8 || t[2] != b':' || t[5] != b':' {
        return None;
    }
    let (h, m, s) = (number(&t[..2])?, number(&t[3..5])?, number(&t[6..8])?);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let ms = match &t[8..] {
        [] => 0,
        [b'.', frac @ ..] if !frac.is_empty() => {
            let digits = &frac[..frac.len().min(3)];
            let n = number(digits)?;
            number(frac)?;
            n * 10i64.pow(3 - digits.len() as u32)
        }
        _ => return None,
    };
    Some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

fn number(t: &[u8]) -> Option<i64> {
    if t.is_empty() || t.len() > 18 || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(t.iter().fold(0i64, |n, &b| n * 10 + i64::from(b - b'0')))
}

/// Reads up to `n` bytes at `offset` (fewer at the end of the file).
pub fn read_at(file: &File, offset: u64, n: usize) -> io::Result<Vec<u8>> {
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::with_capacity(n);
    f.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The lines of `buf`, with the file offset of each; the first line is dropped unless `buf`
/// starts at a line start (`whole_first`), and a last line without its line end is kept. A
/// line ends in CRLF, LF or a bare CR ([`super::ends`]); blank lines are left out.
pub fn lines_in(buf: &[u8], base: u64, whole_first: bool) -> Vec<(u64, &[u8])> {
    let start = if whole_first {
        0
    } else {
        let Some(end) = memchr::memchr2(b'\n', b'\r', buf) else {
            return Vec::new();
        };
        let after = end + buf[end..].iter().take_while(|&&b| b == b'\r').count();
        after + usize::from(buf.get(after) == Some(&b'\n'))
    };
    let rest = &buf[start..];
    super::ends::lines(rest)
        .map(|(s, e, _)| (base + (start + s) as u64, &rest[s..e]))
        .collect()
}

/// The first and last instants logged in a W3C file of `len` bytes (raw, as logged), from its
/// first and last [`EDGE_BYTES`]; None when either end shows no dated line.
pub fn w3c_edges(file: &File, len: u64) -> io::Result<Option<(i64, i64)>> {
    let head = read_at(file, 0, EDGE_BYTES)?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let (first, _, head_clock) = instants(lines_in(head, 0, true), Clock::Shape);
    let Some(first) = first else {
        return Ok(None);
    };
    let from = len.saturating_sub(EDGE_BYTES as u64);
    let tail = read_at(file, from, EDGE_BYTES)?;
    let start = if from == 0 { Clock::Shape } else { head_clock };
    let (_, last, _) = instants(lines_in(&tail, from, from == 0), start);
    Ok(last.map(|last| (first, last)))
}

/// Where a W3C data line's date and time are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Found by their shape (no `#Fields:` line seen).
    Shape,
    /// The values the last `#Fields:` line names as the parser reads them: `date` and `time`
    /// where it has them, not a `date-local` / `time-local` logged before them.
    Values(usize, usize),
    /// The `#Fields:` line names no date: the lines carry none.
    Undated,
}

/// The first and last instants of `lines` read from `clock` on, and the clock after them.
fn instants(lines: Vec<(u64, &[u8])>, mut clock: Clock) -> (Option<i64>, Option<i64>, Clock) {
    let (mut first, mut last) = (None, None);
    for (_, line) in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"#Fields:") {
            let names = String::from_utf8_lossy(&line[8..]);
            clock = crate::parse::w3c::clock_of(&names)
                .map_or(Clock::Undated, |(d, t)| Clock::Values(d, t));
            continue;
        }
        let t = match clock {
            Clock::Shape => line_instant(line),
            Clock::Values(d, t) if !line.starts_with(b"#") => {
                let value = |k| crate::parse::w3c::value_at(line, k);
                value(d)
                    .and_then(parse_date)
                    .zip(value(t).and_then(parse_clock))
                    .map(|(day, ms)| day * 86_400_000 + ms)
            }
            _ => None,
        };
        first = first.or(t);
        last = t.or(last);
    }
    (first, last, clock)
}

/// Whether a `#Fields:` line among a W3C file's first [`EDGE_BYTES`] names `date-local` or
/// `time-local` (the server's wall clock, which no shape tells from UTC).
pub fn names_local_clock(file: &File) -> io::Result<bool> {
    let head = read_at(file, 0, EDGE_BYTES)?;
    Ok(lines_in(&head, 0, true).into_iter().any(|(_, l)| {
        let l = l
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(l)
            .to_ascii_lowercase();
        l.starts_with(b"#fields:")
            && l.split(|b| b.is_ascii_whitespace())
                .any(|n| n == b"date-local" || n == b"time-local")
    }))
}

/// The first and last instants of an Exchange HttpProxy (CSV) file, from the ISO 8601 UTC
/// `DateTime` that starts its rows; None when either end shows none.
pub fn csv_edges(file: &File, len: u64) -> io::Result<Option<(i64, i64)>> {
    edges_by(file, len, csv_line_instant)
}

/// The instant a CSV row starts with (`2023-01-09T19:00:00.130Z,…`).
fn csv_line_instant(line: &[u8]) -> Option<i64> {
    if line.first().is_none_or(|&b| b == b'#') {
        return None;
    }
    let first = line.split(|&b| b == b',').next()?;
    let text = std::str::from_utf8(first).ok()?;
    crate::parse::httpproxy::parse_instant(text.trim_matches('"')).map(|t| t.0)
}

/// The first and last instants `instant` finds in a file's first and last [`EDGE_BYTES`].
fn edges_by(
    file: &File,
    len: u64,
    instant: fn(&[u8]) -> Option<i64>,
) -> io::Result<Option<(i64, i64)>> {
    let head = read_at(file, 0, EDGE_BYTES)?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let first = lines_in(head, 0, true)
        .into_iter()
        .find_map(|(_, l)| instant(l));
    let Some(first) = first else {
        return Ok(None);
    };
    let from = len.saturating_sub(EDGE_BYTES as u64);
    let tail = read_at(file, from, EDGE_BYTES)?;
    let last = lines_in(&tail, from, from == 0)
        .into_iter()
        .rev()
        .find_map(|(_, l)| instant(l));
    Ok(last.map(|last| (first, last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn instants_by_shape() {
        let t = line_instant(b"2024-11-05 13:23:14 10.0.0.1 GET /ews - 443").expect("dated");
        let day = crate::time::UtcMs::from_civil(2024, 11, 5, 13, 23, 14, 0).expect("civil");
        assert_eq!(t, day.0);
        assert_eq!(
            line_instant(b"10.0.0.1 13:23:14.25 x 2024-11-05 y\r"),
            Some(day.0 + 250)
        );
        assert_eq!(line_instant(b"#Fields: date time"), None);
        assert_eq!(line_instant(b"13:23:14 10.0.0.1 GET"), None, "no date");
        assert_eq!(line_instant(b""), None);
        assert_eq!(line_instant(b"2024-13-05 13:23:14"), None);
    }

    #[test]
    fn edges_of_a_file_read_from_both_ends() {
        let mut f = tempfile::tempfile().expect("temp");
        f.write_all(b"\xEF\xBB\xBF#Software: IIS\n#Fields: date time s-ip\n")
            .expect("write");
        for i in 0..5000 {
            let s = i % 60;
            let m = (i / 60) % 60;
            writeln!(f, "2024-11-05 10:{m:02}:{s:02} 10.0.0.{}", i % 9).expect("write");
        }
        f.write_all(b"#Fields: s-ip date time\n10.0.0.1 2024-11-05 11:00:00")
            .expect("write");
        let len = f.metadata().expect("meta").len();
        let (a, b) = w3c_edges(&f, len).expect("read").expect("dated");
        let at = |h, m, s| {
            crate::time::UtcMs::from_civil(2024, 11, 5, h, m, s, 0)
                .expect("civil")
                .0
        };
        assert_eq!((a, b), (at(10, 0, 0), at(11, 0, 0)));
        let mut empty = tempfile::tempfile().expect("temp");
        empty.write_all(b"#Fields: date time\n").expect("write");
        assert_eq!(w3c_edges(&empty, 19).expect("read"), None);
    }

    #[test]
    fn edges_of_an_httpproxy_file() {
        let mut f = tempfile::tempfile().expect("temp");
        f.write_all(b"#Software: Microsoft Exchange Server\r\n#Fields: DateTime,RequestId\r\n")
            .expect("write");
        f.write_all(b"2023-01-09T19:00:00.130Z,a\r\n2023-01-09T19:59:59.5Z,b\r\n")
            .expect("write");
        let len = f.metadata().expect("meta").len();
        let (a, b) = csv_edges(&f, len).expect("read").expect("dated");
        let at = |m, s, ms| {
            crate::time::UtcMs::from_civil(2023, 1, 9, 19, m, s, ms)
                .expect("civil")
                .0
        };
        assert_eq!((a, b), (at(0, 0, 130), at(59, 59, 500)));
        assert_eq!(csv_line_instant(b"#Fields: DateTime"), None);
        assert_eq!(csv_line_instant(b"garbage,1"), None);
    }
}
