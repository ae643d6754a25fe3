//! What the status line says of work under way or in force: a search and where the cursor is
//! among its matches, a pane's filter (its scan, then how many lines it keeps), live follow.

use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::model::search::SearchState;
use crate::tui::update::search::match_index;
use crate::tui::view::rows::clean;
use crate::tui::view::theme::Role;

/// `45%` of a job (`...` while its size is unknown).
pub(super) fn percent(done: u64, total: u64) -> String {
    done.min(total)
        .saturating_mul(100)
        .checked_div(total)
        .map_or_else(|| "...".to_string(), |p| format!("{p}%"))
}

/// `/pattern 3/12`, `/pattern searching 45%`, `/pattern no match`.
pub(super) fn search_part(model: &Model) -> Option<String> {
    let run = model.search.run.as_ref()?;
    let pat = clean(&run.pattern);
    Some(match &run.state {
        SearchState::Running { done, total } => {
            format!("/{pat} searching {}", percent(*done, *total))
        }
        SearchState::Done { matches } if matches.is_empty() => format!("/{pat} no match"),
        SearchState::Done { matches } => {
            let at = model
                .cursor_row(run.pane)
                .map_or(0, |r| match_index(model, r).0);
            format!("/{pat} {at}/{}", matches.len())
        }
    })
}

/// `IIS 3 of 18 lines`, or `IIS filtering 45%` while the scan runs.
pub(super) fn filter_part(model: &Model, p: PaneId) -> Option<String> {
    let f = model.filter(p);
    if !f.is_active() {
        return None;
    }
    if let Some(s) = f.scan.filter(|s| s.total > 0) {
        return Some(format!(
            "{} filtering {}",
            p.name(),
            percent(s.done, s.total)
        ));
    }
    f.visible.as_ref()?;
    Some(format!(
        "{} {} of {} lines",
        p.name(),
        model.pane_len(p),
        model.base_len(p)
    ))
}

/// `IIS 3/18` once the filter's scan is done.
pub(super) fn filter_short(model: &Model, p: PaneId) -> Option<String> {
    let f = model.filter(p);
    (f.scan.is_none_or(|s| s.total == 0) && f.visible.is_some())
        .then(|| format!("{} {}/{}", p.name(), model.pane_len(p), model.base_len(p)))
}

/// `following, 3 new` or `follow paused` while files are followed; `following HCW` (`HCW
/// follow paused`) when a time window with an end leaves the other logs unfollowed (their
/// lines after the end lie outside it), with a long form that says why.
pub(super) fn follow_part(model: &Model) -> Option<(String, String, Role)> {
    if model.live.followed == 0 {
        return None;
    }
    let new = model.live.new_rows;
    let more = if new > 0 {
        format!(", {new} new")
    } else {
        String::new()
    };
    let hcw = crate::tui::update::live::hcw_only(model);
    let why = if hcw { " (window ends)" } else { "" };
    let (word, role) = match (model.live.enabled, hcw) {
        (true, false) => ("following", Role::Ok),
        (true, true) => ("following HCW", Role::Ok),
        (false, false) => ("follow paused", Role::Warn),
        (false, true) => ("HCW follow paused", Role::Warn),
    };
    let short = format!("{word}{more}");
    Some((format!("{short}{why}"), short, role))
}
