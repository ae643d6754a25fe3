//! The overview popup (`O`): opening it computes the tables from the analysis, counting only
//! what the panes' active filters keep; Enter on a row adds its field filter to its pane (on a
//! run, goes to its start). A table with no row says why (`overview/empty.rs`).

use crate::analyze::overview::overview;
use crate::analyze::overview::runs::{RunOutcome, RunSummary};
use crate::filter::{Rule, RuleKind};
use crate::pipeline::Analysis;
use crate::source::SourceId;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::model::Model;
use crate::tui::model::filter::Membership;
use crate::tui::model::overlay::Overlay;
use crate::tui::model::overview::{OverviewLine, OverviewView};
use crate::tui::model::pane::PaneId;
use crate::tui::update::filter;
use crate::wording::run_length;
use std::collections::HashMap;

mod empty;
mod tables;

use tables::{heading, lines};

/// Opens the overview.
pub fn open(model: &mut Model) {
    let view = build(model);
    model.overlay = Some(Overlay::Overview(Box::new(view)));
}

/// The overview of what the panes' filters keep.
pub fn build(model: &Model) -> OverviewView {
    let a = &model.data.analysis;
    let hcw = finished(model, PaneId::Hcw);
    let iis = finished(model, PaneId::Iis);
    let keep = Keeper::new(a, hcw, iis);
    let o = overview(a, &|s, l| keep.keeps(s, l));
    let filtered = hcw.is_some() || iis.is_some();
    let loaded = model.empty_panes().map(|empty| !empty);
    let mut lines = lines(&o, loaded, filtered, model.iis_left_out());
    let clock = &model.clock;
    let runs = crate::analyze::overview::runs::runs(a, &|s| clock.offset(s));
    lines.extend(run_lines(model, &runs));
    let mut view = OverviewView {
        selected: 0,
        filtered,
        lines,
        runs,
    };
    view.step(0);
    view
}

/// A pane's membership when its filter is active and a scan has finished.
fn finished(model: &Model, p: PaneId) -> Option<&Membership> {
    let f = model.filter(p);
    if f.is_active() {
        f.member.as_ref()
    } else {
        None
    }
}

/// HCW entry index by (source, line).
type EntryAt = HashMap<(SourceId, u64), usize>;

/// Answers "is this log line kept" from the panes' memberships.
struct Keeper<'a> {
    a: &'a Analysis,
    hcw: Option<(&'a Membership, EntryAt)>,
    iis: Option<&'a Membership>,
}

impl<'a> Keeper<'a> {
    fn new(a: &'a Analysis, hcw: Option<&'a Membership>, iis: Option<&'a Membership>) -> Self {
        let hcw = hcw.map(|m| {
            let at = a
                .hcw
                .iter()
                .enumerate()
                .map(|(i, e)| ((e.source, e.line), i))
                .collect();
            (m, at)
        });
        Keeper { a, hcw, iis }
    }

    fn keeps(&self, source: SourceId, line: u64) -> bool {
        if let Some((m, at)) = &self.hcw
            && let Some(&i) = at.get(&(source, line))
        {
            return covered_has(m, 0, i);
        }
        if let Some(m) = self.iis
            && let Some(k) = self.a.requests.iter().position(|r| r.source == source)
            && let Some(row) = self.a.requests[k].row_of_line(line)
        {
            return covered_has(m, k, row);
        }
        true
    }
}

/// Kept by the scan, or beyond what it covered (rows appended since are not known yet).
fn covered_has(m: &Membership, space: usize, row: usize) -> bool {
    row >= m.covered.get(space).copied().unwrap_or(0) || m.has(space, row)
}

/// The runs section: start, length, outcome, failed calls, machine; Enter goes to the run.
fn run_lines(model: &Model, runs: &[RunSummary]) -> Vec<OverviewLine> {
    if runs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::from(heading(
        "HCW runs",
        &["start", "length", "outcome", "failed calls", "machine"],
    ));
    for (i, r) in runs.iter().enumerate() {
        let t = model.fmt_time(r.start);
        let cells = vec![
            format!("{} {}", model.fmt_date(r.start), t.get(..8).unwrap_or(&t)),
            run_length(r.duration_ms()),
            r.outcome.word().to_string(),
            format!("{} of {}", r.failed_calls, r.calls),
            r.server.clone().unwrap_or_else(|| "-".into()),
        ];
        out.push(OverviewLine {
            cells,
            heading: false,
            bad: r.outcome == RunOutcome::Failed,
            pick: None,
            run: Some(i),
        });
    }
    out
}

/// An action in the overview.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(Overlay::Overview(mut v)) = model.overlay.take() else {
        return Vec::new();
    };
    let page = isize::try_from(model.size.1.saturating_sub(8).max(1)).unwrap_or(1);
    match action {
        Action::Back | Action::Quit | Action::ToggleOverview => return Vec::new(),
        Action::ToggleHelp => {
            crate::tui::update::overlay::open_help(model);
            return Vec::new();
        }
        Action::CursorDown => v.step(1),
        Action::CursorUp => v.step(-1),
        Action::PageDown => v.step(page),
        Action::PageUp => v.step(-page),
        Action::CursorTop => v.step(isize::MIN / 2),
        Action::CursorBottom => v.step(isize::MAX / 2),
        Action::OpenLine | Action::InputSubmit => {
            if let Some(run) = v.lines.get(v.selected).and_then(|l| l.run) {
                if let Some(r) = v.runs.get(run) {
                    crate::tui::update::runs::go(model, r);
                }
                return Vec::new();
            }
            if let Some(p) = v.lines.get(v.selected).and_then(|l| l.pick.clone()) {
                model.focus = p.pane;
                let rule = Rule::field(RuleKind::Include, p.field, &p.value);
                return filter::add(model, p.pane, rule);
            }
        }
        _ => {}
    }
    model.overlay = Some(Overlay::Overview(v));
    Vec::new()
}
