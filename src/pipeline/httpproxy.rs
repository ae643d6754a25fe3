//! Loading Exchange HttpProxy logs: decode, parse, label the source with the front end that
//! wrote it, add its rows to the analysis and join them to the IIS legs of failed handshakes.
//! Their stamps are UTC; `--skew` still applies.
//!
//! They load after the W3C files, so the request ids of the kept handshake legs are known: the
//! report (no index) keeps only the rows those legs name, the explorer keeps every row. Files
//! (one per protocol and hour) are parsed on up to four threads.

mod wanted;

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::parse::httpproxy::{ProxyLog, parse_httpproxy_keeping};
use crate::read::Opened;
use crate::read::text::{FileReader, LineText};
use crate::source::{SourceId, SourceInfo, SourceKind, TextEncoding, ZoneOrigin};
use crate::time::ZoneSpec;
use std::sync::{Arc, Mutex};

/// Loads every HttpProxy file into `a` (after the W3C files) and joins the rows to the legs of
/// the failed and abandoned handshakes.
pub(super) fn load_all(
    a: &mut Analysis,
    files: Vec<Opened>,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let legs = crate::analyze::proxyjoin::leg_request_ids(&a.handshakes, &a.texts);
    let wanted = wanted::Wanted::new(legs.iter().map(|l| l.id.as_str()));
    let keep = |id: &str| opts.index || wanted.contains(id);
    let first = a.sources.len();
    let jobs: Mutex<Vec<(usize, Opened)>> =
        Mutex::new(files.into_iter().enumerate().rev().collect());
    let results: Mutex<Vec<(usize, Result<Parsed>)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                // One read buffer per worker: no fresh pages (and faults) for every file.
                let mut buf = Vec::new();
                loop {
                    let job = jobs.lock().ok().and_then(|mut j| j.pop());
                    let Some((k, o)) = job else { break };
                    let id = SourceId(u16::try_from(first + k).unwrap_or(u16::MAX));
                    let len = o.len;
                    let r = load_one(id, o, opts, &keep, &mut buf);
                    tracker.add(len);
                    if let Ok((info, _, _)) = &r {
                        tracker.source_loaded(info);
                    }
                    if let Ok(mut res) = results.lock() {
                        res.push((k, r));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(k, _)| *k);
    let proxy = std::sync::Arc::make_mut(&mut a.proxy);
    for (_, r) in results {
        let (info, text, log) = r?;
        a.sources.push(info);
        a.texts.push(text);
        proxy.extend(log.rows);
    }
    proxy.sort_by_key(|r| (r.ts, r.source, r.line));
    a.proxy_links = crate::analyze::proxyjoin::link(&legs, &a.proxy);
    Ok(())
}

/// One parsed file: its source, how to read its lines back, its rows.
type Parsed = (SourceInfo, LineText, ProxyLog);

/// Parses one HttpProxy file as source `id`; a UTF-8 file is read into `buf` (kept for the
/// next file) and its lines are read back from the file later.
fn load_one(
    id: SourceId,
    opened: Opened,
    opts: &LoadOptions,
    keep: &(dyn Fn(&str) -> bool + Sync),
    buf: &mut Vec<u8>,
) -> Result<Parsed> {
    let decoded;
    let text = match read_utf8(&opened, buf)? {
        Some(text) => text,
        None => {
            decoded = crate::read::read_text(&opened)?;
            decoded.as_str()
        }
    };
    let mut log = parse_httpproxy_keeping(text, id, keep);
    let label = label(&opened.path, log.header.server.as_deref());
    let skew_ms = select::skew_for(opts, SourceKind::HttpProxy, &opened.path, &label);
    for r in &mut log.rows {
        r.ts = r.ts.plus_ms(skew_ms);
    }
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
    let line_text = if opened.encoding == TextEncoding::Utf8 && text.len() as u64 == opened.len {
        LineText::File(Arc::new(FileReader::new(opened.path, opened.file)))
    } else {
        LineText::Memory(Arc::from(text))
    };
    Ok((info, line_text, log))
}

/// The whole file as text when it is plain UTF-8 (no byte order mark), read into `buf`;
/// `None` when it needs decoding.
fn read_utf8<'b>(opened: &Opened, buf: &'b mut Vec<u8>) -> Result<Option<&'b str>> {
    use std::io::{Read, Seek, SeekFrom};
    if opened.encoding != TextEncoding::Utf8 {
        return Ok(None);
    }
    buf.clear();
    let mut reader = &opened.file;
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_to_end(buf))
        .map_err(|e| crate::error::Error::io(&opened.path, &e))?;
    Ok(std::str::from_utf8(buf).ok())
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
