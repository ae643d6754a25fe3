//! The plain-text report for a terminal or a log file: findings first, then evidence; and the
//! readable label of a source (`EX01 · IIS · UTC`) the text and Markdown reports share.

use super::doc::{Doc, Style};
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::{ServerNames, SourceInfo, SourceKind, ZoneOrigin};
use std::borrow::Cow;

/// Renders the text report.
pub fn render(a: &Analysis) -> String {
    Doc::new(Style::Text).render(a)
}

/// `EX01 · IIS · UTC`, `MGMT01 · HCW · UTC-05:00`, `IIS · UTC+01:00 (--tz) · skew +2 s`:
/// the server (as logged, else the folder the log was found in by the one name the load gives
/// its machine, `EX01` for an `ex01/W3SVC1` folder beside HCW's `EX01`), with its site
/// (`EX01/W3SVC2`) when `names` shows one ([`crate::pipeline::Analysis::server_names`]: more
/// than one site of that machine loaded), the kind, the
/// clock and where the clock came from when the log did not say it; the skew with the machine
/// it is of when the file holds runs of several machines (`skew_machine`,
/// [`crate::analyze::skew::skew_machine`]).
pub fn source_label(s: &SourceInfo, names: &ServerNames<'_>, skew_machine: Option<&str>) -> String {
    let server = match crate::read::folder_server(&s.server) {
        Some(_) => names.of_source(s),
        None if crate::read::is_folder_label(&s.server) => Cow::Borrowed(""),
        // As logged, with the site `names` adds beside another site of its machine.
        None => {
            let (shown, named) = (names.of_source(s), names.name(&s.server));
            let site = shown.strip_prefix(named).unwrap_or_default();
            Cow::Owned(format!("{}{site}", s.server))
        }
    };
    let zone = zone_label(s);
    let mut parts = Vec::new();
    if !server.is_empty() {
        parts.push(escape_control(&server).into_owned());
    }
    parts.push(
        match s.kind {
            SourceKind::Hcw => "HCW",
            SourceKind::Iis => "IIS",
            SourceKind::Httperr => "HTTPERR",
            SourceKind::W3c => "W3C",
            SourceKind::HttpProxy => "HttpProxy",
            SourceKind::Evtx => "Security events",
        }
        .to_string(),
    );
    parts.push(zone);
    if s.skew_ms != 0 {
        parts.push(format!(
            "skew {}{}",
            crate::wording::clock_shift(s.skew_ms),
            crate::analyze::skew::skew_owner_words(skew_machine)
        ));
    }
    parts.join(" · ")
}

/// A source's clock (`UTC+01:00`), and where it came from when the log did not say it
/// (`UTC (assumed)`, `UTC+02:00 (--tz)`).
pub fn zone_label(s: &SourceInfo) -> String {
    let mut zone = s.zone.label();
    match s.zone_origin {
        ZoneOrigin::Override => zone.push_str(" (--tz)"),
        ZoneOrigin::Assumed => zone.push_str(" (assumed)"),
        ZoneOrigin::Utc | ZoneOrigin::Header => {}
    }
    zone
}
