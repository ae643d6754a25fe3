//! Orders that depend on session clock offsets: HCW entries and merged IIS rows by instant,
//! handshakes by the line `]`/`[` land on, the failure list for `e`/`E` (failed calls, HCW
//! errors, failed handshakes, HTTP.sys failures, failed logons in Security events), and
//! handshake ↔ cmdlet attribution (the domain's [`correlate::attribute`] on corrected clocks).
//!
//! Rebuilt whenever an offset changes ([`Timeline::retime`]). Merging big IIS sets is the only
//! slow part, so it can be done by a worker and swapped in later ([`merge`]).

use crate::analyze::correlate::{self, Attribution};
use crate::analyze::handshake::HandshakeOutcome;
use crate::index::{Merged, RequestIndex};
use crate::record::HcwLevel;
use crate::source::SourceKind;
use crate::time::UtcMs;
use crate::tui::model::clock::Clock;
use crate::tui::model::data::{Data, call_failed, to_u32};
use crate::tui::model::row::RowRef;
use std::sync::Arc;

#[cfg(test)]
mod tests;

/// Sort key shared by pane orders and search matches: `(instant ms, source position, row)`.
pub type OrderKey = (i64, u16, u32);

/// Position in time across both panes for stepping: `(whole second, pane, order key)`. IIS
/// stamps whole seconds, so "earlier" and "later" between an HCW entry and an IIS line are
/// told to the second, HCW first within a second; inside one pane it is the pane's own order.
pub type StepKey = (i64, u8, OrderKey);

/// Something `e`/`E` stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// When (offsets applied).
    pub at: UtcMs,
    /// The row to show.
    pub row: RowRef,
    /// What failed.
    pub kind: FailureKind,
}

/// What a [`Failure`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// A cmdlet call that failed (index into `cmdlets`).
    Call(usize),
    /// A failed handshake (index into `handshakes`).
    Handshake(usize),
    /// An HCW `*ERROR*` entry.
    HcwError,
    /// An HTTPERR line whose `s-reason` is of a failure class (app pool, queue, rejection).
    HttpErr,
    /// A failed Windows Security event row: a 4625, or a 4776 with a non-zero status.
    Logon,
}

/// Offset-dependent orders.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// HCW entry indexes by instant.
    pub hcw_order: Vec<u32>,
    /// Inverse of `hcw_order`: entry → position.
    pub hcw_pos: Vec<u32>,
    /// IIS rows of all W3C sources by instant.
    pub merged: Arc<Merged>,
    /// The offsets `merged` was built with (it may lag behind while a worker re-merges).
    pub merged_clock: Clock,
    /// Handshakes whose final leg is loaded, by the [`StepKey`] of that leg (where `]` lands),
    /// then by number ([`Timeline::steps_where`] searches it).
    pub hs_steps: Vec<u32>,
    /// The offsets `hs_steps`, `failures` and `attribution` were built with.
    pub steps_clock: Clock,
    /// Failures by instant.
    pub failures: Vec<Failure>,
    /// Which call each handshake belongs to, and each call's handshakes.
    pub attribution: Attribution,
}

impl Timeline {
    /// Builds everything, merging IIS rows on this thread.
    pub fn build(data: &Data, clock: &Clock) -> Self {
        Self::with_merged(data, clock, merge(&data.analysis.requests, clock))
    }

    /// Builds everything around IIS rows already merged with `clock` ([`merge`]).
    pub fn with_merged(data: &Data, clock: &Clock, merged: Merged) -> Self {
        let mut t = Timeline {
            merged: Arc::new(merged),
            merged_clock: clock.clone(),
            ..Default::default()
        };
        t.retime(data, clock);
        t
    }

    /// Rebuilds what depends on offsets, except the IIS merge.
    pub fn retime(&mut self, data: &Data, clock: &Clock) {
        let a = &data.analysis;
        let mut order: Vec<u32> = (0..a.hcw.len()).map(to_u32).collect();
        order.sort_by_key(|&e| key(data, clock, RowRef::Hcw(e)));
        self.hcw_pos = vec![0; order.len()];
        for (p, &e) in order.iter().enumerate() {
            self.hcw_pos[e as usize] = to_u32(p);
        }
        self.hcw_order = order;
        // Merging the steps is the long part on a big load of several servers: it runs on a
        // second thread, into a list allocated here (so its memory comes from this thread's
        // heap, reused, not from a fresh one of that thread).
        let finals = data.final_legs();
        let out = Vec::with_capacity(finals.iter().map(Vec::len).sum());
        let merge =
            finals.iter().filter(|f| !f.is_empty()).count() > 1 && out.capacity() >= PARALLEL_STEPS;
        let (hs_steps, attribution, failures) = std::thread::scope(|scope| {
            let (merging, out) = if merge {
                (Some(scope.spawn(|| steps(data, clock, out))), None)
            } else {
                (None, Some(out))
            };
            let attribution = correlate::attribute(&a.cmdlets, &a.handshakes, &|s| clock.offset(s));
            let failures = failures(data, clock);
            let hs_steps = match (merging.map(|m| m.join()), out) {
                (Some(Ok(v)), _) => v,
                (Some(Err(panic)), _) => std::panic::resume_unwind(panic),
                (None, out) => steps(data, clock, out.unwrap_or_default()),
            };
            (hs_steps, attribution, failures)
        });
        self.attribution = attribution;
        self.hs_steps = hs_steps;
        self.failures = failures;
        self.steps_clock = clock.clone();
    }

