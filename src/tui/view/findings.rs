//! The findings list: one line per finding (severity, title) at the top, and below it the
//! selected finding's id (the name other findings' texts use), explanation, remedy and
//! evidence lines (the whole line as logged, the text the report and the copy show), which
//! scroll on their own.

use crate::analyze::finding::{Finding, Severity};
use crate::tui::layout;
use crate::tui::model::Model;
use crate::tui::view::cut::{cut_line, shorten_words};
use crate::tui::view::rows::{clean, clean_full};
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{wrap_hanging, wrap_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

fn severity(s: Severity) -> (&'static str, Role) {
    match s {
        Severity::Error => ("ERROR", Role::Error),
        Severity::Warning => ("WARN ", Role::Warn),
        Severity::Info => ("INFO ", Role::Plain),
    }
}

/// Rows of the list part for a popup with `rows` inner rows (at most a third, at least one).
pub fn list_rows(model: &Model, rows: usize) -> usize {
    model
        .data
        .analysis
        .findings
        .len()
        .clamp(1, (rows / 3).max(1))
}

/// Rows left for the detail part (below the list and a separator line).
pub fn detail_rows(model: &Model, rows: usize) -> usize {
    rows.saturating_sub(list_rows(model, rows) + 1).max(1)
}

/// The selected finding's detail, wrapped to `cols`.
pub fn detail_lines(model: &Model, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let findings = &model.data.analysis.findings;
    let Some(f) = findings.get(model.finding.selected.min(findings.len().saturating_sub(1))) else {
        return vec![Line::from(
            "No findings: nothing known to be wrong in these logs.",
        )];
    };
    let mut out: Vec<Line<'static>> = detail(model, f, theme)
        .iter()
        .flat_map(|l| wrap_line(l, cols))
        .collect();
    for (l, hang) in evidence(model, f, theme) {
        out.extend(wrap_hanging(&l, cols, hang));
    }
    out.extend(references(f, theme).iter().flat_map(|l| wrap_line(l, cols)));
    out
}

/// The list part: a title too long for the row is cut between words with `…` (not clipped
/// mid-path: `on /EWS` read as a whole path), a word longer than half the row in its middle
/// ([`shorten_words`]).
fn list_lines(model: &Model, rows: usize, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let findings = &model.data.analysis.findings;
    let sel = model.finding.selected;
    let first = (sel + 1).saturating_sub(rows);
    findings
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, f)| {
            let (word, role) = severity(f.severity);
            let mark = if i == sel { ">" } else { " " };
            let mut spans = vec![
                Span::raw(mark),
                Span::styled(format!("{word} "), theme.style(role)),
            ];
            let title = clean(&f.title);
            // A word too long for the row (an agent's host name) is cut in its middle: cut
            // between words alone, a title starting with it would show only `ERROR…`.
            let room = cols.saturating_sub(8 + if f.fixed_by.is_some() { 6 } else { 0 });
            let title = if title.chars().count() > room {
                shorten_words(&title, (room / 2).max(12))
            } else {
                title
            };
            // A finding a later run fixed reads as done: marked, title dimmed.
            if f.fixed_by.is_some() {
                spans.push(Span::styled("fixed ", theme.style(Role::Dim)));
                spans.push(Span::styled(title, theme.style(Role::Dim)));
            } else {
                spans.push(Span::styled(title, theme.style(Role::Plain)));
            }
            let line = cut_line(&Line::from(spans), cols);
            if i == sel {
                line.style(theme.cursor())
            } else {
                line
            }
        })
        .collect()
}

fn detail(model: &Model, f: &Finding, theme: &Theme) -> Vec<Line<'static>> {
    let heading = |t: &str| Line::from(Span::styled(t.to_string(), theme.style(Role::Heading)));
    let (word, role) = severity(f.severity);
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{} ", word.trim()), theme.style(role)),
        Span::styled(clean_full(&f.title), theme.style(Role::Title)),
        // The id other findings' texts name ("Follow hcw-network-path"), so it can be found.
        Span::styled(
            format!(" [{}]", clean(&f.id.name())),
            theme.style(Role::Dim),
        ),
    ])];
    if let Some(x) = f.fixed_by {
        // The run cited as the reports and tickets cite it, and the other server it tested.
        let a = &model.data.analysis;
        let run = crate::source::cited_run(&a.sources, x.source, x.line);
        out.push(Line::from(Span::styled(
            clean_full(&format!(
                "Fixed by a later run: {run} got past it at {}{}",
                crate::time::sentence(
                    model.clock.at(x.source, x.time),
                    &model.zone(),
                    &model.zone_label()
                ),
                crate::report::fixed_elsewhere(a, f)
            )),
            theme.style(Role::Dim),
        )));
    }
    out.push(heading("What it means"));
    out.extend(f.explanation.lines().map(|l| Line::from(clean_full(l))));
    out.push(heading("What to do"));
    out.extend(f.remedy.lines().map(|l| Line::from(clean_full(l))));
    out
}

