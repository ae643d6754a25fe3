//! The lines that are not requests: each finding as an ECS alert (`event.kind: "alert"`,
//! `rule.*`, evidence as file and line) and each HCW cmdlet call as an event of its own.

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::analyze::finding::{Finding, Severity};
use crate::source::SourceInfo;
use crate::time::UtcMs;
use serde::Serialize;

#[derive(Serialize)]
struct Alert<'a> {
    #[serde(rename = "@timestamp")]
    timestamp: String,
    event: Event<'a>,
    message: &'a str,
    log: Level,
    rule: Rule<'a>,
    hcwlens: FindingExt<'a>,
}

#[derive(Serialize)]
struct Event<'a> {
    kind: &'static str,
    dataset: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

#[derive(Serialize)]
struct FindingExt<'a> {
    finding: FindingBody<'a>,
}

#[derive(Serialize)]
struct FindingBody<'a> {
    severity: &'static str,
    remedy: &'a str,
    references: &'a [String],
    evidence: Vec<Place<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed_by: Option<Place<'a>>,
}

/// A line of a loaded file (`fixed_by`: the HCW log of the later run and when it got past).
#[derive(Serialize)]
struct Place<'a> {
    file: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
}

fn file_of(sources: &[SourceInfo], id: crate::source::SourceId) -> std::borrow::Cow<'_, str> {
    sources
        .get(usize::from(id.0))
        .map_or(std::borrow::Cow::Borrowed(""), |s| s.path.to_string_lossy())
}

fn severity(s: Severity) -> (&'static str, u8) {
    match s {
        Severity::Error => ("error", 3),
        Severity::Warning => ("warning", 2),
        Severity::Info => ("info", 1),
    }
}

/// Writes finding `f` as one alert object; `fallback` is its instant when it has none.
pub fn finding(
    out: &mut Vec<u8>,
    f: &Finding,
    sources: &[SourceInfo],
    fallback: UtcMs,
) -> Result<(), serde_json::Error> {
    let (level, number) = severity(f.severity);
    let id = f.id.name();
    let alert = Alert {
        timestamp: f.time.unwrap_or(fallback).rfc3339(),
        event: Event {
            kind: "alert",
            dataset: "hcwlens.finding",
            severity: Some(number),
            action: None,
            outcome: None,
            duration: None,
            end: None,
        },
        message: &f.title,
        log: Level { level },
        rule: Rule {
            id: &id,
            name: &f.title,
            description: &f.explanation,
            reference: f.references.first().map(String::as_str),
        },
        hcwlens: FindingExt {
            finding: FindingBody {
                severity: level,
                remedy: &f.remedy,
                references: &f.references,
                evidence: f
                    .evidence
                    .iter()
                    .map(|e| Place {
                        file: file_of(sources, e.source),
                        line: Some(e.line),
                        time: None,
                    })
                    .collect(),
                fixed_by: f.fixed_by.map(|x| Place {
                    file: file_of(sources, x.source),
                    line: x.line,
                    time: Some(x.time.rfc3339()),
                }),
            },
        },
    };
    super::string::to_writer(out, &alert)
}

#[derive(Serialize)]
struct Call<'a> {
    #[serde(rename = "@timestamp")]
    timestamp: String,
    event: Event<'a>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorText<'a>>,
    log: CallLog<'a>,
    hcwlens: CallExt<'a>,
}

#[derive(Serialize)]
struct ErrorText<'a> {
    message: &'a str,
}

#[derive(Serialize)]
struct CallLog<'a> {
    file: FilePath<'a>,
}

#[derive(Serialize)]
struct FilePath<'a> {
    path: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct CallExt<'a> {
    line: u64,
    hcw: CallBody<'a>,
}

#[derive(Serialize)]
struct CallBody<'a> {
    cmdlet: &'a str,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remote_server: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    urls: &'a [String],
}

/// Writes cmdlet call `c` as one event object.
pub fn call(
    out: &mut Vec<u8>,
    c: &CmdletCall,
    sources: &[SourceInfo],
) -> Result<(), serde_json::Error> {
    let (outcome, result) = match c.outcome {
        CmdletOutcome::Success => ("success", "success"),
        CmdletOutcome::Failed => ("failure", "failed"),
        CmdletOutcome::Error => ("failure", "error"),
    };
    let line = Call {
        timestamp: c.start.rfc3339(),
        event: Event {
            kind: "event",
            dataset: "hcwlens.hcw",
            severity: None,
            action: Some(&c.name),
            outcome: Some(outcome),
            duration: c
                .duration_ms
                .filter(|d| d.is_finite() && *d >= 0.0)
                .map(|d| (d * 1e6) as u64),
            end: c.end.map(UtcMs::rfc3339),
        },
        message: if c.command.is_empty() {
            &c.name
        } else {
            &c.command
        },
        error: c.error.as_deref().map(|message| ErrorText { message }),
        log: CallLog {
            file: FilePath {
                path: file_of(sources, c.source),
            },
        },
        hcwlens: CallExt {
            line: c.line,
            hcw: CallBody {
                cmdlet: &c.name,
                result,
                session: c.session.as_deref(),
                remote_server: c.remote_server.as_deref(),
                http_status: c.http_status,
                urls: &c.urls,
            },
        },
    };
    super::string::to_writer(out, &line)
}
