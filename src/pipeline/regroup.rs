//! Handshakes held once while logs are followed: the analysis keeps every handshake that
//! ended, live follow keeps only what is still open (`kept.rs`), and each poll hands over the
//! handshakes that ended since and the open ones closed as if the logs ended now
//! (provisional: taken back at the next poll).
//!
//! Taking them in ends as a load of the logs as they are now would: the cross-source step
//! ([`GroupResult::resolve`]: split legs joined, users per address) runs again over the
//! grouping as the sources left it. The analysis gets that grouping back from its resolved
//! handshakes: the joined ones out, and the few handshakes the step gave up ([`Regroup`]) in.

use super::Analysis;
use crate::analyze::handshake::{GroupResult, Handshake};
use crate::source::SourceId;
use crate::time::UtcMs;

/// A handshake's identity ([`id_of`]).
pub type HandshakeId = (UtcMs, SourceId, u64);

pub use crate::analyze::handshake::{by_order_key as by_id, order_key as id_of};

/// What an analysis followed live needs, besides its handshakes, to group them again.
#[derive(Debug, Clone, Default)]
pub struct Regroup {
    /// Handshakes the cross-source step gave up, as their source grouped them: lone failed
    /// legs and challenges joined into one handshake split over two servers, successes whose
    /// challenge went to such a join.
    replaced: Vec<Handshake>,
    /// The handshakes that were still open (closed as if the logs ended then), sorted.
    provisional: Vec<HandshakeId>,
}

impl Regroup {
    /// True when there is nothing to take back.
    fn is_empty(&self) -> bool {
        self.replaced.is_empty() && self.provisional.is_empty()
    }
}

/// Takes in a grouping: `grouped` holds every source's counts, users and glued challenges as
/// they are now, the handshakes that ended since the last grouping and the provisional ones
/// (`provisional`, sorted). The provisional handshakes of the last grouping and every
/// handshake of the sources in `reread` (read again from their start) go.
pub(super) fn regroup(
    a: &mut Analysis,
    mut grouped: GroupResult,
    provisional: Vec<HandshakeId>,
    reread: &[SourceId],
) {
    let mut added = std::mem::take(&mut grouped.handshakes);
    let mut list = std::mem::take(&mut a.handshakes);
    let old = std::mem::take(&mut a.regroup);
    let stays = |h: &Handshake| {
        let id = id_of(h);
        old.provisional.binary_search(&id).is_err() && !reread.contains(&id.1)
    };
    // Back to the grouping as the sources left it: joined handshakes out (they carry the
    // server of their final leg), the ones they replaced in.
    if !old.is_empty() || !reread.is_empty() || list.iter().any(|h| h.split.is_some()) {
        list.retain(|h| h.split.is_none() && stays(h));
    }
    added.extend(old.replaced.into_iter().filter(|h| stays(h)));
    crate::order::sort_runs_by(&mut list, by_id, Handshake::hollow);
    crate::order::sort_runs_by(&mut added, by_id, Handshake::hollow);
    merge_sorted(&mut list, added);
    grouped.handshakes = list;
    let replaced = grouped.resolve_given_up();
    // In identity order, so by start: only handshakes of one start can be out of listing order.
    crate::order::sort_ties(
        &mut grouped.handshakes,
        |a, b| a.start == b.start,
        super::shown_order,
    );
    a.handshakes_unkept = 0;
    a.clients = Default::default();
    super::w3c::set_resolved(a, grouped);
    a.regroup = Regroup {
        replaced,
        provisional,
    };
}

/// Sorts the handshakes of one source (its grouper's) into identity order in place: they come
/// out of the grouper in the order they end. Their keys are read once (a handshake's first
/// leg is elsewhere in memory, and many handshakes of a busy log share a start second).
pub fn sort_source_by_id(v: &mut [Handshake]) {
    if !v.is_sorted_by(|a, b| by_id(a, b).is_le()) {
        crate::order::sort_by_unique_key(v, |h| (h.start.0, h.legs.first().map_or(0, |l| l.line)));
    }
}

/// Merges `add` into `list`, both in identity order, moving only the part of `list` after the
/// first handshake added (appended handshakes are mostly the latest).
fn merge_sorted(list: &mut Vec<Handshake>, add: Vec<Handshake>) {
    let Some(first) = add.first() else {
        return;
    };
    if list.is_empty() {
        *list = add;
        return;
    }
    let at = list.partition_point(|h| by_id(h, first).is_lt());
    let tail = list.split_off(at);
    list.reserve_exact(tail.len() + add.len());
    let (mut tail, mut add) = (tail.into_iter().peekable(), add.into_iter().peekable());
    loop {
        let next = match (tail.peek(), add.peek()) {
            (Some(t), Some(n)) if by_id(t, n).is_le() => tail.next(),
            (_, Some(_)) => add.next(),
            (Some(_), None) => tail.next(),
            (None, None) => None,
        };
        match next {
            Some(h) => list.push(h),
            None => break,
        }
    }
}
