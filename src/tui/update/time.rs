//! Time controls: display zone, pane sync, per-source clock offsets and the suggested skew.
//!
//! Offsets are applied when instants are read ([`crate::tui::model::clock::Clock::at`]), so a
//! nudge only re-sorts what depends on time; loaded data never changes.

use crate::source::{SourceId, SourceKind};
use crate::tui::effect::Effect;
use crate::tui::model::clock::format_delta;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::merge;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::navigate;
use std::sync::Arc;

/// Above this many IIS rows a re-merge runs in a worker instead of inside `update`.
pub const MERGE_INLINE_LIMIT: usize = 200_000;

/// Cycles the display zone (the status bar and pane titles name it).
pub fn cycle_zone(model: &mut Model) {
    model.clock.zone = model.zones.next(model.clock.zone);
}

/// Turns pane sync on or off (on: the other pane jumps to the cursor's instant now).
pub fn toggle_sync(model: &mut Model) {
    model.clock.sync = !model.clock.sync;
    if model.clock.sync {
        navigate::sync_other(model);
        model.say(
            NoteLevel::Info,
            "Sync on: the other pane follows the cursor",
        );
    } else {
        model.say(NoteLevel::Info, "Sync off: panes move independently");
    }
}

/// Shifts the clock of the source under the focused cursor; a run's HCW log that names its
/// machine takes the logs of its run that name none along (the `.boot`, which took that
/// machine's clock at load: `source::run_namer`), so the run stays on one clock.
pub fn nudge(model: &mut Model, delta_ms: i64) -> Vec<Effect> {
    let Some(row) = model.cursor_row(model.focus) else {
        model.say(NoteLevel::Info, "Nothing here to shift");
        return Vec::new();
    };
    let source = model.data.source_of(row);
    let now = model.clock.offset(source).saturating_add(delta_ms);
    model.clock.set_offset(source, now);
    let along = run_followers(model, source);
    for &s in &along {
        let moved = model.clock.offset(s).saturating_add(delta_ms);
        model.clock.set_offset(s, moved);
    }
    let name = source_name(model, source);
    let with = match along.as_slice() {
        [] => String::new(),
        [one] => format!(" (and its run's {})", run_log_name(model, *one)),
        more => format!(" (and its run's {} other logs)", more.len()),
    };
    model.say(
        NoteLevel::Info,
        format!("{name} clock offset {}{with}", format_delta(now)),
    );
    retime(model)
}

/// The HCW logs of `source`'s run that name no machine and take `source`'s clock (a run's
/// `.boot` for its `.log`): none unless `source` is the run's log that names its machine.
fn run_followers(model: &Model, source: SourceId) -> Vec<SourceId> {
    let sources = &model.data.analysis.sources;
    sources
        .iter()
        .filter(|t| t.kind == SourceKind::Hcw && t.server.is_empty())
        .filter(|t| crate::source::run_namer(sources, &t.path).is_some_and(|o| o.id == source))
        .map(|t| t.id)
        .collect()
}

/// `.boot`: how the status names a log of a run by its extension.
fn run_log_name(model: &Model, source: SourceId) -> String {
    crate::source::by_id(&model.data.analysis.sources, source)
        .and_then(|s| s.path.extension())
        .map_or_else(
            || "log".to_string(),
            |e| crate::escape::escape_control(&format!(".{}", e.to_string_lossy())).into_owned(),
        )
}

