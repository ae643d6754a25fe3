//! The JSON report: a stable, documented contract (see README "JSON report").
//!
//! The structs here are the contract; domain types are mapped onto them so an internal
//! refactor never changes the output by accident.

use super::evidence_text;
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::time::UtcMs;
use serde::Serialize;

/// Version of the JSON contract.
pub const CONTRACT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    sources: Vec<Source<'a>>,
    skipped: Vec<Skipped>,
    cmdlets: Vec<Cmdlet<'a>>,
    handshakes: Vec<HandshakeOut>,
    handshake_summary: &'a [crate::pipeline::HandshakeCount],
    findings: Vec<FindingOut<'a>>,
    skew: Option<&'a crate::analyze::skew::SkewSuggestion>,
}

#[derive(Serialize)]
struct Source<'a> {
    path: String,
    kind: &'static str,
    server: String,
    encoding: crate::source::TextEncoding,
    lines: u64,
    events: u64,
    unparsed: u64,
    utc_offset: String,
    zone: String,
    zone_origin: crate::source::ZoneOrigin,
    skew_ms: i64,
    first: Option<UtcMs>,
    last: Option<UtcMs>,
    diagnostics: &'a [crate::source::Diagnostic],
}

#[derive(Serialize)]
struct Skipped {
    path: String,
    reason: String,
}

#[derive(Serialize)]
struct Cmdlet<'a> {
    name: String,
    command: String,
    session: Option<&'a str>,
    start: UtcMs,
    end: Option<UtcMs>,
    duration_ms: Option<f64>,
    outcome: crate::analyze::cmdlet::CmdletOutcome,
    error: Option<String>,
    remote_server: Option<&'a str>,
    urls: &'a [String],
    source: String,
    line: u64,
}

#[derive(Serialize)]
struct LegOut {
    source: String,
    line: u64,
    time: UtcMs,
    status: u16,
    substatus: u16,
    win32: u32,
    user: String,
    decoded: String,
}

#[derive(Serialize)]
struct HandshakeOut {
    server: String,
    client: String,
    method: String,
    uri: String,
    user_agent: String,
    start: UtcMs,
    legs: Vec<LegOut>,
    outcome: crate::analyze::handshake::HandshakeOutcome,
    auth: crate::analyze::handshake::AuthKind,
    confidence: crate::analyze::handshake::Confidence,
    failure_code: Option<u32>,
    failure_name: Option<&'static str>,
    cmdlet: Option<usize>,
}

#[derive(Serialize)]
struct EvidenceOut {
    source: String,
    line: u64,
    text: Option<String>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    severity: crate::analyze::finding::Severity,
    title: &'a str,
    time: Option<UtcMs>,
    explanation: &'a str,
    remedy: &'a str,
    evidence: Vec<EvidenceOut>,
    references: &'a [String],
}

pub(crate) fn source_path(a: &Analysis, id: crate::source::SourceId) -> String {
    a.sources
        .get(usize::from(id.0))
        .map(|s| escape_control(&s.path.display().to_string()).into_owned())
        .unwrap_or_default()
}

fn esc(s: &str) -> String {
    escape_control(s).into_owned()
}

fn cmdlet_out<'a>(a: &Analysis, c: &'a CmdletCall) -> Cmdlet<'a> {
    Cmdlet {
        name: esc(&c.name),
        command: esc(&c.command),
        session: c.session.as_deref(),
        start: c.start,
        end: c.end,
        duration_ms: c.duration_ms,
        outcome: c.outcome,
        error: c.error.as_deref().map(esc),
        remote_server: c.remote_server.as_deref(),
        urls: &c.urls,
        source: source_path(a, c.source),
        line: c.line,
    }
}

fn handshake_out(a: &Analysis, h: &Handshake) -> HandshakeOut {
    HandshakeOut {
        server: esc(&h.server),
        client: esc(&h.client),
        method: esc(&h.method),
        uri: esc(&h.uri),
        user_agent: esc(&h.user_agent),
        start: h.start,
        legs: h
            .legs
            .iter()
            .map(|l| LegOut {
                source: source_path(a, l.source),
                line: l.line,
                time: l.ts,
                status: l.status,
                substatus: l.substatus,
                win32: l.win32,
                user: esc(&l.user),
                decoded: crate::codes::describe_leg(l.status, l.substatus, l.win32),
            })
            .collect(),
        outcome: h.outcome,
        auth: h.auth,
        confidence: h.confidence,
        failure_code: h.failure_code,
        failure_name: h.failure_code.and_then(crate::codes::failure_name),
        cmdlet: h.cmdlet,
    }
}

fn finding_out<'a>(a: &Analysis, f: &'a Finding) -> FindingOut<'a> {
    FindingOut {
        id: &f.id,
        severity: f.severity,
        title: &f.title,
        time: f.time,
        explanation: &f.explanation,
        remedy: &f.remedy,
        evidence: f
            .evidence
            .iter()
            .map(|&e| EvidenceOut {
                source: source_path(a, e.source),
                line: e.line,
                text: evidence_text(a, e),
            })
            .collect(),
        references: &f.references,
    }
}

/// Renders the JSON report (pretty-printed, newline-terminated).
pub fn render(a: &Analysis) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail for I/O reasons; serialisation of these plain structs
    // cannot fail either.
    let _ = write_to(a, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the JSON report to `out` without building it in memory first.
pub fn write_to(a: &Analysis, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let report = build(a);
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

fn build(a: &Analysis) -> Report<'_> {
    Report {
        version: CONTRACT_VERSION,
        sources: a
            .sources
            .iter()
            .map(|s| Source {
                path: esc(&s.path.display().to_string()),
                kind: s.kind.name(),
                server: esc(&s.server),
                encoding: s.encoding,
                lines: s.stats.lines,
                events: s.stats.events,
                unparsed: s.stats.unparsed,
                utc_offset: s.utc_offset(),
                zone: s.zone.label(),
                zone_origin: s.zone_origin,
                skew_ms: s.skew_ms,
                first: s.span.map(|x| x.0),
                last: s.span.map(|x| x.1),
                diagnostics: &s.stats.diagnostics,
            })
            .collect(),
        skipped: a
            .skipped
            .iter()
            .map(|s| Skipped {
                path: esc(&s.path.display().to_string()),
                reason: esc(&s.reason),
            })
            .collect(),
        cmdlets: a.cmdlets.iter().map(|c| cmdlet_out(a, c)).collect(),
        handshakes: a
            .handshakes
            .iter()
            .filter(|h| h.outcome != crate::analyze::handshake::HandshakeOutcome::Success)
            .map(|h| handshake_out(a, h))
            .collect(),
        handshake_summary: &a.handshake_summary,
        findings: a.findings.iter().map(|f| finding_out(a, f)).collect(),
        skew: a.skew.as_ref(),
    }
}