/// The references, after the evidence.
fn references(f: &Finding, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if !f.references.is_empty() {
        out.push(Line::from(Span::styled(
            "References",
            theme.style(Role::Heading),
        )));
        for r in &f.references {
            out.push(Line::from(Span::styled(
                clean_full(r),
                theme.style(Role::Dim),
            )));
        }
    }
    out
}

/// Where an evidence line's text starts: after the source tag and line number.
const EVIDENCE_TEXT: usize = 12;

/// The evidence lines, each with the column its wrapped rows continue at: a line's first row
/// after its tag and number, an HCW entry's continuation lines under it with the log's own
/// 38-space continuation margin dropped (its further indentation, a stack trace's, kept), so
/// at 80 columns the text is not pushed to the right edge and wrapped back to column 0.
fn evidence(model: &Model, f: &Finding, theme: &Theme) -> Vec<(Line<'static>, usize)> {
    let mut out = Vec::new();
    if f.evidence.is_empty() {
        return out;
    }
    let heading = Line::from(Span::styled(
        "Evidence (Enter jumps there, again: the next one)",
        theme.style(Role::Heading),
    ));
    out.push((heading, 0));
    for &ev in &f.evidence {
        let text = match model.lines.get(ev) {
            Some(Some(t)) => t,
            Some(None) => "(line not loaded)",
            None => "\u{2026}",
        };
        let tag = model
            .data
            .kind(ev.source)
            .map_or("?", crate::source::SourceKind::tag);
        let mut lines = text.lines();
        let first = Line::from(vec![
            Span::styled(format!(" {tag} {:>6} ", ev.line), theme.style(Role::Dim)),
            Span::raw(clean_full(lines.next().unwrap_or(""))),
        ]);
        out.push((first, EVIDENCE_TEXT));
        let rest: Vec<&str> = lines.collect();
        let margin = rest
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        for l in rest {
            let l = clean_full(l.get(margin..).unwrap_or(l.trim_start()));
            let own = l.len() - l.trim_start_matches(' ').len();
            let line = Line::from(format!("{:w$}{l}", "", w = EVIDENCE_TEXT));
            out.push((line, EVIDENCE_TEXT + own));
        }
    }
    out
}

/// Draws the findings popup.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = layout::popup(area);
    let n = model.data.analysis.findings.len();
    let block = Block::bordered()
        .border_style(theme.style(Role::Title))
        .title(Span::styled(
            format!(" Findings ({n}) "),
            theme.style(Role::Title),
        ));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height);
    let cols = usize::from(inner.width);
    let list_h = list_rows(model, rows);
    let list_area = Rect::new(inner.x, inner.y, inner.width, to_u16(list_h));
    frame.render_widget(
        Paragraph::new(list_lines(model, list_h, cols, theme)),
        list_area,
    );
    let sep_y = inner.y + to_u16(list_h);
    if sep_y < inner.bottom() {
        let sep = Rect::new(inner.x, sep_y, inner.width, 1);
        frame.render_widget(
            Paragraph::new(Span::styled("─".repeat(cols), theme.style(Role::Dim))),
            sep,
        );
    }
    let detail_h = detail_rows(model, rows);
    let detail_y = sep_y + 1;
    if detail_y >= inner.bottom() {
        return;
    }
    let lines = detail_lines(model, cols, theme);
    let max = lines.len().saturating_sub(detail_h);
    let from = model.finding.scroll.min(max);
    let shown: Vec<Line<'static>> = lines.into_iter().skip(from).take(detail_h).collect();
    let detail_area = Rect::new(
        inner.x,
        detail_y,
        inner.width,
        to_u16(detail_h).min(inner.bottom() - detail_y),
    );
    frame.render_widget(Paragraph::new(shown), detail_area);
    if max > 0 {
        let more = format!(" {}-{} of {} ", from + 1, from + detail_h, max + detail_h);
        let w = to_u16(more.len()).min(rect.width);
        let at = Rect::new(
            (rect.x + rect.width).saturating_sub(w + 1),
            rect.bottom().saturating_sub(1),
            w,
            1,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(more, theme.style(Role::Dim))),
            at,
        );
    }
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
