//! The search for the shift that lines HCW test calls up with the mrsproxy requests they
//! cause: coarse candidates (whole, half and quarter-hour zones within ±14 h, [`by_zone`]; a
//! clock minutes off, every 3 min within ±15 min, [`by_drift`]) scored with ±2 min of slack,
//! then the best runs of them searched to the second; a call lines up when a request started
//! inside its shifted window.

use super::{
    COARSE_SLACK_MS, COARSE_STEP_MS, DRIFT_RANGE_MS, EXPECTED_MS, FINE_SLACK_MS, FINE_STEP_MS,
    MAX_RUNS, ZONE_RANGE_MS, ZONE_STEP_MS,
};
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::call_window;
use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;

/// The mrsproxy requests' starts with their numbers, in time order.
pub(super) fn starts_of(mrs: &[MrsRequest]) -> Vec<(UtcMs, usize)> {
    let mut starts: Vec<(UtcMs, usize)> = mrs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.started(), i))
        .collect();
    starts.sort_unstable();
    starts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Score {
    /// Calls with an mrsproxy request inside their shifted window.
    pub(super) matched: usize,
    /// Sum of [`penalty`] over matched calls.
    pub(super) distance: i64,
    /// Sum of distances from [`EXPECTED_MS`] over matched calls (the tie-breaker).
    pub(super) miss: i64,
}

/// The zone candidates searched: a wrong zone, with a little drift.
pub(super) fn by_zone(calls: &[&CmdletCall], starts: &[(UtcMs, usize)]) -> Search {
    let zones = (-ZONE_RANGE_MS / ZONE_STEP_MS..=ZONE_RANGE_MS / ZONE_STEP_MS)
        .map(|k| k * ZONE_STEP_MS)
        .collect();
    search(calls, starts, zones, ZONE_STEP_MS)
}

/// The drift candidates searched: a clock minutes off.
pub(super) fn by_drift(calls: &[&CmdletCall], starts: &[(UtcMs, usize)]) -> Search {
    let drifts = (-DRIFT_RANGE_MS / COARSE_STEP_MS..=DRIFT_RANGE_MS / COARSE_STEP_MS)
        .map(|k| k * COARSE_STEP_MS)
        .collect();
    search(calls, starts, drifts, COARSE_STEP_MS)
}

/// What a search of coarse candidates found.
pub(super) enum Search {
    /// No candidate lines up a call.
    Nothing,
    /// Several readings line up as many calls (this many) as well.
    Ambiguous(usize),
    /// The shift, to the second, and how it lines up the calls.
    Found(i64, Score),
}

impl Search {
    /// How many calls the best reading lines up.
    pub(super) fn matched(&self) -> usize {
        match self {
            Search::Nothing => 0,
            Search::Ambiguous(n) => *n,
            Search::Found(_, s) => s.matched,
        }
    }
}

/// The coarse `candidates` (`step` apart, in order) that line up the most calls (±2 min), in
/// runs of adjacent ones whose windows reach the same requests, each searched to the second;
/// found when one reading lines up more calls, or as many closer to where the requests are
/// expected, than any other.
fn search(
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    candidates: Vec<i64>,
    step: i64,
) -> Search {
    let mut coarse: Vec<(i64, Score)> = candidates
        .into_iter()
        .map(|off| (off, score(calls, starts, off, COARSE_SLACK_MS)))
        .collect();
    let best_coarse = coarse.iter().map(|(_, s)| s.matched).max().unwrap_or(0);
    if best_coarse == 0 {
        return Search::Nothing;
    }
    coarse.retain(|(_, s)| s.matched == best_coarse);
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &(off, _) in &coarse {
        match runs.last_mut() {
            Some((_, high)) if off - *high == step => *high = off,
            _ => runs.push((off, off)),
        }
    }
    // A run is as long as the windows reaching one request: a call's length and the slack;
    // longer, or many runs, is steady traffic, where any shift fits.
    let longest = calls
        .iter()
        .map(|c| {
            let (from, to) = call_window(c);
            to.0.saturating_sub(from.0)
        })
        .max()
        .unwrap_or(0);
    let span = longest.saturating_add(2 * COARSE_SLACK_MS);
    if runs.len() > MAX_RUNS || runs.iter().any(|(l, h)| h - l > span) {
        return Search::Ambiguous(best_coarse);
    }
    let mut fine: Vec<(i64, Score)> = runs
        .iter()
        .filter_map(|&r| fine_best(calls, starts, r))
        .collect();
    let Some(top) = fine.iter().map(|(_, s)| (s.matched, -s.distance)).max() else {
        return Search::Nothing;
    };
    fine.retain(|(_, s)| (s.matched, -s.distance) == top);
    match fine[..] {
        [(offset, best)] => Search::Found(offset, best),
        _ => Search::Ambiguous(top.0),
    }
}

