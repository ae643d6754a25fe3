//! What the status line counts of the loaded data: events, failed handshakes and findings,
//! lines not parsed or not UTF-8, the clock offsets in force, the sources by kind.

use super::fit::{Keep, Part};
use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::clock::format_delta;
use crate::tui::model::timeline::FailureKind;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::Role;

/// Events (kept least), failed handshakes and findings (kept longest) as separate parts.
pub(super) fn counts(model: &Model) -> [Part; 3] {
    let a = &model.data.analysis;
    let events = a.hcw.len() + a.requests.iter().map(|r| r.len()).sum::<usize>();
    let failed = model.data.failed_handshakes;
    let findings = a.findings.len();
    let count = |kind: FailureKind| {
        let list = &model.timeline.failures;
        list.iter().filter(|f| f.kind == kind).count()
    };
    let mut long = vec![format!("{failed} failed handshake{}", plural(failed))];
    let mut short = vec![format!("{failed} failed")];
    let httperr = count(FailureKind::HttpErr);
    if httperr > 0 {
        long.push(format!("{httperr} HTTP.sys error{}", plural(httperr)));
        short.push(format!("{httperr} HTTP.sys"));
    }
    let logons = count(FailureKind::Logon);
    if logons > 0 {
        long.push(format!("{logons} failed logon{}", plural(logons)));
        short.push(format!("{logons} bad logon{}", plural(logons)));
    }
    let (long, short) = (long.join(", "), short.join(", "));
    [
        Part::new(format!("{events} events"), Role::Plain, Keep::Extra),
        Part::new(long, Role::Plain, Keep::Verdict).or_short(short),
        Part::new(
            format!("{findings} finding{}", plural(findings)),
            Role::Plain,
            Keep::Verdict,
        ),
    ]
}

/// Lines not parsed and lines not UTF-8, summed over the sources (`I` lists them per file).
pub(super) fn damage(model: &Model) -> Vec<Part> {
    let sources = &model.data.analysis.sources;
    let unparsed: u64 = sources.iter().map(|s| s.stats.unparsed).sum();
    let not_utf8: u64 = sources.iter().map(|s| s.stats.not_utf8).sum();
    let mut parts = Vec::new();
    if unparsed > 0 {
        let long = format!("{unparsed} unparsed line{} (I)", plural(unparsed as usize));
        let short = format!("{unparsed} unparsed");
        parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
    }
    if not_utf8 > 0 {
        let long = format!("{not_utf8} line{} not UTF-8 (I)", plural(not_utf8 as usize));
        let short = format!("{not_utf8} not UTF-8");
        parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
    }
    parts
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Offsets in force (kept a while: they change every time shown), or `no offsets` (an extra).
pub(super) fn offsets(model: &Model) -> (String, Keep) {
    let srcs = &model.data.analysis.sources;
    let parts: Vec<String> = srcs
        .iter()
        .filter_map(|s| {
            let total = s.skew_ms.saturating_add(model.clock.offset(s.id));
            if total == 0 {
                return None;
            }
            let many = srcs.iter().filter(|o| o.kind == s.kind).count() > 1;
            let name = if many {
                format!("{} {}", s.kind.tag(), clean(&s.name()))
            } else {
                s.kind.tag().to_string()
            };
            Some(format!("{name} {}", format_delta(total)))
        })
        .collect();
    if parts.is_empty() {
        ("no offsets".to_string(), Keep::Extra)
    } else {
        (format!("offset {}", parts.join(", ")), Keep::Useful)
    }
}

/// `1 HCW + 2 IIS`.
pub(super) fn sources(model: &Model) -> String {
    let kinds = [SourceKind::Hcw, SourceKind::Iis, SourceKind::Httperr];
    let parts: Vec<String> = kinds
        .iter()
        .map(|&k| (k, model.source_count(k)))
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{n} {}", k.tag()))
        .collect();
    if parts.is_empty() {
        "no sources".to_string()
    } else {
        parts.join(" + ")
    }
}
