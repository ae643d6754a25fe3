//! The sources table of the HTML report: per loaded file its kind, server, clock, encoding,
//! counts — unparsed lines and lines with bytes that are not UTF-8 — and the first few of those
//! lines with why, as the text report lists them and JSON's `sources[]` holds them; then the
//! files skipped. Every log text is escaped ([`Html::push_text`]).

use super::{Html, escape_html};
use crate::pipeline::Analysis;
use crate::source::{SourceInfo, SourceKind, TextEncoding};

/// Diagnostics listed per source (as in the text report).
const DIAGNOSTICS: usize = 5;

/// Columns of the table (for the diagnostics row under a source).
const COLUMNS: usize = 10;

/// The "Sources" section.
pub fn sources(h: &mut Html, a: &Analysis) {
    h.raw("<h2 id=\"sources\">Sources</h2>\n<table>\n<tr><th>File</th><th>Kind</th><th>Server</th><th>Zone</th><th>Encoding</th><th>Lines</th><th>Events</th><th>Unparsed</th><th>Not UTF-8</th><th>Skew</th></tr>\n");
    for s in &a.sources {
        let owner = crate::analyze::skew::skew_machine(a, s);
        row(
            h,
            s,
            crate::source::run_machine_said(&a.sources, s),
            owner.as_deref(),
        );
        // A line a run, as the text report lists them: joined they run together.
        if let Some(runs) = crate::source::runs_lines(&s.stats.runs, &a.machines) {
            h.raw(&format!("<tr><td colspan=\"{COLUMNS}\" class=\"muted\">"));
            for (i, run) in runs.iter().enumerate() {
                if i > 0 {
                    h.raw("<br>");
                }
                h.push_text(run);
            }
            h.raw("</td></tr>\n");
        }
        diagnostics(h, s);
    }
    h.raw("</table>\n");
    if let Some(found) = &a.found {
        h.raw("<p class=\"muted\">--auto: ");
        h.push_text(found);
        h.raw("</p>\n");
    }
    for s in &a.skipped {
        h.raw("<p class=\"muted\">Skipped <code>");
        h.push_text(&s.path.display().to_string());
        h.raw("</code>: ");
        h.push_text(&s.reason);
        h.raw("</p>\n");
    }
}

/// `run`: the machine of an HCW log that names none, by its run's other log; `owner`: the
/// machine whose runs the skew is of ([`crate::analyze::skew::skew_machine`]).
fn row(h: &mut Html, s: &SourceInfo, run: Option<String>, owner: Option<&str>) {
    h.raw("<tr><td><code>");
    h.push_text(&s.path.display().to_string());
    h.raw(&format!("</code></td><td>{}</td><td>", s.kind.name()));
    h.push_text(run.as_deref().unwrap_or(&s.server));
    // An exported event log is binary: its records are read by the EVTX parser, not decoded.
    let encoding = match s.encoding.guess_note() {
        _ if s.kind == SourceKind::Evtx => "binary (EVTX records)".to_string(),
        Some(note) => format!("<span class=\"bad\">{}</span>", escape_html(note)),
        None => encoding_name(s.encoding).to_string(),
    };
    let flag = |n: u64| if n > 0 { " bad" } else { "" };
    let skew = if s.skew_ms == 0 {
        String::new()
    } else {
        format!(
            "{}{}",
            escape_html(&crate::wording::clock_shift(s.skew_ms)),
            escape_html(&crate::analyze::skew::skew_owner_words(owner))
        )
    };
    h.raw(&format!(
        "</td><td>{}</td><td>{encoding}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n{}\">{}</td><td class=\"n{}\">{}</td><td class=\"n\">{skew}</td></tr>\n",
        escape_html(&crate::report::text::zone_label(s)),
        s.stats.lines,
        s.stats.events,
        flag(s.stats.unparsed),
        s.stats.unparsed,
        flag(s.stats.not_utf8),
        s.stats.not_utf8,
    ));
}

/// The first lines of a source read not as written (unparsed, or with bytes not UTF-8).
fn diagnostics(h: &mut Html, s: &SourceInfo) {
    if s.stats.diagnostics.is_empty() {
        return;
    }
    h.raw(&format!(
        "<tr><td colspan=\"{COLUMNS}\"><ul class=\"muted\">\n"
    ));
    for d in s.stats.diagnostics.iter().take(DIAGNOSTICS) {
        h.raw(&format!("<li>line {}: ", d.line));
        h.push_text(&d.reason);
        h.raw(" - <code>");
        h.push_text(&d.text);
        h.raw("</code></li>\n");
    }
    h.raw("</ul></td></tr>\n");
}

fn encoding_name(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Utf8 => "UTF-8",
        TextEncoding::Utf8Bom => "UTF-8 (BOM)",
        TextEncoding::Utf16Le => "UTF-16 LE",
        TextEncoding::Utf16Be => "UTF-16 BE",
        TextEncoding::Windows1252 => "Windows-1252",
    }
}