/// The best shift to the second within a run of coarse candidates `(low, high)`, ±2 min:
/// most calls lined up, then the least distance from where requests are expected, then the
/// nearest a whole zone (a wrong zone is likelier than a drift).
fn fine_best(
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    (low, high): (i64, i64),
) -> Option<(i64, Score)> {
    let zone = ((low + high) / 2 + ZONE_STEP_MS / 2).div_euclid(ZONE_STEP_MS) * ZONE_STEP_MS;
    ((low - COARSE_SLACK_MS) / FINE_STEP_MS..=(high + COARSE_SLACK_MS) / FINE_STEP_MS)
        .map(|k| k * FINE_STEP_MS)
        .map(|off| (off, score(calls, starts, off, FINE_SLACK_MS)))
        .max_by(|(oa, a), (ob, b)| {
            a.matched
                .cmp(&b.matched)
                .then(b.distance.cmp(&a.distance))
                .then(b.miss.cmp(&a.miss))
                .then((ob - zone).abs().cmp(&(oa - zone).abs()))
        })
}

/// How many of `calls` line up with a request of `mrs` when shifted by `offset` ms (a request
/// started inside the call's shifted window, ±2 s): the evidence that decides between two
/// readings of an HCW clock.
pub fn calls_lined_up(calls: &[&CmdletCall], mrs: &[MrsRequest], offset: i64) -> usize {
    let calls: Vec<&CmdletCall> = calls
        .iter()
        .copied()
        .filter(|c| super::lines_up(c))
        .collect();
    let starts = starts_of(mrs);
    score(&calls, &starts, offset, FINE_SLACK_MS).matched
}

/// The request (by estimated start) inside a call's window shifted by `offset` and widened by
/// `slack` that is nearest to where the call's first request is expected:
/// `(penalty, miss, mrs index)`.
pub(super) fn nearest(
    call: &CmdletCall,
    starts: &[(UtcMs, usize)],
    offset: i64,
    slack: i64,
) -> Option<(i64, i64, usize)> {
    let (start, end) = call_window(call);
    let from = start.plus_ms(offset - slack);
    let to = end.plus_ms(offset + slack);
    let lo = starts.partition_point(|(t, _)| *t < from);
    let hi = starts.partition_point(|(t, _)| *t <= to).max(lo);
    if lo == hi {
        return None;
    }
    let shifted = start.0.saturating_add(offset);
    let expected = shifted.saturating_add(EXPECTED_MS);
    let at = starts[lo..hi].partition_point(|(t, _)| t.0 < expected) + lo;
    [at.checked_sub(1), Some(at)]
        .into_iter()
        .flatten()
        .filter(|&k| lo <= k && k < hi)
        .map(|k| {
            let (t, i) = starts[k];
            let d = t.0.saturating_sub(shifted);
            (penalty(d), d.saturating_sub(EXPECTED_MS).abs(), i)
        })
        .min()
}

/// How far a request starting `d` ms after the (shifted) START is from where it is expected:
/// Exchange Online connects within a second or two, and IIS truncates to whole seconds.
fn penalty(d: i64) -> i64 {
    (-1_000i64)
        .saturating_sub(d)
        .max(0)
        .saturating_add(d.saturating_sub(2_000).max(0))
}

pub(super) fn score(
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    offset: i64,
    slack: i64,
) -> Score {
    let mut s = Score {
        matched: 0,
        distance: 0,
        miss: 0,
    };
    for call in calls {
        if let Some((p, miss, _)) = nearest(call, starts, offset, slack) {
            s.matched += 1;
            s.distance = s.distance.saturating_add(p);
            s.miss = s.miss.saturating_add(miss);
        }
    }
    s
}
