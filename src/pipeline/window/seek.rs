//! Reading only a time window's part of a big W3C file. IIS writes lines in time order, so a
//! binary search over byte offsets (each probe resynchronised at the next line start) finds
//! where the window starts and ends; a margin of [`SLACK_MS`] on both sides absorbs lines
//! written slightly out of order, and the window filter drops what the margin lets in.
//!
//! Correctness first: the part starts with the `#Fields:` directive in effect there (found by
//! one forward pass over the bytes before it, which also counts their lines so line numbers stay
//! the file's), and when anything is unsure — a probe finds no dated line, the part needs a
//! `#Date:` clock — the plan is `None` and the file is read whole.

use super::{ASSUMED_ZONE_MARGIN_MS, Window};
use crate::parse::w3c::Resume;
use crate::read::edges::{line_instant, lines_in, read_at};
use crate::read::ends;
use std::fs::File;
use std::io;

#[cfg(test)]
mod tests;

/// Margin around the window for lines logged out of order.
pub const SLACK_MS: i64 = 5 * 60_000;

/// Files smaller than this are read whole (the window filter still applies).
pub const MIN_BYTES: u64 = 8 << 20;

/// Bytes read per probe.
pub const PROBE_BYTES: usize = 64 * 1024;

/// Bytes read at a time by the forward pass.
const PASS_BYTES: usize = 1 << 20;

/// Which part of a file a probe found: the first dated line at or after an offset.
enum Probe {
    /// The line's start and its instant on the source's clock.
    Line(u64, i64),
    /// No line after the offset.
    End,
}

/// The part of a W3C file of `len` bytes to read for `window`: where to resume and the end
/// offset; `None` when the whole file must be read (nothing to gain, or unsure). `shift` puts a
/// logged instant on the source's clock (`--tz`, `--skew`); `probe` is the bytes per probe
/// ([`PROBE_BYTES`]; tests use less).
pub fn plan(
    file: &File,
    len: u64,
    window: &Window,
    shift: &dyn Fn(i64) -> i64,
    probe: usize,
) -> io::Result<Option<(Resume, u64)>> {
    let probe_at = |off: u64| -> io::Result<Option<Probe>> {
        let buf = read_at(file, off, probe)?;
        let at_end = off + buf.len() as u64 >= len;
        let found = lines_in(&buf, off, off == 0)
            .into_iter()
            .find_map(|(at, l)| line_instant(l).map(|t| Probe::Line(at, shift(t))));
        Ok(match found {
            Some(p) => Some(p),
            None if at_end => Some(Probe::End),
            None => None,
        })
    };
    let step = probe as u64;
    let mut start = 0;
    if let Some(since) = window.since {
        let target = since.0.saturating_sub(SLACK_MS);
        let mut hi = len;
        while hi.saturating_sub(start) > step {
            let mid = start + (hi - start) / 2;
            match probe_at(mid)? {
                None => return Ok(None),
                Some(Probe::Line(at, t)) if t < target => start = at,
                Some(_) => hi = mid,
            }
        }
    }
    let mut end = len;
    if let Some(until) = window.until {
        let target = until.0.saturating_add(SLACK_MS);
        let (mut lo, mut hi) = (start, len);
        while hi.saturating_sub(lo) > step {
            let mid = lo + (hi - lo) / 2;
            match probe_at(mid)? {
                None => return Ok(None),
                Some(Probe::Line(at, t)) if t < target => lo = at,
                Some(Probe::Line(at, _)) => (end, hi) = (end.min(at), mid),
                Some(Probe::End) => hi = mid,
            }
        }
    }
    if start == 0 && end >= len {
        return Ok(None);
    }
    if start == 0 {
        return Ok(Some((Resume::default(), end)));
    }
    let (lines_before, fields, after_bare_cr) = before(file, start)?;
    if fields.as_deref().is_some_and(|f| !names_date(f)) {
        return Ok(None);
    }
    let resume = Resume {
        offset: start,
        lines_before,
        fields,
        after_bare_cr,
    };
    Ok(Some((resume, end.max(start))))
}

/// Lines before `start` (a line start), the last `#Fields:` line among them, and whether the
/// line end before `start` is a bare CR (a line ends in CRLF, LF or a bare CR: `read::ends`).
fn before(file: &File, start: u64) -> io::Result<(u64, Option<Vec<u8>>, bool)> {
    let mut lines = 0u64;
    let mut directives: Vec<u64> = Vec::new();
    let mut pos = 0u64;
    // The byte after the previous chunk's last newline starts a line too.
    let mut line_start = true;
    while pos < start {
        let n = usize::try_from(start - pos).map_or(PASS_BYTES, |r| r.min(PASS_BYTES));
        let mut buf = read_at(file, pos, n)?;
        if buf.is_empty() {
            break;
        }
        // A CR run that ends the chunk is read again with what follows it; one that ends
        // right before `start` is a line end (a line starts there).
        let tail = ends::to_lf(&mut buf);
        if pos + buf.len() as u64 >= start || tail.run == 0 {
            ends::end_run(&mut buf, tail.run, true);
        } else {
            buf.truncate(tail.run);
        }
        if line_start && is_directive_start(&buf, pos) {
            directives.push(pos);
        }
        for nl in memchr::memchr_iter(b'\n', &buf) {
            lines += 1;
            if buf.get(nl + 1) == Some(&b'#') {
                directives.push(pos + nl as u64 + 1);
            }
        }
        line_start = buf.last() == Some(&b'\n');
        pos += buf.len() as u64;
    }
    let after_bare_cr = start > 0 && read_at(file, start - 1, 1)? == b"\r";
    for &at in directives.iter().rev() {
        let head = read_at(file, at, PROBE_BYTES)?;
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
        let line = &head[..ends::line_len(head)];
        if line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"#Fields:") {
            return Ok((lines, Some(line.to_vec()), after_bare_cr));
        }
    }
    Ok((lines, None, after_bare_cr))
}

/// A directive line starts at `buf[0]` (file offset `pos`), after a byte order mark at 0.
fn is_directive_start(buf: &[u8], pos: u64) -> bool {
    let b = if pos == 0 {
        buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf)
    } else {
        buf
    };
    b.first() == Some(&b'#')
}

/// The `#Fields:` line lists a `date` (else its lines need a `#Date:` from before the part).
fn names_date(fields: &[u8]) -> bool {
    fields[8..]
        .split(|b| b.is_ascii_whitespace())
        .any(|n| n.eq_ignore_ascii_case(b"date"))
}

/// The part of an opened W3C file to read for `window`: big UTF-8 or Windows-1252 files only
/// (UTF-16 ones are read whole, then filtered); None on any doubt or read error.
pub fn part_of(
    o: &crate::read::Opened,
    window: &Window,
    shift: &dyn Fn(i64) -> i64,
) -> Option<(Resume, u64)> {
    use crate::source::TextEncoding;
    let streamed = matches!(
        o.encoding,
        TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252
    );
    if o.len < MIN_BYTES || !streamed {
        return None;
    }
    // The probes find a line's instant by its shape, which may be a local `date-local` logged
    // before the UTC `date` the lines are placed by: widen by the largest zone offset.
    let local = crate::read::edges::names_local_clock(&o.file).ok()?;
    let margin = if local { ASSUMED_ZONE_MARGIN_MS } else { 0 };
    let wide = Window {
        since: window.since.map(|t| t.plus_ms(-margin)),
        until: window.until.map(|t| t.plus_ms(margin)),
    };
    plan(&o.file, o.len, &wide, shift, PROBE_BYTES).ok()?
}
