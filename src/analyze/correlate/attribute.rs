//! The one definition of "a call's handshakes": a handshake belongs to the MRS-reaching call
//! whose window contains the handshake's first leg, both read on their source's corrected clock.
//!
//! A call's window is START..FINISH (START + `Time=`, or START + 60 s when it never finished),
//! widened by [`ATTRIBUTION_TOLERANCE_MS`] on each side and by nothing else. The report
//! (`handshakes[].cmdlet`), the HCW detail, the handshake pane and the explorer's stepping all
//! read the [`Attribution`] this builds, so they cannot disagree.

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::{call_window, reaches_mrs};
use crate::analyze::handshake::Handshake;
use crate::source::SourceId;
use crate::time::UtcMs;
use std::cmp::Reverse;

/// Widening of a call's window on each side, in ms. IIS stamps a request with the whole second
/// it completed in, so a leg of the call's own traffic can carry a stamp up to a second before
/// the START that HCW wrote with milliseconds; one more second covers a FINISH written just
/// before the last leg was logged. Anything further off is clock skew, which is offered as a
/// correction instead of being absorbed here.
pub const ATTRIBUTION_TOLERANCE_MS: i64 = 2_000;

/// Call ↔ handshake attribution under one set of clock offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// `(handshake, call)` for each handshake in some call's window, by handshake (a large
    /// load's handshakes mostly belong to no call, and take no room here).
    calls: Vec<(u32, u32)>,
    /// Per cmdlet call: its handshakes by (corrected) start; empty for calls that do not make
    /// Exchange Online call back.
    pub handshakes: Vec<Vec<usize>>,
}

impl Attribution {
    /// The call a handshake belongs to.
    pub fn call_of(&self, h: usize) -> Option<usize> {
        let h = u32::try_from(h).ok()?;
        let i = self.calls.binary_search_by_key(&h, |&(x, _)| x).ok()?;
        self.calls.get(i).map(|&(_, c)| c as usize)
    }

    /// `(handshake, call)` of every attributed handshake, by handshake.
    pub fn by_handshake(&self) -> &[(u32, u32)] {
        &self.calls
    }

    /// A call's handshakes, by start.
    pub fn of_call(&self, c: usize) -> &[usize] {
        self.handshakes.get(c).map_or(&[], Vec::as_slice)
    }
}

/// A call's attribution window on its source's corrected clock: `(from, to)`, tolerance included.
pub fn attribution_window(call: &CmdletCall, offset_ms: i64) -> (UtcMs, UtcMs) {
    let (start, end) = call_window(call);
    (
        start.plus_ms(offset_ms - ATTRIBUTION_TOLERANCE_MS),
        end.plus_ms(offset_ms + ATTRIBUTION_TOLERANCE_MS),
    )
}

/// A handshake's start on its source's corrected clock.
pub fn handshake_start(h: &Handshake, offset: &dyn Fn(SourceId) -> i64) -> UtcMs {
    let src = h.legs.first().map(|l| l.source).unwrap_or_default();
    h.start.plus_ms(offset(src))
}

/// Attributes every handshake to the MRS-reaching call whose window contains its start, with
/// `offset` giving the ms to add to each source's instants. When windows overlap, the call whose
/// own START..FINISH contains the start wins, then the one that started last.
pub fn attribute(
    cmdlets: &[CmdletCall],
    handshakes: &[Handshake],
    offset: &dyn Fn(SourceId) -> i64,
) -> Attribution {
    let mut of_call = vec![Vec::new(); cmdlets.len()];
    let mrs: Vec<(usize, &CmdletCall)> = cmdlets
        .iter()
        .enumerate()
        .filter(|(_, c)| reaches_mrs(c))
        .collect();
    if mrs.is_empty() || handshakes.is_empty() {
        return Attribution {
            calls: Vec::new(),
            handshakes: of_call,
        };
    }
    let start = |h: usize| handshake_start(&handshakes[h], offset);
    // Handshakes by corrected start, then number: their own order unless offsets moved some
    // sources against others.
    let order = by_start(handshakes.len(), &start);
    let at = |i: usize| order.as_ref().map_or(i, |o| o[i] as usize);
    let mut cands: Vec<(u32, Candidate)> = Vec::new();
    for (ci, call) in mrs {
        let shift = offset(call.source);
        let (from, to) = call_window(call);
        let (from, to) = (from.plus_ms(shift), to.plus_ms(shift));
        let (lo_t, hi_t) = attribution_window(call, shift);
        let lo = partition(handshakes.len(), |i| start(at(i)) < lo_t);
        let hi = partition(handshakes.len(), |i| start(at(i)) <= hi_t);
        for h in (lo..hi.max(lo)).map(at) {
            let t = start(h);
            let outside = if t < from {
                from.0.saturating_sub(t.0)
            } else {
                t.0.saturating_sub(to.0).max(0)
            };
            cands.push((
                u32::try_from(h).unwrap_or(u32::MAX),
                (outside, Reverse(from), ci),
            ));
        }
    }
    // The best candidate of each handshake comes first.
    cands.sort_unstable();
    cands.dedup_by_key(|&mut (h, _)| h);
    let calls: Vec<(u32, u32)> = cands
        .into_iter()
        .map(|(h, (_, _, c))| (h, u32::try_from(c).unwrap_or(u32::MAX)))
        .collect();
    for &(h, c) in &calls {
        if let Some(list) = of_call.get_mut(c as usize) {
            list.push(h as usize);
        }
    }
    for list in &mut of_call {
        list.sort_by_cached_key(|&h| (start(h), h));
    }
    Attribution {
        calls,
        handshakes: of_call,
    }
}

/// How well a call fits a handshake, best first: how far the start lies outside the call's
/// START..FINISH, then the latest START, then the call.
type Candidate = (i64, Reverse<UtcMs>, usize);

/// The order of `n` handshakes by `start`, then number: `None` when that is their own order.
fn by_start(n: usize, start: &dyn Fn(usize) -> UtcMs) -> Option<Vec<u32>> {
    if (1..n).all(|h| start(h - 1) <= start(h)) {
        return None;
    }
    let mut order: Vec<u32> = (0..n)
        .map(|h| u32::try_from(h).unwrap_or(u32::MAX))
        .collect();
    order.sort_by_cached_key(|&h| (start(h as usize), h));
    Some(order)
}

/// The first of `0..n` for which `below` is false (it holds for a prefix).
fn partition(n: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
