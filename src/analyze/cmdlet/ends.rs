//! Calls the log ends in: a START with no FINISH after which its file logs nothing that shows
//! the wizard went on — no other call's START or FINISH, no `*ERROR*`, no entry of the call's
//! own thread (HCW runs a cmdlet on its thread and waits; a click logged by the UI thread may
//! still follow). A copy taken while the call ran and a wizard killed while it hung look alike
//! here, so such a call has no result in the log ([`super::log_ends_in`]), not a failure. A
//! START the wizard went on from never finished: that stays `no FINISH logged`.
//!
//! In a file of runs appended one after another, "after" is within the call's own run: a call
//! left open when the next run began was ended by the wizard being closed or restarted, and
//! says so with the instant the next run began ([`run_ended_in`]), whether or not its run went
//! on after its START.

use super::verdict::{LOG_ENDS, OUTCOME_UNKNOWN};
use super::{CMDLET_FINISH, CMDLET_START, CmdletCall};
use crate::parse::hcw::{entry_run, run_index};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashMap;

/// How the error of a call whose run ended before its FINISH begins: another run of the
/// wizard follows in its file.
pub const RUN_ENDED: &str = "its run ended";

/// Whether `call`'s run ended before its FINISH: the next run of the wizard began in its file
/// (the wizard was closed or restarted), the instant is in its error.
pub fn run_ended_in(call: &CmdletCall) -> bool {
    call.finish_line.is_none()
        && call
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with(RUN_ENDED))
}

/// What a writer's `Finished:` says of a call whose run ended before its FINISH (None for
/// any other call: each writer keeps its own words).
pub fn run_ended_words(call: &CmdletCall) -> Option<&'static str> {
    run_ended_in(call).then_some(
        "no FINISH logged: its run ended first, when the next run in this file began (the \
         wizard was closed or restarted)",
    )
}

/// The error of a call left open when the next run began at `next`; `went_on` when its run
/// logged, after its START, what shows the wizard went on. `unnamed`: the next run's line 1
/// when its header names no clock: its stamp is then said as logged, with its line, and the
/// instant as read (by a clock its header does not name, the first run's or one given).
fn run_ended(next: UtcMs, went_on: bool, unnamed: Option<&HcwEntry>) -> String {
    let at = match unnamed {
        None => crate::time::sentence_utc(next),
        Some(e) => {
            let logged = e.local.rfc3339();
            format!(
                "{} on {} by its own machine's clock (line {}), whose zone its header does not \
                 name; read as {}, by the clock the sources list names for it",
                logged.get(11..19).unwrap_or(""),
                logged.get(..10).unwrap_or(""),
                e.line,
                crate::time::sentence_utc(next)
            )
        }
    };
    if went_on {
        format!(
            "{RUN_ENDED} with no FINISH logged for this call: the next run in this file began \
             at {at} (the wizard was closed or restarted)"
        )
    } else {
        format!(
            "{RUN_ENDED} inside this call, before its FINISH: the next run in this file began \
             at {at} (the wizard was closed or restarted)"
        )
    }
}

/// The error of a call the log ends in before its FINISH.
fn ends_inside() -> String {
    format!("{LOG_ENDS} inside this call, before its FINISH: {OUTCOME_UNKNOWN}")
}

/// Says of each call without a FINISH that the log ends in it, when nothing after its START
/// shows the wizard went on.
pub(super) fn mark(calls: &mut [CmdletCall], entries: &[HcwEntry]) {
    let breaks = crate::parse::hcw::run_breaks(entries);
    let none = Vec::new();
    let breaks_of = |s: SourceId| breaks.get(&s).unwrap_or(&none);
    let run = |e: &HcwEntry| (e.source, entry_run(breaks_of(e.source), e));
    // Per run, the last line that shows the wizard went on; per run and thread, the last line.
    let mut went_on: HashMap<(SourceId, usize), u64> = HashMap::new();
    let mut on_thread: HashMap<((SourceId, usize), &str), u64> = HashMap::new();
    for e in entries {
        // A FINISH cut inside its `[…]` may be the call's own: it does not show the wizard
        // went on.
        let call_entry =
            matches!(e.event_id, Some(CMDLET_START | CMDLET_FINISH)) && super::readable(e);
        if call_entry || e.level == HcwLevel::Error {
            let l = went_on.entry(run(e)).or_default();
            *l = (*l).max(e.line);
        }
        if let Some(t) = e.ctx("Thread") {
            let l = on_thread.entry((run(e), t)).or_default();
            *l = (*l).max(e.line);
        }
    }
    for c in calls
        .iter_mut()
        .filter(|c| c.finish_line.is_none() && !c.start_missing)
    {
        let after = |last: Option<&u64>| last.is_some_and(|&l| l > c.line);
        let thread = c.thread.as_deref().unwrap_or_default();
        let own = (c.source, run_index(breaks_of(c.source), c.line));
        let went = after(went_on.get(&own)) || after(on_thread.get(&(own, thread)));
        match breaks_of(c.source).get(own.1) {
            Some(next) => {
                let to = breaks_of(c.source).get(own.1 + 1).map(|b| b.offset);
                let unnamed = unnamed_clock(entries, c.source, next.offset, to);
                c.error = Some(run_ended(next.at, went, unnamed));
            }
            None if !went => c.error = Some(ends_inside()),
            None => {}
        }
    }
}

/// The line 1 of the run of `source` from byte `from` to `to` when its header names no clock
/// (no offset, no zone hcwlens knows, no boot instant): when that run began is then known only
/// as logged.
fn unnamed_clock(
    entries: &[HcwEntry],
    source: SourceId,
    from: u64,
    to: Option<u64>,
) -> Option<&HcwEntry> {
    let mut run: Vec<&HcwEntry> = entries
        .iter()
        .filter(|e| e.source == source && e.offset >= from && to.is_none_or(|t| e.offset < t))
        .collect();
    run.sort_by_key(|e| e.offset);
    let first = *run.first()?;
    let head: Vec<HcwEntry> = run.iter().take(40).map(|e| (*e).clone()).collect();
    let h = crate::parse::hcw::read_header(&head);
    let named = crate::parse::hcw::header_zone(&h).is_some()
        && crate::parse::hcw::header_clock(&h).is_some();
    (!named).then_some(first)
}
