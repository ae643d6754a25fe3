//! Jumps: between failures (`e`/`E`), between handshakes
//! (`]` `[` `}` `{`), and to a finding's evidence.

use crate::analyze::handshake::HandshakeOutcome;
use crate::analyze::mrs::is_mrsproxy;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::{StepKey, failure_key, step_key};
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::navigate::{self, Scroll};

/// Focuses a row's pane and puts the cursor on it, centred; the other pane follows. A row the
/// pane's filter hides is not reached: a note says so.
pub fn goto(model: &mut Model, row: RowRef) -> bool {
    let Some(pos) = model.pos_of(row) else {
        if model.filter(row.pane()).visible.is_some() {
            let key = super::filter::list_key(model);
            model.say(
                NoteLevel::Warn,
                format!(
                    "That line is hidden by the {} filter ({key}: filters)",
                    row.pane().name()
                ),
            );
        }
        return false;
    };
    model.focus = row.pane();
    navigate::set(model, row.pane(), pos, Scroll::Center);
    true
}

/// Next or previous failure across both panes.
pub fn failure(model: &mut Model, forward: bool) {
    let data = model.data.clone();
    let clock = model.clock.clone();
    let list: Vec<_> = model
        .timeline
        .failures
        .iter()
        .filter(|f| model.pos_of(f.row).is_some())
        .copied()
        .collect();
    if list.is_empty() {
        let why = if model.timeline.failures.is_empty() {
            "No failures found"
        } else {
            "No failure in the filtered lines"
        };
        model.say(NoteLevel::Info, why);
        return;
    }
    let cur = model
        .cursor_row(model.focus)
        .map(|r| failure_key(&data, &clock, r));
    let pick = match (cur, forward) {
        (None, true) => list.first(),
        (None, false) => list.last(),
        (Some(c), true) => list.iter().find(|f| failure_key(&data, &clock, f.row) > c),
        (Some(c), false) => list
            .iter()
            .rev()
            .find(|f| failure_key(&data, &clock, f.row) < c),
    }
    .copied();
    match pick {
        Some(f) => {
            goto(model, f.row);
            let n = list.iter().position(|x| *x == f).map_or(0, |i| i + 1);
            model.say(NoteLevel::Info, format!("Failure {n} of {}", list.len()));
        }
        None => model.say(
            NoteLevel::Info,
            if forward {
                "No failure after this point"
            } else {
                "No failure before this point"
            },
        ),
    }
}

