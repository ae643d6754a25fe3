//! The sources list: every file the explorer loaded (kind, server, zone and where it came from,
//! lines, unparsed lines with the first few reasons and how many more it noted, a last line
//! still being written) and every file it skipped, with why — what `report` prints under
//! "Sources", so a missing log is never a silent mystery. A line too long for the box wraps
//! under its own text (a reason under the reason, a path under the path), not at column 0.

use crate::source::{MAX_DIAGNOSTICS, SourceInfo, SourceKind};
use crate::tui::model::Model;
use crate::tui::model::outside::in_iis_pane;
use crate::tui::model::overlay::Overlay;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{width, wrap_hanging};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Unparsed-line reasons shown per source.
const REASONS: usize = 3;

/// `Sources: 2 loaded, 1 skipped`.
pub fn title(model: &Model) -> String {
    let a = &model.data.analysis;
    let outside = a.window.as_ref().map_or(String::new(), |w| {
        format!(", {} outside the window", w.skipped.len())
    });
    format!(
        "Sources: {} loaded, {} skipped{outside}",
        a.sources.len(),
        a.skipped.len()
    )
}

fn source_lines(model: &Model, s: &SourceInfo, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let unparsed_role = if s.stats.unparsed > 0 {
        Role::Warn
    } else {
        Role::Plain
    };
    out.push(Line::from(vec![
        Span::styled(format!("{:<4} ", s.kind.tag()), theme.style(Role::Heading)),
        Span::styled(
            clean(&s.path.display().to_string()),
            theme.style(Role::Plain),
        ),
    ]));
    let mut facts = vec![
        Span::raw("     "),
        Span::styled(clean(&server_text(model, s)), theme.style(Role::Plain)),
        Span::styled(" · ", theme.style(Role::Dim)),
        // The clock as the reports word it (`UTC+01:00`, `UTC (assumed)`, `UTC+02:00 (--tz)`):
        // one home, so the explorer and the report never tell a source's clock differently.
        Span::styled(
            format!("zone {}", crate::report::text::zone_label(s)),
            theme.style(Role::Time),
        ),
        Span::styled(" · ", theme.style(Role::Dim)),
        Span::raw(
            super::events::source_counts(model, s)
                .unwrap_or_else(|| format!("{} lines", s.stats.lines)),
        ),
        Span::styled(" · ", theme.style(Role::Dim)),
        Span::styled(
            format!("{} unparsed", s.stats.unparsed),
            theme.style(unparsed_role),
        ),
    ];
    if s.stats.not_utf8 > 0 {
        facts.push(Span::styled(" · ", theme.style(Role::Dim)));
        facts.push(Span::styled(
            format!("{} not UTF-8", s.stats.not_utf8),
            theme.style(Role::Warn),
        ));
    }
    if let Some(note) = s.encoding.guess_note() {
        facts.push(Span::styled(" · ", theme.style(Role::Dim)));
        facts.push(Span::styled(note, theme.style(Role::Warn)));
    }
    if s.skew_ms != 0 {
        facts.push(Span::styled(" · ", theme.style(Role::Dim)));
        let owner = crate::analyze::skew::skew_machine(&model.data.analysis, s);
        facts.push(Span::raw(format!(
            "skew {}{}",
            crate::wording::clock_shift(s.skew_ms),
            crate::analyze::skew::skew_owner_words(owner.as_deref())
        )));
    }
    let pending = model.data.analysis.pending_of(s.id);
    if pending > 0 {
        facts.push(Span::styled(" · ", theme.style(Role::Dim)));
        facts.push(Span::styled(
            format!("last line pending ({pending} bytes)"),
            theme.style(Role::Dim),
        ));
    }
    out.push(Line::from(facts));
    let machines = &model.data.analysis.machines;
    for run in crate::source::runs_lines(&s.stats.runs, machines).unwrap_or_default() {
        out.push(Line::from(Span::styled(
            format!("     {}", clean(&run)),
            theme.style(Role::Time),
        )));
    }
    for d in s.stats.diagnostics.iter().take(REASONS) {
        out.push(Line::from(Span::styled(
            format!(
                "       line {}: {} - {}",
                d.line,
                clean(&d.reason),
                clean(&d.text)
            ),
            theme.style(Role::Dim),
        )));
    }
    if let Some(more) = more_reasons(s) {
        out.push(Line::from(Span::styled(more, theme.style(Role::Warn))));
    }
}

