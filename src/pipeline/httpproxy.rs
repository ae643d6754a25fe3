//! Loading Exchange HttpProxy logs: decode, parse, label the source with the front end that
//! wrote it, add its rows to the analysis and join them to the IIS legs of failed handshakes.
//! Their stamps are UTC; `--skew` still applies.
//!
//! They load after the W3C files, so the request ids of the kept handshake legs are known: the
//! report (no index) keeps only the rows those legs name, the explorer keeps every row.

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::index::text::LineText;
use crate::read::Opened;
use crate::source::{SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::ZoneSpec;
use std::collections::HashSet;

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
    let wanted: HashSet<&str> = legs.iter().map(|l| l.id.as_str()).collect();
    let keep = |id: &str| {
        opts.index
            || wanted.contains(id)
            || (id.bytes().any(|b| b.is_ascii_uppercase())
                && wanted.contains(id.to_ascii_lowercase().as_str()))
    };
    for o in files {
        load_httpproxy(a, o, opts, tracker, &keep)?;
    }
    a.proxy.sort_by_key(|r| (r.ts, r.source, r.line));
    a.proxy_links = crate::analyze::proxyjoin::link(&legs, &a.proxy);
    Ok(())
}

/// Parses an HttpProxy file into `a` as the next source.
fn load_httpproxy(
    a: &mut Analysis,
    opened: Opened,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
    keep: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
    let text = crate::read::read_text(&opened)?;
    let mut log = crate::parse::httpproxy::parse_httpproxy_keeping(&text, id, keep);
    let label = label(&opened.path, &log.rows);
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
    tracker.add(opened.len);
    let info = SourceInfo {
        id,
        path: opened.path.clone(),
        kind: SourceKind::HttpProxy,
        encoding: opened.encoding,
        server: label,
        zone: ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms,
        stats: log.stats,
        span,
    };
    tracker.source_loaded(&info);
    a.sources.push(info);
    a.texts
        .push(LineText::Memory(std::sync::Arc::from(text.as_str())));
    a.proxy.extend(log.rows);
    Ok(())
}

/// The front end named by the rows (`ServerHostName`), else `HttpProxy/<Protocol>` from the
/// folder the file sits in.
fn label(path: &std::path::Path, rows: &[crate::parse::httpproxy::ProxyRequest]) -> String {
    if let Some(server) = rows
        .iter()
        .map(|r| r.server_host_name.as_str())
        .find(|s| !s.is_empty())
    {
        return server.to_string();
    }
    match path.parent().and_then(|p| p.file_name()) {
        Some(protocol) => format!("HttpProxy/{}", protocol.to_string_lossy()),
        None => "HttpProxy".to_string(),
    }
}
