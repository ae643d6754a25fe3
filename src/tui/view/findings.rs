//! The findings list: one line per finding (severity, title), then the selected finding's
//! explanation, remedy and evidence lines (shown as they appear in their pane).

use crate::analyze::finding::{Finding, Severity};
use crate::tui::model::Model;
use crate::tui::view::popup;
use crate::tui::view::rows::{self, clean};
use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::wrap_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

fn severity(s: Severity) -> (&'static str, Role) {
    match s {
        Severity::Error => ("ERROR", Role::Error),
        Severity::Warning => ("WARN ", Role::Warn),
        Severity::Info => ("INFO ", Role::Plain),
    }
}

/// The popup's lines, wrapped to `cols`.
pub fn lines(model: &Model, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let findings = &model.data.analysis.findings;
    if findings.is_empty() {
        return vec![Line::from(
            "No findings: nothing known to be wrong in these logs.",
        )];
    }
    let sel = model.finding.selected.min(findings.len() - 1);
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let (word, role) = severity(f.severity);
        let mark = if i == sel { ">" } else { " " };
        let mut line = Line::from(vec![
            Span::raw(mark),
            Span::styled(format!("{word} "), theme.style(role)),
            Span::styled(clean(&f.title), theme.style(Role::Plain)),
        ]);
        if i == sel {
            line = line.style(theme.cursor());
        }
        out.push(line);
    }
    out.push(Line::default());
    out.extend(detail(model, &findings[sel], theme));
    out.iter().flat_map(|l| wrap_line(l, cols)).collect()
}

fn detail(model: &Model, f: &Finding, theme: &Theme) -> Vec<Line<'static>> {
    let heading = |t: &str| Line::from(Span::styled(t.to_string(), theme.style(Role::Heading)));
    let mut out = vec![heading("What it means")];
    out.extend(f.explanation.lines().map(|l| Line::from(clean(l))));
    out.push(heading("What to do"));
    out.extend(f.remedy.lines().map(|l| Line::from(clean(l))));
    if !f.evidence.is_empty() {
        out.push(heading("Evidence (Enter jumps there)"));
        for ev in &f.evidence {
            let text = match model.data.row_of(ev.source, ev.line) {
                Some(row) => rows::row(model, row).text(),
                None => "(line not loaded)".to_string(),
            };
            let tag = model
                .data
                .kind(ev.source)
                .map_or("?", crate::source::SourceKind::tag);
            out.push(Line::from(vec![
                Span::styled(format!(" {tag} {:>6} ", ev.line), theme.style(Role::Dim)),
                Span::raw(text),
            ]));
        }
    }
    for r in &f.references {
        out.push(Line::from(Span::styled(clean(r), theme.style(Role::Dim))));
    }
    out
}

/// Draws the findings popup, keeping the selected finding in view.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (rows, cols) = crate::tui::layout::popup_inner(area);
    let sel = model.finding.selected;
    let scroll = (sel + 1).saturating_sub(rows);
    let n = model.data.analysis.findings.len();
    let title = format!("Findings ({n})");
    popup::draw_lines(
        frame,
        area,
        &title,
        lines(model, cols, theme),
        scroll,
        theme,
    );
}
