//! One printed line of `watch`: a failed call, a failed handshake or a finding, as text
//! (control characters escaped) or as a JSON object.

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::SourceId;
use crate::time::UtcMs;

/// Something new that `watch` reports.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// A cmdlet call that failed.
    Call(&'a CmdletCall),
    /// A handshake that failed.
    Handshake(&'a Handshake),
    /// A finding.
    Finding(&'a Finding),
}

/// A source's file name (escaped).
pub fn file_of(a: &Analysis, source: SourceId) -> String {
    crate::source::by_id(&a.sources, source)
        .and_then(|s| s.path.file_name())
        .map(|f| escape_control(&f.to_string_lossy()).into_owned())
        .unwrap_or_default()
}

/// An instant as the report says it (`2024-11-05 13:23:14 UTC` for an IIS line's whole second,
/// `2024-11-05 15:00:01.000 UTC` for an HCW entry's millisecond), `-` for none. The JSON form
/// keeps RFC 3339 with milliseconds.
fn time(a: &Analysis, t: Option<UtcMs>, source: Option<SourceId>) -> String {
    t.map_or_else(
        || "-".to_string(),
        |t| crate::time::stamp_utc(t, crate::source::resolution(&a.sources, source)),
    )
}

fn failure(h: &Handshake) -> String {
    h.failure_code
        .map(|c| crate::codes::failure_name(c).map_or_else(|| crate::codes::hex(c), str::to_string))
        .unwrap_or_default()
}

fn severity(f: &Finding) -> &'static str {
    use crate::analyze::finding::Severity;
    match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

impl Item<'_> {
    /// Where it was logged: file name and line (findings: none).
    fn place(&self, a: &Analysis) -> Option<(String, u64)> {
        match self {
            Item::Call(c) => Some((file_of(a, c.source), c.line)),
            Item::Handshake(h) => h
                .legs
                .last()
                .map(|l| (file_of(a, l.source), u64::from(l.line))),
            Item::Finding(_) => None,
        }
    }

    /// One readable line.
    pub fn text(&self, a: &Analysis) -> String {
        let at = self
            .place(a)
            .map(|(f, l)| format!("  ({f}:{l})"))
            .unwrap_or_default();
        let line = match self {
            Item::Call(c) => {
                let error = c
                    .error
                    .as_deref()
                    .and_then(|e| e.lines().next())
                    .unwrap_or("");
                format!(
                    "{}  call failed  {}  {error}{at}",
                    time(a, Some(c.start), Some(c.source)),
                    c.name
                )
            }
            Item::Handshake(h) => format!(
                "{}  handshake failed  {} {} {} from {}  {}{at}",
                time(a, Some(h.start), h.legs.first().map(|l| l.source)),
                match h.legs.first() {
                    Some(l) => a.server_names().at(&h.server, l.source).into_owned(),
                    None => a.server_named(&h.server).to_string(),
                },
                h.method,
                h.uri,
                h.client,
                failure(h)
            ),
            Item::Finding(f) => format!(
                "{}  finding {}  {}  {}",
                time(a, f.time, f.time_source),
                severity(f),
                f.id,
                f.title
            ),
        };
        escape_control(&line).into_owned()
    }

    /// One JSON object.
    pub fn json(&self, a: &Analysis) -> String {
        let (file, line) = self.place(a).unzip();
        let v = match self {
            Item::Call(c) => serde_json::json!({
                "kind": "call",
                "time": c.start.rfc3339(),
                "name": c.name,
                "outcome": c.outcome,
                "error": c.error,
                "file": file,
                "line": line,
            }),
            Item::Handshake(h) => serde_json::json!({
                "kind": "handshake",
                "time": h.start.rfc3339(),
                "server": h.server,
                "client": h.client,
                "method": h.method,
                "uri": h.uri,
                "failure_code": h.failure_code,
                "failure_name": failure(h),
                "file": file,
                "line": line,
            }),
            Item::Finding(f) => serde_json::json!({
                "kind": "finding",
                "time": f.time.map(UtcMs::rfc3339),
                "id": f.id,
                "severity": f.severity,
                "title": f.title,
            }),
        };
        v.to_string()
    }
}
