//! Loading Exchange HttpProxy logs: decode, parse, label the source with the front end that
//! wrote it, add its rows to the analysis and join them to the IIS legs of failed handshakes.
//! Their stamps are UTC; `--skew` still applies.
//!
//! They load after the W3C files, so the request ids of the kept handshake legs are known: the
//! report (no index) keeps only the rows those legs name, the explorer keeps every row. Files
//! (one per protocol and hour) are parsed on up to four threads, each read through a small
//! buffer and parsed a piece at a time while the piece is in the cache.

mod headerless;
mod protocol;
mod wanted;

pub(super) use headerless::plans as headerless_plans;

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::parse::httpproxy::{ProxyLog, ProxyParser, ProxyRequest};
use crate::read::Opened;
use crate::read::text::{FileReader, LineText};
use crate::source::{SourceId, SourceInfo, SourceKind, TextEncoding, ZoneOrigin};
use crate::time::ZoneSpec;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Loads every HttpProxy file into `a` (after the W3C files) and joins the rows to the legs of
/// the failed and abandoned handshakes.
pub(super) fn load_all(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
    headerless: &HashMap<PathBuf, headerless::Plan>,
) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let files = without_unneeded_protocols(a, files, opts);
    let legs = crate::analyze::proxyjoin::leg_request_ids(&a.handshakes, &a.texts);
    let wanted = wanted::Wanted::new(legs.iter().map(|l| l.id.as_str()));
    let keep = |id: &str| opts.index || wanted.contains(id);
    let window = a.window.as_ref().map(|w| w.window);
    let first = a.sources.len();
    // Biggest files first, so the threads finish together (one big file taken last would
    // leave the other cores idle); ids and results stay in the files' order.
    let mut by_size: Vec<(usize, Opened)> = files.into_iter().enumerate().collect();
    by_size.sort_by_key(|(_, o)| std::cmp::Reverse(o.len));
    let mut results = super::fanout::in_order(
        by_size,
        // One read buffer per thread: no fresh pages (and faults) for every file.
        Vec::new,
        |buf, _, (k, o)| {
            let id = SourceId(u16::try_from(first + k).unwrap_or(u16::MAX));
            let len = o.len;
            let plan = headerless.get(&o.path);
            let r = load_one(id, o, opts, &keep, plan, window, buf);
            tracker.add(len);
            if let Ok((info, ..)) = &r {
                tracker.source_loaded(info);
            }
            (k, r)
        },
    );
    results.sort_unstable_by_key(|(k, _)| *k);
    let proxy = std::sync::Arc::make_mut(&mut a.proxy);
    for (_, r) in results {
        let (info, text, log, outside) = r?;
        if let Some(w) = &mut a.window {
            w.requests_outside += outside;
        }
        a.sources.push(info);
        a.texts.push(text);
        proxy.extend(log.rows);
    }
    sort_rows(proxy);
    a.proxy_links = crate::analyze::proxyjoin::link(&legs, &a.proxy);
    Ok(())
}

/// Reads one HttpProxy file whole as source `id` for the live follow (a new hour's file, or a
/// followed file that grew): every row kept, as the explorer's load keeps them, through the
/// load's time window.
pub(super) fn read_followed(
    id: SourceId,
    opened: Opened,
    opts: &LoadOptions,
    window: Option<super::window::Window>,
) -> Result<(SourceInfo, LineText, Vec<ProxyRequest>)> {
    let mut buf = Vec::new();
    let (info, text, mut log, _) = load_one(id, opened, opts, &|_| true, None, window, &mut buf)?;
    sort_rows(&mut log.rows);
    Ok((info, text, log.rows))
}

/// Puts `rows` in place of source `id`'s HttpProxy rows (ordered as the load orders them).
pub(super) fn replace_rows(a: &mut Analysis, id: SourceId, rows: Vec<ProxyRequest>) {
    let proxy = Arc::make_mut(&mut a.proxy);
    proxy.retain(|r| r.source != id);
    proxy.extend(rows);
    sort_rows(proxy);
}

/// Joins the HttpProxy rows to the legs of the failed and abandoned handshakes again (after
/// either changed in a follow); nothing is read when no HttpProxy row is loaded.
pub(super) fn relink(a: &mut Analysis) {
    a.proxy_links = if a.proxy.is_empty() {
        Default::default()
    } else {
        let legs = crate::analyze::proxyjoin::leg_request_ids(&a.handshakes, &a.texts);
        crate::analyze::proxyjoin::link(&legs, &a.proxy)
    };
}

/// The report keeps only the rows its failed and abandoned legs name: files in a protocol
/// folder none of those legs used are listed as skipped instead of read. The explorer, which
/// keeps every row, reads them all, and so does a report without IIS logs to join to.
fn without_unneeded_protocols(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
) -> Vec<Opened> {
    let iis = a
        .sources
        .iter()
        .any(|s| matches!(s.kind, SourceKind::Iis | SourceKind::W3c));
    if opts.index || !iis {
        return files;
    }
    let Some(needed) = protocol::needed(&a.handshakes) else {
        return files;
    };
    let (keep, skip): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|o| protocol::of_file(&o.path).is_none_or(|p| needed.contains(p)));
    for o in skip {
        a.skipped.push(crate::source::Skipped {
            reason: "HttpProxy log of a protocol no failed handshake used (the explorer reads it)"
                .to_string(),
            path: o.path,
        });
    }
    keep
}