/// Applies the analysis' suggested HCW clock correction to the HCW sources it is about (the
/// whole zone when the suggestion is a time-zone difference): every one, or when it names a
/// machine, the logs whose runs are all that machine's. A log that also holds another
/// machine's runs is left as it is (an offset moves a whole file), and the note says so.
pub fn apply_skew(model: &mut Model) -> Vec<Effect> {
    let Some(skew) = model.data.analysis.skew.clone() else {
        model.say(NoteLevel::Info, "No clock skew suggested for these logs");
        return Vec::new();
    };
    let hcw: Vec<SourceId> = hcw_sources(model);
    if hcw.is_empty() {
        model.say(NoteLevel::Info, "No HCW log to shift");
        return Vec::new();
    }
    let shift = crate::analyze::skew::correction_ms(&skew);
    let (targets, mixed) = match skew.machine.as_deref() {
        None => (hcw, Vec::new()),
        Some(machine) => machine_sources(model, &hcw, machine),
    };
    let shifted = format!(
        "{} shifted by {} ({})",
        skew.machine
            .as_deref()
            .map_or("HCW clock".to_string(), |m| format!("HCW clock of {m}")),
        crate::wording::clock_shift(shift),
        crate::analyze::skew::calls_lined(&skew),
    );
    if let (Some(machine), Some(&first)) = (skew.machine.as_deref(), mixed.first()) {
        let hint = crate::escape::escape_control(&format!(
            "{} also holds another machine's runs: not shifted ({})",
            source_name(model, first),
            crate::analyze::skew::apply_with(
                machine,
                crate::analyze::skew::apply_skew_ms(&skew, &model.data.analysis.sources),
                "load with"
            ),
        ))
        .into_owned();
        if targets.is_empty() {
            model.say(NoteLevel::Warn, hint);
            return Vec::new();
        }
        for &s in &targets {
            model.clock.set_offset(s, shift);
        }
        model.say(NoteLevel::Warn, format!("{shifted}; {hint}"));
        return retime(model);
    }
    for &s in &targets {
        model.clock.set_offset(s, shift);
    }
    model.say(NoteLevel::Info, shifted);
    retime(model)
}

/// Of the HCW sources `hcw`, those whose runs are all `machine`'s, and those that hold runs of
/// it beside another machine's.
fn machine_sources(
    model: &Model,
    hcw: &[SourceId],
    machine: &str,
) -> (Vec<SourceId>, Vec<SourceId>) {
    let runs = crate::analyze::overview::runs::runs(&model.data.analysis, &|_| 0);
    let (mut only, mut mixed) = (Vec::new(), Vec::new());
    for &s in hcw {
        let of = |want: bool| {
            runs.iter().filter(|r| r.sources.contains(&s)).any(|r| {
                r.server
                    .as_deref()
                    .is_some_and(|m| crate::source::same_machine(m, machine))
                    == want
            })
        };
        match (of(true), of(false)) {
            (true, false) => only.push(s),
            (true, true) => mixed.push(s),
            _ => {}
        }
    }
    (only, mixed)
}

/// Removes every session offset.
pub fn reset(model: &mut Model) -> Vec<Effect> {
    if !model.clock.any_offset() {
        model.say(NoteLevel::Info, "No offsets to remove");
        return Vec::new();
    }
    model.clock.offsets.clear();
    model.say(NoteLevel::Info, "Clock offsets removed");
    retime(model)
}

/// Re-derives everything that depends on offsets, keeping both cursors on their rows.
pub fn retime(model: &mut Model) -> Vec<Effect> {
    let keep: Vec<Option<RowRef>> = PaneId::ALL.iter().map(|&p| model.cursor_row(p)).collect();
    let data = model.data.clone();
    let clock = model.clock.clone();
    model.timeline.retime(&data, &clock);
    let mut effects = Vec::new();
    let iis_changed = data
        .analysis
        .requests
        .iter()
        .any(|i| clock.offset(i.source) != model.timeline.merged_clock.offset(i.source));
    if iis_changed {
        if model.timeline.merged.len() <= MERGE_INLINE_LIMIT {
            model.timeline.merged = Arc::new(merge(&data.analysis.requests, &clock));
            model.timeline.merged_clock = clock.clone();
        } else {
            model.merge_generation += 1;
            effects.push(Effect::Remerge {
                generation: model.merge_generation,
            });
        }
    }
    crate::tui::update::filter::reorder(model);
    restore_cursors(model, &keep);
    crate::tui::update::search::resort(model);
    effects
}

/// Puts each pane's cursor back on the row it was on, then re-syncs from the focused pane.
pub fn restore_cursors(model: &mut Model, keep: &[Option<RowRef>]) {
    for (p, row) in PaneId::ALL.iter().zip(keep) {
        if let Some(pos) = row.and_then(|r| model.pos_of(r)) {
            model.panes[p.index()].cursor = pos;
        }
    }
    navigate::keep_visible(model);
    if model.clock.sync {
        navigate::sync_other(model);
    }
}

fn hcw_sources(model: &Model) -> Vec<SourceId> {
    model
        .data
        .analysis
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .map(|s| s.id)
        .collect()
}

/// `HCW EX01` style name of a source.
pub fn source_name(model: &Model, source: SourceId) -> String {
    crate::source::by_id(&model.data.analysis.sources, source)
        .map(|s| format!("{} {}", s.kind.tag(), s.name()))
        .unwrap_or_else(|| "source".to_string())
}
