//! The JSON report: a stable, documented contract (see README "JSON report").
//!
//! The structs here are the contract; domain types are mapped onto them so an internal
//! refactor never changes the output by accident.

use super::evidence_text;
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Finding;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::time::UtcMs;
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

#[cfg(doc)]
use contract::HandshakeOut;
use contract::{Handshakes, Shared, front_end_out};

mod apart;
mod contract;
mod handshakes;
mod summary;
#[cfg(test)]
mod tests;

/// Version of the JSON contract.
pub const CONTRACT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    sources: Vec<Source<'a>>,
    skipped: Vec<Skipped>,
    cmdlets: Vec<Cmdlet<'a>>,
    handshakes: Handshakes<'a>,
    handshake_summary: Vec<summary::SummaryOut<'a>>,
    findings: Vec<FindingOut<'a>>,
    skew: Option<Skew<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_events: Option<SecurityOut<'a>>,
    /// What `--auto` found and skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<Cow<'a, str>>,
    /// The time window, when one was active.
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<WindowOut>,
    /// The HCW runs and the text logs do not overlap.
    #[serde(skip_serializing_if = "Option::is_none")]
    apart: Option<apart::ApartOut>,
}

/// An active time window and what it left out.
#[derive(Serialize)]
struct WindowOut {
    since: Option<UtcMs>,
    until: Option<UtcMs>,
    origin: crate::pipeline::window::WindowOrigin,
    files_read: u64,
    files_skipped: usize,
    skipped_files: Vec<String>,
    bytes_skipped: u64,
    requests_outside: u64,
}

fn window_out(a: &Analysis) -> Option<WindowOut> {
    let w = a.window.as_ref()?;
    Some(WindowOut {
        since: w.window.since,
        until: w.window.until,
        origin: w.origin,
        files_read: w.files_read,
        files_skipped: w.skipped.len(),
        skipped_files: w
            .skipped
            .iter()
            .map(|p| esc(&p.display().to_string()))
            .collect(),
        bytes_skipped: w.bytes_skipped,
        requests_outside: w.requests_outside,
    })
}

/// Windows Security events from `.evtx` files: per-file counts, totals by id, and the failures.
#[derive(Serialize)]
struct SecurityOut<'a> {
    files: &'a [crate::pipeline::EvtxSource],
    counts: std::collections::BTreeMap<u32, u64>,
    ntlm_v1_logons: usize,
    failures: Vec<SecurityEventOut<'a>>,
}

#[derive(Serialize)]
struct SecurityEventOut<'a> {
    #[serde(flatten)]
    event: &'a crate::parse::evtx::SecurityEvent,
    id: u32,
    status_hex: Option<String>,
    sub_status_hex: Option<String>,
    reason: String,
    /// The failed handshake this event explains.
    handshake: Option<LinkedHandshakeOut>,
}

#[derive(Serialize)]
struct LinkedHandshakeOut {
    start: UtcMs,
    client: String,
    method: String,
    uri: String,
}

/// The suggested HCW clock correction, with the shift in readable units (`-95 s`, `+1 h`).
#[derive(Serialize)]
struct Skew<'a> {
    offset_ms: i64,
    shift: String,
    matched_calls: usize,
    total_calls: usize,
    evidence: &'a [String],
    /// The machine whose clock it corrects, when the HCW runs are of several machines.
    #[serde(skip_serializing_if = "Option::is_none")]
    machine: Option<&'a str>,
}

#[derive(Serialize)]
struct Source<'a> {
    path: String,
    kind: &'static str,
    server: String,
    /// The text encoding (`utf8` …), or `evtx` for an exported event log: binary records.
    encoding: &'static str,
    encoding_guessed: bool,
    lines: u64,
    events: u64,
    unparsed: u64,
    not_utf8: u64,
    utc_offset: String,
    zone: String,
    zone_origin: crate::source::ZoneOrigin,
    skew_ms: i64,
    /// The machine whose runs `skew_ms` is of, when the HCW log holds runs of several machines
    /// (each run takes its own machine's `--skew`, said in `diagnostics`).
    #[serde(skip_serializing_if = "Option::is_none")]
    skew_machine: Option<String>,
    first: Option<UtcMs>,
    last: Option<UtcMs>,
    diagnostics: &'a [crate::source::Diagnostic],
    /// An HCW log holding several runs: each run's machine and the clock it was read by.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    runs: Vec<Run>,
}

/// One run of an HCW log that holds several ([`crate::source::SourceRun`]).
#[derive(Serialize)]
struct Run {
    line: u64,
    /// By the one name the load shows its machine by; null when its header names none.
    machine: Option<String>,
    utc_offset: String,
    zone: String,
    zone_origin: crate::source::ZoneOrigin,
    skew_ms: i64,
    first: UtcMs,
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
    later_success: Option<UtcMs>,
}

#[derive(Serialize)]
struct EvidenceOut {
    source: String,
    line: u64,
    text: Option<String>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a crate::analyze::finding::FindingId,
    severity: crate::analyze::finding::Severity,
    title: &'a str,
    time: Option<UtcMs>,
    explanation: &'a str,
    remedy: &'a str,
    evidence: Vec<EvidenceOut>,
    references: &'a [String],
    fixed_by: Option<FixedOut>,
}