/// Orders rows by time, then file and line; each row (a big struct) is moved once, not at every
/// step of the sort.
fn sort_rows(rows: &mut Vec<ProxyRequest>) {
    let mut order: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.ts, r.source, r.line, i))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<ProxyRequest>> = std::mem::take(rows).into_iter().map(Some).collect();
    *rows = order
        .iter()
        .filter_map(|&(.., i)| slots[i].take())
        .collect();
}

/// One parsed file: its source, how to read its lines back, its rows, and how many rows it
/// dropped as outside the time window.
type Parsed = (SourceInfo, LineText, ProxyLog, u64);

/// Parses one HttpProxy file as source `id` (by `plan` when it has no `#Fields` line); a UTF-8
/// file is read through `buf` (kept for the next file) and its lines are read back from the
/// file later.
fn load_one(
    id: SourceId,
    opened: Opened,
    opts: &LoadOptions,
    keep: &(dyn Fn(&str) -> bool + Sync),
    plan: Option<&headerless::Plan>,
    window: Option<super::window::Window>,
    buf: &mut Vec<u8>,
) -> Result<Parsed> {
    let parser = || {
        let p = ProxyParser::new(id, keep);
        match plan {
            Some(Ok(b)) => p.fields_from(&b.fields, &b.note, &b.row),
            Some(Err(reason)) => p.unread_because(reason),
            None => p,
        }
    };
    let (mut log, decoded) = match read_utf8(&opened, parser(), buf)? {
        Some(log) => (log, None),
        None => {
            let text = crate::read::read_text(&opened)?;
            let mut p = parser();
            p.feed(&text, true);
            (p.finish(), Some(text))
        }
    };
    let label = label(&opened.path, log.header.server.as_deref());
    let skew_ms = select::skew_for(opts, SourceKind::HttpProxy, &opened.path, &label);
    for r in &mut log.rows {
        r.ts = r.ts.plus_ms(skew_ms);
    }
    let before = log.rows.len();
    if let Some(w) = window {
        log.rows.retain(|r| w.contains(r.ts));
    }
    let outside = (before - log.rows.len()) as u64;
    let span = log
        .rows
        .iter()
        .map(|r| r.ts)
        .min()
        .zip(log.rows.iter().map(|r| r.ts).max());
    let info = SourceInfo {
        id,
        path: opened.path.clone(),
        kind: SourceKind::HttpProxy,
        encoding: opened.encoding,
        server: label,
        zone: ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms,
        stats: std::mem::take(&mut log.stats),
        span,
    };
    // Offsets index the decoded text; they are file offsets when decoding changed nothing, and
    // then the text is read back from the file instead of being held.
    let line_text = match decoded {
        Some(text)
            if !(opened.encoding == TextEncoding::Utf8 && text.len() as u64 == opened.len) =>
        {
            LineText::Memory(Arc::from(text))
        }
        _ => LineText::File(Arc::new(FileReader::new(opened.path, opened.file))),
    };
    Ok((info, line_text, log, outside))
}

/// Bytes read at a time: parsed while they are still in the cache.
const PIECE: usize = 512 * 1024;

/// Parses a plain UTF-8 file (no byte order mark) read through `buf` a piece of whole lines at
/// a time; `None` when it needs decoding.
fn read_utf8(
    opened: &Opened,
    mut parser: ProxyParser<'_>,
    buf: &mut Vec<u8>,
) -> Result<Option<ProxyLog>> {
    use std::io::{Read, Seek, SeekFrom};
    if opened.encoding != TextEncoding::Utf8 {
        return Ok(None);
    }
    if buf.len() < PIECE {
        buf.resize(PIECE, 0);
    }
    let io = |e: std::io::Error| crate::error::Error::io(&opened.path, &e);
    let mut reader = &opened.file;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut filled = 0;
    loop {
        let mut eof = false;
        while filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
        }
        // Whole lines until the end (a `\n` never falls inside a character).
        let end = match eof {
            true => filled,
            false => memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |i| i + 1),
        };
        let Ok(text) = std::str::from_utf8(&buf[..end]) else {
            return Ok(None);
        };
        let used = parser.feed(text, eof);
        if eof {
            return Ok(Some(parser.finish()));
        }
        buf.copy_within(used..filled, 0);
        filled -= used;
        if filled == buf.len() {
            // A line (or quoted record) longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        }
    }
}

/// The front end named by the rows (`ServerHostName`), else `HttpProxy/<Protocol>` from the
/// folder the file sits in.
fn label(path: &std::path::Path, server: Option<&str>) -> String {
    if let Some(server) = server {
        return server.to_string();
    }
    match path.parent().and_then(|p| p.file_name()) {
        Some(protocol) => format!("HttpProxy/{}", protocol.to_string_lossy()),
        None => "HttpProxy".to_string(),
    }
}
