//! What stretch of time a found log covers, to keep only the files around the HCW runs: from
//! the name where the writer puts a date in it (IIS `u_exYYMMDD.log` a UTC day, or
//! `u_exYYMMDDHH.log` an hour; HttpProxy `HttpProxy_YYYYMMDDHH-N.LOG` an hour), else from the
//! stamps of its first and last lines (HTTPERR `httperrN.log` has no date in its name).
//!
//! A site that rolls its logs over at local midnight names them by the local day, so a name
//! that misses a window by less than a UTC offset is settled by the file's lines
//! ([`local_name_span`], [`lines_span`]); the lines' stamps are UTC whatever the rollover.
//!
//! This is the one place the selection asks; a more precise reader of first and last lines can
//! replace it without touching the rest.

use super::{FileKind, Found};
use crate::time::UtcMs;
use std::io::{Read, Seek, SeekFrom};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// How much of each end of a file is read to find its first and last stamps.
const PROBE: u64 = 64 * 1024;

/// The UTC span `[from, to)` the file covers, or `None` when neither its name nor its lines
/// tell (such a file is kept).
pub fn covered_span(f: &Found) -> Option<(UtcMs, UtcMs)> {
    let name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let by_name = match f.kind {
        FileKind::Iis => iis_name(&name),
        FileKind::HttpProxy => proxy_name(&name),
        FileKind::Hcw | FileKind::Httperr | FileKind::Evtx => None,
    };
    by_name.or_else(|| match f.kind {
        FileKind::Evtx => None,
        _ => first_last(&f.path),
    })
}

/// The most a clock's UTC offset reaches ahead of UTC (Kiribati, UTC+14) and behind it (UTC-12).
const AHEAD: i64 = 14 * HOUR;
const BEHIND: i64 = 12 * HOUR;

/// The UTC span of an IIS file whose name is dated, when the name's date may be a local one:
/// IIS names files by UTC unless the site rolls logs over at local midnight
/// (`localTimeRollover`), and then `u_exYYMMDD.log` holds the local day. `None` for a file the
/// name dates for sure (the lines decide then, see [`lines_span`]).
pub fn local_name_span(f: &Found) -> Option<(UtcMs, UtcMs)> {
    if f.kind != FileKind::Iis {
        return None;
    }
    let name = f.path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (from, to) = iis_name(&name)?;
    Some((from.plus_ms(-AHEAD), to.plus_ms(BEHIND)))
}

/// The UTC span of a file's lines, from the stamps of its first and last lines.
pub fn lines_span(f: &Found) -> Option<(UtcMs, UtcMs)> {
    first_last(&f.path)
}

/// `u_exYYMMDD.log` (a day) or `u_exYYMMDDHH.log` (an hour); also `exYYMMDD.log`.
fn iis_name(name: &str) -> Option<(UtcMs, UtcMs)> {
    let stem = name.strip_suffix(".log")?;
    let digits = stem.trim_start_matches(|c: char| !c.is_ascii_digit());
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (2000 + n(0..2)? as i32, n(2..4)?, n(4..6)?);
    match digits.len() {
        6 => span(y, m, d, 0, DAY),
        8 => span(y, m, d, n(6..8)?, HOUR),
        _ => None,
    }
}

/// `httpproxy_YYYYMMDDHH-N.log`.
fn proxy_name(name: &str) -> Option<(UtcMs, UtcMs)> {
    let rest = name.strip_prefix("httpproxy_")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() != 10 {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r)?.parse::<u32>().ok();
    span(n(0..4)? as i32, n(4..6)?, n(6..8)?, n(8..10)?, HOUR)
}

fn span(y: i32, m: u32, d: u32, h: u32, len: i64) -> Option<(UtcMs, UtcMs)> {
    let from = UtcMs::from_civil(y, m, d, h, 0, 0, 0)?;
    Some((from, from.plus_ms(len)))
}

/// The stamps of the first and last lines that start with one (`YYYY-MM-DD HH:MM:SS` or
/// `YYYY-MM-DDTHH:MM:SS`); the span ends a second after the last.
fn first_last(path: &std::path::Path) -> Option<(UtcMs, UtcMs)> {
    let mut file = crate::read::open_shared(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut head = Vec::new();
    (&mut file).take(PROBE).read_to_end(&mut head).ok()?;
    let first = String::from_utf8_lossy(&head).lines().find_map(stamp)?;
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(len.saturating_sub(PROBE))).ok()?;
    file.take(PROBE).read_to_end(&mut tail).ok()?;
    let last = String::from_utf8_lossy(&tail)
        .lines()
        .rev()
        .find_map(stamp)
        .unwrap_or(first);
    Some((first, last.plus_ms(1000).max(first)))
}

fn stamp(line: &str) -> Option<UtcMs> {
    let b = line.as_bytes();
    if b.len() < 19 || !(b[10] == b' ' || b[10] == b'T') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| line.get(r)?.parse::<u32>().ok();
    UtcMs::from_civil(
        n(0..4)? as i32,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
        0,
    )
}
