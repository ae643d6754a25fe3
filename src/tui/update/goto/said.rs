//! What the status line says after `:`: where the focused cursor landed, in the zone on screen
//! (the status line names it beside) and to the resolution its log writes (`At 13:23:20` on an
//! IIS row, `At 13:24:04.797 (nearest 13:23:46)` between HCW entries), short enough to share the
//! line at 80 columns; or that the time asked is outside the loaded logs and where the cursor
//! went instead.

use crate::time::{Resolution, UtcMs};
use crate::tui::model::Model;

/// The note for a jump to `at`, the panes already moved; `range` the loaded logs' first and
/// last instants. None when neither pane has a line.
pub fn landed_note(model: &Model, at: UtcMs, range: Option<(UtcMs, UtcMs)>) -> Option<String> {
    // The focused pane, or the other when the focused one has no line.
    let (p, row) = [model.focus, model.focus.other()]
        .into_iter()
        .find_map(|p| model.cursor_row(p).map(|r| (p, r)))?;
    let t = model.time_of(row);
    let res = crate::source::resolution(
        &model.data.analysis.sources,
        Some(model.data.source_of(row)),
    );
    // What was asked, as typed: to the second unless it named milliseconds.
    let asked_res = if at.0.rem_euclid(1000) == 0 {
        Resolution::Second
    } else {
        Resolution::Millisecond
    };
    let zone = model.zone_label();
    let day = |x: UtcMs| model.fmt_date(x);
    if let Some((lo, hi)) = range.filter(|&(lo, hi)| at < lo || at > hi) {
        let end = if at < lo { "first" } else { "last" };
        // Another day than the logs' is named with its date, and so are the logs' ends.
        let dated = day(lo) != day(at) || day(hi) != day(at);
        return Some(format!(
            "{} is outside the loaded logs ({} – {} {zone}): at {}, the {end} {} line",
            clock(model, at, asked_res, dated),
            clock(model, lo, Resolution::Second, dated),
            clock(model, hi, Resolution::Second, dated && day(lo) != day(hi)),
            clock(model, t, res, day(t) != day(at)),
            p.name()
        ));
    }
    let dated = day(t) != day(at);
    let landed = clock(model, t, res, dated);
    // On the instant asked, as finely as the line's log writes it.
    if landed == clock(model, at, res, dated) {
        return Some(format!("At {landed}"));
    }
    Some(format!(
        "At {landed} (nearest {})",
        clock(model, at, asked_res, dated)
    ))
}

/// `13:23:44.783`, or `13:23:46` for a source writing whole seconds, in the display zone; with
/// its date before it when `dated`.
fn clock(model: &Model, t: UtcMs, res: Resolution, dated: bool) -> String {
    let full = crate::time::clock(t, &model.zone(), res);
    if dated {
        full
    } else {
        full.get(11..).unwrap_or(&full).to_string()
    }
}
