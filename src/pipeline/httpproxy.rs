//! Loading Exchange HttpProxy logs: decode, parse, label the source with the front end that
//! wrote it, and add its rows to the analysis. Their stamps are UTC; `--skew` still applies.

use super::{Analysis, LoadOptions, select};
use crate::error::Result;
use crate::index::text::LineText;
use crate::read::Opened;
use crate::source::{SourceId, SourceInfo, SourceKind, ZoneOrigin};
use crate::time::ZoneSpec;

/// Parses an HttpProxy file into `a` as the next source.
pub(super) fn load_httpproxy(
    a: &mut Analysis,
    opened: Opened,
    opts: &LoadOptions,
    tracker: &super::w3c::ByteTracker,
) -> Result<()> {
    let id = SourceId(u16::try_from(a.sources.len()).unwrap_or(u16::MAX));
    let text = crate::read::read_text(&opened)?;
    let mut log = crate::parse::httpproxy::parse_httpproxy(&text, id);
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