    /// How many of `hs_steps` come first by satisfying `pred` on their [`StepKey`] (keys rise
    /// along the list, so `pred` must hold for a prefix, like `|k| *k < here`).
    pub fn steps_where(&self, data: &Data, pred: impl Fn(&StepKey) -> bool) -> usize {
        let hs = &data.analysis.handshakes;
        self.hs_steps.partition_point(|&h| {
            hs.get(h as usize)
                .and_then(|x| data.final_leg_row(x))
                .is_some_and(|row| pred(&step_key(data, &self.steps_clock, row)))
        })
    }
}

/// Final legs from which [`Timeline::retime`] merges them on a second thread.
const PARALLEL_STEPS: usize = 1 << 16;

/// The handshakes whose final leg is loaded, in the order of that leg's [`StepKey`], then by
/// number: each index's final legs are in that order already ([`Data::final_legs`]; an offset
/// moves a whole index), so this merges them ([`merge_runs`]).
fn steps(data: &Data, clock: &Clock, out: Vec<u32>) -> Vec<u32> {
    let reqs = &data.analysis.requests;
    // Lists without an index (none in practice) give nothing, as before.
    let finals: Vec<&[(u32, u32)]> = data
        .final_legs()
        .iter()
        .zip(reqs)
        .map(|(f, _)| f.as_slice())
        .collect();
    merge_runs(&finals, out, |k, r| {
        let idx = &reqs[k];
        clock.at(idx.source, idx.ts(r as usize)).0
    })
}

/// Merges lists of `(row, handshake)`, each in the order of `time(list, row)`, by that time,
/// then list, then position: a run at a time (the list with the least head gives its items up
/// to the least head of the others), each item's time read once. The items go into `out`
/// (emptied first).
fn merge_runs(
    lists: &[&[(u32, u32)]],
    mut out: Vec<u32>,
    time: impl Fn(usize, u32) -> i64,
) -> Vec<u32> {
    out.clear();
    out.reserve(lists.iter().map(|l| l.len()).sum());
    if lists.iter().filter(|f| !f.is_empty()).count() <= 1 {
        out.extend(lists.iter().copied().flatten().map(|&(_, h)| h));
        return out;
    }
    let head = |k: usize, i: usize| lists[k].get(i).map(|&(r, _)| time(k, r));
    let mut at = vec![0usize; lists.len()];
    let mut heads: Vec<Option<i64>> = (0..lists.len()).map(|k| head(k, 0)).collect();
    loop {
        // The least head, and the least head of the other lists (by time, then list).
        let mut least: Option<(i64, usize)> = None;
        let mut next: Option<(i64, usize)> = None;
        for (k, t) in heads.iter().enumerate() {
            let Some(t) = *t else { continue };
            if least.is_none_or(|m| (t, k) < m) {
                next = least;
                least = Some((t, k));
            } else if next.is_none_or(|m| (t, k) < m) {
                next = Some((t, k));
            }
        }
        let Some((_, k)) = least else { break };
        let (list, i) = (lists[k], &mut at[k]);
        while let Some(t) = heads[k] {
            if next.is_some_and(|m| (t, k) > m) {
                break;
            }
            out.push(list[*i].1);
            *i += 1;
            heads[k] = head(k, *i);
        }
    }
    out
}

/// Time of a row with session offsets applied.
pub fn time_of(data: &Data, clock: &Clock, row: RowRef) -> UtcMs {
    let raw = match row {
        RowRef::Hcw(e) => data.analysis.hcw.get(e as usize).map(|x| x.ts),
        RowRef::Iis(k, r) => data
            .analysis
            .requests
            .get(usize::from(k))
            .map(|i| i.ts(r as usize)),
    };
    clock.at(data.source_of(row), raw.unwrap_or_default())
}

/// The order key of a row under a clock.
pub fn key(data: &Data, clock: &Clock, row: RowRef) -> OrderKey {
    let t = time_of(data, clock, row).0;
    match row {
        RowRef::Hcw(e) => (t, 0, e),
        RowRef::Iis(k, r) => (t, k, r),
    }
}