/// `server EX02` for a request log that logs it, `folder EX01/W3SVC1` for one labelled after
/// its folders; for an HCW log the machine the wizard ran on as
/// its header names it (`machine E2016-01`). The bootstrapper's `.boot` log names none: it
/// takes the machine of a loaded log of the same run (the same file name, the run's start),
/// said so, else "machine not logged" — never its file name, which is a time.
fn server_text(model: &Model, s: &SourceInfo) -> String {
    if s.kind != SourceKind::Hcw {
        // A W3C log that logs no `s-computername` is labelled after its folders: say so, so
        // `EX01` is not taken for a name the log itself gave (as short as before: the facts
        // after it, a pending line, lines not UTF-8, stay on the row).
        return if crate::read::is_folder_label(&s.server) {
            format!("folder {}", s.server)
        } else if s.server.is_empty() {
            "server not logged".to_string()
        } else {
            format!("server {}", s.server)
        };
    }
    if !s.server.is_empty() {
        return format!("machine {}", s.server);
    }
    match crate::source::run_machine_said(&model.data.analysis.sources, s) {
        Some(said) => format!("machine {said}"),
        None => "machine not logged".to_string(),
    }
}

/// The line under the first reasons saying how many more the source noted (the list shows
/// [`REASONS`]; the source keeps up to [`MAX_DIAGNOSTICS`]), so "5 not UTF-8" beside three
/// lines is not read as the whole story.
fn more_reasons(s: &SourceInfo) -> Option<String> {
    let kept = s.stats.diagnostics.len();
    let hidden = kept.checked_sub(REASONS).filter(|&n| n > 0)?;
    let or_more = if kept >= MAX_DIAGNOSTICS {
        " or more"
    } else {
        ""
    };
    Some(format!(
        "       {hidden}{or_more} more not shown here (hcwlens report --format json lists up to {MAX_DIAGNOSTICS})"
    ))
}

/// The list's lines, unwrapped.
pub fn lines(model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let a = &model.data.analysis;
    let mut out = Vec::new();
    if let Some(found) = &a.found {
        out.push(Line::from(vec![
            Span::styled("AUTO ", theme.style(Role::Heading)),
            Span::styled(clean(found), theme.style(Role::Plain)),
        ]));
        out.push(Line::from(""));
    }
    if let Some(w) = &a.window {
        out.push(Line::from(Span::styled(
            format!("{} T widens it.", w.summary()),
            theme.style(Role::Warn),
        )));
        out.push(Line::from(""));
    }
    if a.sources.is_empty() {
        out.push(Line::from("No log was loaded."));
    }
    for s in &a.sources {
        source_lines(model, s, theme, &mut out);
    }
    if !a.skipped.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            format!("Skipped ({})", a.skipped.len()),
            theme.style(Role::Heading),
        )));
    }
    for s in &a.skipped {
        out.push(Line::from(vec![
            Span::styled("SKIP ", theme.style(Role::Warn)),
            Span::raw(clean(&s.path.display().to_string())),
        ]));
        out.push(Line::from(Span::styled(
            format!("     {}", clean(&s.reason)),
            theme.style(Role::Plain),
        )));
    }
    if let Some(w) = a.window.as_ref().filter(|w| !w.skipped.is_empty()) {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            format!("Outside the time window, not read ({})", w.skipped.len()),
            theme.style(Role::Heading),
        )));
        // Each with its kind, the IIS pane's logs first: the pane's "N IIS logs outside the
        // time window (I lists them)" points here, and HttpProxy or HCW files are not those.
        let mut files: Vec<_> = w.outside().collect();
        files.sort_by_key(|(_, k)| !k.is_none_or(in_iis_pane));
        for (p, kind) in files {
            let tag = kind.map_or("OUT  ".to_string(), |k| format!("OUT {:<4} ", k.tag()));
            out.push(Line::from(vec![
                Span::styled(tag, theme.style(Role::Dim)),
                Span::raw(clean(&p.display().to_string())),
            ]));
        }
    }
    out
}

/// Where a wrapped line's continuation starts: under its text, past the leading spaces of an
/// indented line (facts, reasons) or past the tag of a tagged one (`HCW  `, `SKIP `,
/// `OUT IIS  `).
fn hang(line: &Line<'static>) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = width(&text) - width(text.trim_start_matches(' '));
    if lead > 0 {
        return lead;
    }
    match line.spans.as_slice() {
        [tag, _, ..] if tag.content.ends_with(' ') && width(&tag.content) <= 9 => {
            width(&tag.content)
        }
        _ => 0,
    }
}

/// The list wrapped to `cols` columns, continuation lines under their text.
pub fn wrapped(model: &Model, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    lines(model, theme)
        .iter()
        .flat_map(|l| wrap_hanging(l, cols, hang(l)))
        .collect()
}

/// How many screen lines the list takes at `cols` columns (for scrolling).
pub fn wrapped_len(model: &Model, cols: usize, theme: &Theme) -> usize {
    wrapped(model, cols, theme).len()
}

/// Draws the list.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let scroll = match model.overlay {
        Some(Overlay::Sources { scroll }) => scroll,
        _ => 0,
    };
    let (_, cols) = crate::tui::layout::popup_inner(area);
    popup::draw_lines(
        frame,
        area,
        &title(model),
        wrapped(model, cols, theme),
        scroll,
        theme,
    );
}
