//! What the status line counts of the loaded data: events, failed handshakes and findings,
//! lines not parsed or not UTF-8, the clock offsets in force, the sources by kind.

use super::fit::{Keep, Part};
use crate::source::SourceKind;
use crate::tui::model::Model;
use crate::tui::model::clock::format_delta;
use crate::tui::model::timeline::FailureKind;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::Role;
use crate::wording::count as counted;

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
    let mut long = vec![counted(failed, "failed handshake")];
    let mut short = vec![format!("{failed} failed")];
    let httperr = count(FailureKind::HttpErr);
    if httperr > 0 {
        long.push(counted(httperr, "HTTP.sys error"));
        short.push(format!("{httperr} HTTP.sys"));
    }
    let logons = count(FailureKind::Logon);
    if logons > 0 {
        long.push(counted(logons, "failed logon"));
        short.push(counted(logons, "bad logon"));
    }
    let (long, short) = (long.join(", "), short.join(", "));
    [
        Part::new(counted(events, "event"), Role::Plain, Keep::Extra),
        Part::new(long, Role::Plain, Keep::Verdict).or_short(short),
        Part::new(counted(findings, "finding"), Role::Plain, Keep::Verdict),
    ]
}

/// Lines not parsed and lines not UTF-8, summed over the sources (`I` lists them per file).
pub(super) fn damage(model: &Model) -> Vec<Part> {
    let sources = &model.data.analysis.sources;
    let unparsed: u64 = sources.iter().map(|s| s.stats.unparsed).sum();
    let not_utf8: u64 = sources.iter().map(|s| s.stats.not_utf8).sum();
    let mut parts = Vec::new();
    if unparsed > 0 {
        let long = format!("{} (I)", counted(unparsed as usize, "unparsed line"));
        let short = format!("{unparsed} unparsed");
        parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
    }
    if not_utf8 > 0 {
        let long = format!("{} not UTF-8 (I)", counted(not_utf8 as usize, "line"));
        let short = format!("{not_utf8} not UTF-8");
        parts.push(Part::new(long, Role::Warn, Keep::Useful).or_short(short));
    }
    parts
}

/// Offsets in force, or `no offsets` (an extra). An offset moves the times a pane shows, so
/// it stays as long as the mode does (`offset +00:00:01` when the line is short, `2 clock
/// offsets` for several).
pub(super) fn offsets(model: &Model) -> Part {
    let srcs = &model.data.analysis.sources;
    let (parts, totals): (Vec<String>, Vec<i64>) = srcs
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
            Some((format!("{name} {}", format_delta(total)), total))
        })
        .unzip();
    match totals.as_slice() {
        [] => Part::new("no offsets", Role::Plain, Keep::Extra),
        [one] => Part::new(
            format!("offset {}", parts.join(", ")),
            Role::Plain,
            Keep::Mode,
        )
        .or_short(format!("offset {}", format_delta(*one))),
        many => Part::new(
            format!("offset {}", parts.join(", ")),
            Role::Plain,
            Keep::Mode,
        )
        .or_short(format!("{} clock offsets", many.len())),
    }
}

/// `1 HCW + 2 IIS + 1 PXY`: every kind loaded, by the tags the sources list (`I`) uses.
pub(super) fn sources(model: &Model) -> String {
    let kinds = [
        SourceKind::Hcw,
        SourceKind::Iis,
        SourceKind::Httperr,
        SourceKind::W3c,
        SourceKind::HttpProxy,
        SourceKind::Evtx,
    ];
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
