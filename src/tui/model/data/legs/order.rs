//! The final legs of each request index put in the order the timeline reads them: by their
//! row's instant, then row, then handshake. They arrive per run of handshakes in handshake
//! order, and handshakes are listed by start, so by row they are nearly in order already (a
//! final leg comes soon after its handshake's start): each pair moves back past the few that
//! overtook it. Rows follow the file, which IIS writes in time order, so the instants are
//! mostly only checked. Indexes are ordered on their own threads.

use super::piece::Finals;
use crate::index::RequestIndex;
use std::sync::Arc;

/// Moves a pair may make on average before the general sort takes over.
const MOVES_PER_PAIR: usize = 8;

/// One index's runs of final legs, the index's number and the index.
type Job<'a> = (usize, Vec<Finals>, &'a RequestIndex);

/// Each index's runs of final legs (`runs[k]`: index `k`'s per run, in list order) as one
/// list in order, worked out on up to `threads` threads.
pub(super) fn ordered(
    runs: Vec<Vec<Finals>>,
    requests: &[Arc<RequestIndex>],
    threads: usize,
) -> Vec<Finals> {
    let threads = threads.clamp(1, runs.len().max(1));
    let jobs: Vec<Job<'_>> = runs
        .into_iter()
        .zip(requests)
        .enumerate()
        .map(|(k, (r, idx))| (k, r, &**idx))
        .collect();
    if threads == 1 {
        return jobs.into_iter().map(|(_, r, idx)| finish(r, idx)).collect();
    }
    // The biggest first, each to the thread with the fewest pairs so far.
    let mut jobs = jobs;
    jobs.sort_by_key(|(_, r, _)| std::cmp::Reverse(pairs(r)));
    let mut groups: Vec<(usize, Vec<Job<'_>>)> =
        (0..threads).map(|_| (0, Vec::new())).collect();
    for job in jobs {
        if let Some(g) = groups.iter_mut().min_by_key(|g| g.0) {
            g.0 += pairs(&job.1);
            g.1.push(job);
        }
    }
    let run = |group: Vec<Job<'_>>| -> Vec<(usize, Finals)> {
        group
            .into_iter()
            .map(|(k, r, idx)| (k, finish(r, idx)))
            .collect()
    };
    let mut groups = groups.into_iter().map(|g| g.1);
    let own = groups.next().unwrap_or_default();
    let done: Vec<(usize, Finals)> = std::thread::scope(|s| {
        let others: Vec<_> = groups.map(|g| s.spawn(move || run(g))).collect();
        let mut done = run(own);
        for other in others {
            match other.join() {
                Ok(d) => done.extend(d),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    let mut out: Vec<Finals> = vec![Vec::new(); requests.len()];
    for (k, f) in done {
        if let Some(slot) = out.get_mut(k) {
            *slot = f;
        }
    }
    out
}

fn pairs(runs: &[Finals]) -> usize {
    runs.iter().map(Vec::len).sum()
}

/// One index's final legs from its runs, in order.
pub(super) fn finish(runs: Vec<Finals>, idx: &RequestIndex) -> Finals {
    let mut f = concat(runs);
    by_row(&mut f);
    by_time(&mut f, idx);
    f
}

/// The runs one after the other, in a list of exactly their size.
fn concat(mut runs: Vec<Finals>) -> Finals {
    if runs.len() <= 1 {
        let mut f = runs.pop().unwrap_or_default();
        f.shrink_to_fit();
        return f;
    }
    let mut f = Vec::with_capacity(pairs(&runs));
    for r in runs {
        f.extend(r);
    }
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
