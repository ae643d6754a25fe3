//! The final legs of each request index put in the order the timeline reads them: by their
//! row's instant, then row, then handshake. They arrive per run of handshakes in handshake
//! order, and handshakes are listed by start, so by row they are nearly in order already (a
//! final leg comes soon after its handshake's start): each pair moves back past the few that
//! overtook it. Rows follow the file, which IIS writes in time order, so the instants are
//! mostly only checked.

use super::piece::Finals;
use crate::index::RequestIndex;
use std::sync::Arc;

/// Moves a pair may make on average before the general sort takes over.
const MOVES_PER_PAIR: usize = 8;

/// Each index's runs of final legs (`runs[k]`: index `k`'s per run, in list order) as one
/// list in order, one index after the other (each a few milliseconds; at once they would hold
/// more memory at the load's peak).
pub(super) fn ordered(runs: Vec<Vec<Finals>>, requests: &[Arc<RequestIndex>]) -> Vec<Finals> {
    runs.into_iter()
        .zip(requests)
        .map(|(r, idx)| finish(r, idx))
        .collect()
}

/// One index's final legs from its runs, in order.
pub(super) fn finish(runs: Vec<Finals>, idx: &RequestIndex) -> Finals {
    let mut f = concat(runs);
    by_row(&mut f);
    by_time(&mut f, idx);
    f
}

/// The runs one after the other, in a list of exactly their size: the first run's, widened
/// (each run is let go once copied).
fn concat(runs: Vec<Finals>) -> Finals {
    let more = runs.iter().skip(1).map(Vec::len).sum::<usize>();
    let mut runs = runs.into_iter();
    let mut f = runs.next().unwrap_or_default();
    if more == 0 {
        f.shrink_to_fit();
        return f;
    }
    f.reserve_exact(more);
    for r in runs {
        f.extend(r);
    }
    f.shrink_to_fit();
    f
}

/// Sorts pairs by row, then handshake: each moves back past the pairs that overtook it; when
/// that adds up to more than [`MOVES_PER_PAIR`] a pair, the general sort does the rest.
pub(super) fn by_row(f: &mut [(u32, u32)]) {
    let budget = f.len().saturating_mul(MOVES_PER_PAIR);
    let mut moves = 0usize;
    for i in 1..f.len() {
        let x = f[i];
        if f[i - 1] <= x {
            continue;
        }
        let at = f[..i].iter().rposition(|&y| y <= x).map_or(0, |p| p + 1);
        moves += i - at;
        if moves > budget {
            f.sort_unstable();
            return;
        }
        f[at..=i].rotate_right(1);
    }
}

/// Puts pairs sorted by row in the order of their rows' instants, rows (then handshakes) in
/// order within an instant. Only when the check finds rows out of time order are the instants
/// decoded again, kept beside the pairs while sorting.
fn by_time(f: &mut Finals, idx: &RequestIndex) {
    let mut prev = i64::MIN;
    let in_order = f.iter().all(|&(r, _)| {
        let t = idx.ts(r as usize).0;
        let ok = prev <= t;
        prev = t;
        ok
    });
    if in_order {
        return;
    }
    let mut keyed: Vec<(i64, u32, u32)> = f
        .iter()
        .map(|&(r, h)| (idx.ts(r as usize).0, r, h))
        .collect();
    // A handshake has one final leg, so the keys are unique: the unstable sort is the stable one.
    keyed.sort_unstable();
    f.clear();
    f.extend(keyed.into_iter().map(|(_, r, h)| (r, h)));
}