/// The later run that fixed a finding (null while it is open).
#[derive(Serialize)]
struct FixedOut {
    source: String,
    time: UtcMs,
    /// The line of the call or workflow end that got past it when its log holds other runs
    /// too (null when the log is that run alone).
    line: Option<u64>,
}

pub(crate) fn source_path(a: &Analysis, id: crate::source::SourceId) -> String {
    crate::source::by_id(&a.sources, id)
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
        later_success: crate::analyze::cmdlet::later_success(&a.cmdlets, c).map(|ok| ok.start),
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
        fixed_by: f.fixed_by.map(|x| FixedOut {
            source: source_path(a, x.source),
            time: x.time,
            line: x.line,
        }),
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

/// Streams the JSON report to `out` without building it in memory first: everything but the
/// handshakes through serde_json (small), the handshakes by [`handshakes::write`] in their place.
pub fn write_to(a: &Analysis, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    /// The top-level key, the only one indented by two spaces, with the placeholder's value.
    const KEY: &[u8] = b"\n  \"handshakes\": []";
    let mut report = build(a);
    report.handshakes.placeholder = true;
    let head = serde_json::to_vec_pretty(&report)?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    match memchr::memmem::find(&head, KEY) {
        Some(at) => {
            let value = at + KEY.len() - 2;
            buffered.write_all(&head[..value])?;
            let h = &report.handshakes;
            handshakes::write(h.list, &h.shared, a, &mut buffered)?;
            buffered.write_all(&head[value + 2..])?;
        }
        None => {
            report.handshakes.placeholder = false;
            serde_json::to_writer_pretty(&mut buffered, &report)?;
        }
    }
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The JSON report serialised by serde_json alone: what [`write_to`] must write byte for byte.
#[cfg(test)]
fn reference(a: &Analysis) -> String {
    let mut out = serde_json::to_string_pretty(&build(a)).unwrap_or_default();
    out.push('\n');
    out
}

/// `sources[].encoding`: an `.evtx` is not text in an encoding but binary records, read as
/// events; a text log says the encoding it was read with, as serde names it.
fn encoding_name(s: &crate::source::SourceInfo) -> &'static str {
    use crate::source::TextEncoding;
    if s.kind == crate::source::SourceKind::Evtx {
        return "evtx";
    }
    match s.encoding {
        TextEncoding::Utf8 => "utf8",
        TextEncoding::Utf8Bom => "utf8-bom",
        TextEncoding::Utf16Le => "utf16-le",
        TextEncoding::Utf16Be => "utf16-be",
        TextEncoding::Windows1252 => "windows1252",
    }
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
                encoding: encoding_name(s),
                encoding_guessed: s.encoding.guessed(),
                lines: s.stats.lines,
                events: s.stats.events,
                unparsed: s.stats.unparsed,
                not_utf8: s.stats.not_utf8,
                utc_offset: s.utc_offset(),
                zone: s.zone.label(),
                zone_origin: s.zone_origin,
                skew_ms: s.skew_ms,
                skew_machine: crate::analyze::skew::skew_machine(a, s).map(|m| esc(&m)),
                first: s.span.map(|x| x.0),
                last: s.span.map(|x| x.1),
                diagnostics: &s.stats.diagnostics,
                runs: s
                    .stats
                    .runs
                    .iter()
                    .map(|r| Run {
                        line: r.line,
                        machine: (!r.machine.is_empty())
                            .then(|| esc(crate::source::shown_name(&a.machines, &r.machine))),
                        utc_offset: r.utc_offset(),
                        zone: r.zone.label(),
                        zone_origin: r.zone_origin,
                        skew_ms: r.skew_ms,
                        first: r.first,
                    })
                    .collect(),
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
        handshakes: Handshakes {
            list: &a.handshakes,
            shared: Shared::new(a),
            analysis: a,
            placeholder: false,
        },
        handshake_summary: summary::summary(&a.handshake_counts()),
        findings: a.findings.iter().map(|f| finding_out(a, f)).collect(),
        skew: a.skew.as_ref().map(|s| Skew {
            offset_ms: s.offset_ms,
            shift: crate::wording::clock_shift(s.offset_ms),
            matched_calls: s.matched_calls,
            total_calls: s.total_calls,
            evidence: &s.evidence,
            machine: s.machine.as_deref(),
        }),
        found: a.found.as_deref().map(escape_control),
        security_events: (!a.security.sources.is_empty()).then(|| SecurityOut {
            files: &a.security.sources,
            counts: a.security.counts(),
            ntlm_v1_logons: a.security.ntlm_v1_logons(),
            failures: a
                .security
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_failure())
                .map(|(i, e)| SecurityEventOut {
                    event: e,
                    id: e.id(),
                    status_hex: e.status.map(crate::codes::hex),
                    sub_status_hex: e.sub_status.map(crate::codes::hex),
                    reason: e.describe(),
                    handshake: a
                        .security
                        .handshake_for(i)
                        .and_then(|h| a.handshakes.get(h))
                        .map(|h| LinkedHandshakeOut {
                            start: h.start,
                            client: esc(&h.client),
                            method: esc(&h.method),
                            uri: esc(&h.uri),
                        }),
                })
                .collect(),
        }),
        window: window_out(a),
        apart: apart::apart_out(a),
    }
}
