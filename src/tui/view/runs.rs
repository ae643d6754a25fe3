//! The runs list: one line per HCW run — start (display zone), length, outcome, failed calls,
//! the machine — oldest first, the selected run highlighted and the cursor's run starred; under
//! them, why the selected run is incomplete when its log ends inside a call.

use crate::analyze::overview::runs::{RunOutcome, RunSummary};
use crate::tui::model::Model;
use crate::tui::model::overlay::Overlay;
use crate::tui::view::popup;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::{Role, Theme};
use crate::wording::run_length;
use ratatui::Frame;
use ratatui::text::{Line, Span};

/// The colour of an outcome.
pub fn outcome_role(o: RunOutcome) -> Role {
    match o {
        RunOutcome::Succeeded => Role::Ok,
        RunOutcome::Failed => Role::Error,
        RunOutcome::Incomplete => Role::Warn,
    }
}

fn start_text(model: &Model, r: &RunSummary) -> String {
    let t = model.fmt_time(r.start);
    format!("{} {}", model.fmt_date(r.start), t.get(..8).unwrap_or(&t))
}

fn failed_text(r: &RunSummary) -> String {
    if r.calls == 0 {
        return "-".into();
    }
    format!("{} of {}", r.failed_calls, r.calls)
}

/// The lines of the list (header first) and the index of the selected run's line.
pub fn lines(model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let Some(Overlay::Runs(v)) = &model.overlay else {
        return Vec::new();
    };
    let dur_w = v
        .runs
        .iter()
        .map(|r| run_length(r.duration_ms()).len())
        .max()
        .unwrap_or(0)
        .max("length".len());
    let fail_w = v
        .runs
        .iter()
        .map(|r| failed_text(r).len())
        .max()
        .unwrap_or(0)
        .max("failed calls".len());
    let header = format!(
        "   {:<19}  {:<dur_w$}  {:<10}  {:<fail_w$}  machine",
        format!("start ({})", model.zone_label()),
        "length",
        "outcome",
        "failed calls"
    );
    let mut out = vec![Line::from(Span::styled(header, theme.style(Role::Heading)))];
    for (i, r) in v.runs.iter().enumerate() {
        let mark = match (i == v.selected, Some(i) == v.current) {
            (true, true) => ">*",
            (true, false) => "> ",
            (false, true) => " *",
            (false, false) => "  ",
        };
        let machine = r.server.as_deref().map_or("-".to_string(), clean);
        let failed_role = if r.failed_calls > 0 {
            Role::Error
        } else {
            Role::Plain
        };
        let line = Line::from(vec![
            Span::raw(format!("{mark} ")),
            Span::styled(
                format!("{:<19}  ", start_text(model, r)),
                theme.style(Role::Time),
            ),
            Span::styled(
                format!("{:<dur_w$}  ", run_length(r.duration_ms())),
                theme.style(Role::Plain),
            ),
            Span::styled(
                format!("{:<10}  ", r.outcome.word()),
                theme.style(outcome_role(r.outcome)),
            ),
            Span::styled(
                format!("{:<fail_w$}  ", failed_text(r)),
                theme.style(failed_role),
            ),
            Span::styled(machine, theme.style(Role::Plain)),
        ]);
        out.push(if i == v.selected {
            line.style(theme.cursor())
        } else {
            line
        });
    }
    out
}

/// Draws the runs list.
pub fn draw(model: &Model, frame: &mut Frame, area: ratatui::layout::Rect, theme: &Theme) {
    let Some(Overlay::Runs(v)) = &model.overlay else {
        return;
    };
    let (rows, _) = crate::tui::layout::popup_inner(area);
    let mut all = lines(model, theme);
    // Why the selected run is incomplete, when its log says (`the log ends in …`), under it.
    let why = v
        .runs
        .get(v.selected)
        .filter(|r| r.ends_in.is_some())
        .map(|r| format!("   {}", clean(&r.outcome_words())));
    let body = rows.saturating_sub(2 + usize::from(why.is_some())).max(1);
    let first = (v.selected + 1).saturating_sub(body);
    let header = all.remove(0);
    let mut shown = vec![header];
    shown.extend(all.into_iter().skip(first).take(body));
    if let Some(why) = why {
        shown.push(Line::from(Span::styled(why, theme.style(Role::Warn))));
    }
    let failed = v
        .runs
        .iter()
        .filter(|r| r.outcome == RunOutcome::Failed)
        .count();
    shown.push(Line::from(Span::styled(
        format!(
            "{} run{}, {failed} failed | * the cursor's run",
            v.runs.len(),
            if v.runs.len() == 1 { "" } else { "s" }
        ),
        theme.style(Role::Dim),
    )));
    let title = "HCW runs - Enter goes to the run's start";
    let width = shown
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(title.len() + 4);
    let rect = crate::tui::layout::sized_popup(
        area,
        u16::try_from(shown.len()).unwrap_or(u16::MAX),
        u16::try_from(width).unwrap_or(u16::MAX),
    );
    popup::draw_box(frame, rect, title, shown, theme);
}