/// Merges the rows of every index by instant with the clock's offsets applied.
pub fn merge(indexes: &[Arc<RequestIndex>], clock: &Clock) -> Merged {
    let offsets: Vec<i64> = indexes.iter().map(|i| clock.offset(i.source)).collect();
    Merged::build_offset(indexes, &offsets)
}

/// Inserts rows appended to the request indexes into an order merged with `clock`. New rows
/// usually come after every loaded one, which is a plain extend; otherwise the two sorted lists
/// are merged.
pub fn insert(merged: &mut Merged, data: &Data, clock: &Clock, mut new: Vec<(u16, u32)>) {
    let k = |&(a, b): &(u16, u32)| key(data, clock, RowRef::Iis(a, b));
    new.sort_by_key(k);
    let in_order = match (merged.last(), new.first()) {
        (Some(last), Some(first)) => k(&last) <= k(first),
        _ => true,
    };
    if in_order {
        merged.extend(new);
        merged.finish();
        return;
    }
    let old = std::mem::take(merged);
    let mut out = Merged::default();
    let (mut a, mut b) = (old.iter().peekable(), new.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => k(x) <= k(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out.finish();
    *merged = out;
}

fn failures(data: &Data, clock: &Clock) -> Vec<Failure> {
    let a = &data.analysis;
    let mut out = Vec::new();
    for (c, call) in a.cmdlets.iter().enumerate() {
        if let (true, Some(row)) = (call_failed(call), data.call_row(call)) {
            out.push((row, FailureKind::Call(c)));
        }
    }
    for (e, entry) in a.hcw.iter().enumerate() {
        let row = RowRef::Hcw(to_u32(e));
        if entry.level == HcwLevel::Error && data.call_of(row).is_none() {
            out.push((row, FailureKind::HcwError));
        }
    }
    // By final leg instead of by number: only rows that are equal keep the order they are
    // pushed in, and one row's handshakes are in number order either way.
    for (k, f) in data.final_legs().iter().enumerate() {
        let Ok(k) = u16::try_from(k) else { break };
        for &(r, h) in f {
            let h = h as usize;
            if a.handshakes.get(h).map(|x| x.outcome) == Some(HandshakeOutcome::Failed) {
                out.push((RowRef::Iis(k, r), FailureKind::Handshake(h)));
            }
        }
    }
    for (k, idx) in a.requests.iter().enumerate() {
        let Ok(k) = u16::try_from(k) else { break };
        let failing: Vec<bool> = idx.strings_flagged(crate::codes::httperr::httperr_is_failure);
        if !failing.contains(&true) {
            continue;
        }
        for i in 0..idx.len() {
            let id = idx.field_id(crate::index::Field::Reason, i) as usize;
            if failing.get(id).copied().unwrap_or(false) {
                out.push((RowRef::Iis(k, to_u32(i)), FailureKind::HttpErr));
            }
        }
    }
    out.extend(failed_logons(data));
    let mut list: Vec<Failure> = out
        .into_iter()
        .map(|(row, kind)| Failure {
            at: time_of(data, clock, row),
            row,
            kind,
        })
        .collect();
    // Stable: equal keys are one row, whose first entry stays.
    list.sort_by_cached_key(|f| failure_key(data, clock, f.row));
    list.dedup_by_key(|f| f.row);
    list
}

/// The rows of `.evtx` sources whose Security event is a failure.
fn failed_logons(data: &Data) -> Vec<(RowRef, FailureKind)> {
    let a = &data.analysis;
    let mut out = Vec::new();
    for (k, idx) in a.requests.iter().enumerate() {
        let Ok(k) = u16::try_from(k) else { break };
        if data.kind(idx.source) != Some(SourceKind::Evtx) {
            continue;
        }
        for r in 0..idx.len() {
            let event = a.security.at(idx.source, idx.line_no(r));
            if event
                .and_then(|e| a.security.events.get(e))
                .is_some_and(|e| e.is_failure())
            {
                out.push((RowRef::Iis(k, to_u32(r)), FailureKind::Logon));
            }
        }
    }
    out
}

/// Order of failures and cursor positions across panes: instant, then HCW before IIS.
pub fn failure_key(data: &Data, clock: &Clock, row: RowRef) -> (i64, u8, OrderKey) {
    let k = key(data, clock, row);
    let pane = match row {
        RowRef::Hcw(_) => 0,
        RowRef::Iis(..) => 1,
    };
    (k.0, pane, k)
}

/// A row's [`StepKey`] under a clock.
pub fn step_key(data: &Data, clock: &Clock, row: RowRef) -> StepKey {
    let k = key(data, clock, row);
    let pane = match row {
        RowRef::Hcw(_) => 0,
        RowRef::Iis(..) => 1,
    };
    (k.0.div_euclid(1000), pane, k)
}