/// Next or previous handshake (failed ones only with `failed_only`); selects its final leg,
/// the line that says how it ended.
///
/// Handshakes are stepped in the order of those lines ([`crate::tui::model::timeline::StepKey`]):
/// forward never lands before the cursor and backward never after it, in either pane, and the
/// handshake under the cursor is skipped. Forward from a cmdlet call in the HCW pane goes to the
/// call's own first handshake at or after the cursor, its `/EWS/mrsproxy.svc` ones first.
pub fn handshake(model: &mut Model, forward: bool, failed_only: bool) {
    let data = model.data.clone();
    if model.timeline.hs_steps.is_empty() {
        let why = match (
            model.empty_panes()[PaneId::Iis.index()],
            model.iis_left_out(),
        ) {
            (true, Some(_)) => {
                "No handshakes: the IIS logs lie outside the time window (T widens it)"
            }
            (true, None) => "No handshakes: no IIS log loaded",
            (false, _) => "No handshakes found",
        };
        model.say(NoteLevel::Info, why);
        return;
    }
    // From the focused pane's cursor; a focused pane without lines (no HCW log, a filter
    // hiding all) steps from the other pane's, where the user is: the key did nothing at all.
    let Some((pane, row)) = [model.focus, model.focus.other()]
        .into_iter()
        .find_map(|p| Some((p, model.cursor_row(p)?)))
    else {
        model.say(
            NoteLevel::Info,
            "No line in either pane to step from (the filters hide them all)",
        );
        return;
    };
    let clock = model.clock.clone();
    let here = step_key(&data, &clock, row);
    let current = match pane {
        PaneId::Iis => model.current_handshake(),
        PaneId::Hcw => None,
    };
    let hs = &data.analysis.handshakes;
    let filtered = model.filter(PaneId::Iis).visible.is_some();
    // `visible`: only handshakes whose final leg the IIS filter shows.
    let wanted = |h: usize, visible: bool| {
        Some(h) != current
            && (!failed_only || hs[h].outcome == HandshakeOutcome::Failed)
            && (!visible
                || data
                    .final_leg_row(&hs[h])
                    .is_some_and(|r| model.pos_of(r).is_some()))
    };
    let steps = &model.timeline.hs_steps;
    let at = model.timeline.steps_where(&data, |k| *k <= here);
    let before = model.timeline.steps_where(&data, |k| *k < here);
    let pick = |visible: bool| {
        let of_call = match (pane, forward) {
            (PaneId::Hcw, true) => data.call_of(row).and_then(|c| {
                let mine: Vec<(StepKey, usize)> = model
                    .timeline
                    .attribution
                    .of_call(c)
                    .iter()
                    .filter(|&&h| wanted(h, visible))
                    .filter_map(|&h| {
                        let leg = data.final_leg_row(&hs[h])?;
                        Some((step_key(&data, &clock, leg), h))
                    })
                    .filter(|(k, _)| *k > here)
                    .collect();
                let first = |mrs: bool| {
                    mine.iter()
                        .filter(|(_, h)| !mrs || is_mrsproxy(&hs[*h].uri))
                        .min()
                        .map(|&(_, h)| h)
                };
                first(true).or_else(|| first(false))
            }),
            _ => None,
        };
        of_call.or_else(|| {
            if forward {
                steps[at..]
                    .iter()
                    .map(|&h| h as usize)
                    .find(|&h| wanted(h, visible))
            } else {
                steps[..before]
                    .iter()
                    .rev()
                    .map(|&h| h as usize)
                    .find(|&h| wanted(h, visible))
            }
        })
    };
    let Some(h) = pick(filtered) else {
        let what = if failed_only {
            "failed handshake"
        } else {
            "handshake"
        };
        let dir = if forward { "after" } else { "before" };
        // The handshake exists but the line that ends it is filtered out: say so, or the
        // filtered pane reads as if there were none.
        if filtered && pick(false).is_some() {
            let key = super::filter::list_key(model);
            model.say(
                NoteLevel::Warn,
                format!(
                    "The next {what} {dir} this point ends on a line the IIS filter hides \
                     ({key}: filters)"
                ),
            );
            return;
        }
        model.say(NoteLevel::Info, format!("No {what} {dir} this point"));
        return;
    };
    match data.final_leg_row(&hs[h]) {
        Some(row) => {
            if goto(model, row) {
                let (n, total) = place(model, h, failed_only);
                let what = if failed_only {
                    "Failed handshake"
                } else {
                    "Handshake"
                };
                model.say(NoteLevel::Info, format!("{what} {n} of {total}"));
            }
        }
        None => model.say(NoteLevel::Warn, "That handshake's lines are not loaded"),
    }
}

/// Handshake `h`'s place among those the key steps through, as `e` says a failure's: in the
/// order of their final legs, failed ones only with `failed_only`, and only those whose final
/// leg the IIS filter shows.
fn place(model: &Model, h: usize, failed_only: bool) -> (usize, usize) {
    let data = &model.data;
    let hs = &data.analysis.handshakes;
    let filtered = model.filter(PaneId::Iis).visible.is_some();
    let shown = |h: usize| {
        (!failed_only || hs[h].outcome == HandshakeOutcome::Failed)
            && (!filtered
                || data
                    .final_leg_row(&hs[h])
                    .is_some_and(|r| model.pos_of(r).is_some()))
    };
    let (mut n, mut total) = (0, 0);
    for &s in &model.timeline.hs_steps {
        if shown(s as usize) {
            total += 1;
            if s as usize == h {
                n = total;
            }
        }
    }
    (n, total)
}

/// Jumps to the selected finding's next evidence line and closes the list.
pub fn evidence(model: &mut Model) {
    let data = model.data.clone();
    let Some(finding) = data.analysis.findings.get(model.finding.selected) else {
        return;
    };
    if finding.evidence.is_empty() {
        model.say(NoteLevel::Info, "This finding has no evidence lines");
        return;
    }
    let n = finding.evidence.len();
    let i = model.finding.evidence % n;
    let ev = finding.evidence[i];
    model.finding.evidence = (i + 1) % n;
    model.overlay = None;
    match data.row_of(ev.source, ev.line) {
        Some(row) if goto(model, row) => {
            model.say(NoteLevel::Info, format!("Evidence {} of {n}", i + 1));
        }
        Some(_) => {}
        None => model.say(
            NoteLevel::Warn,
            format!("Evidence line {} is not loaded", ev.line),
        ),
    }
}
