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
    /// Per handshake: the call whose window contains its first leg.
    pub call: Vec<Option<usize>>,
    /// Per cmdlet call: its handshakes by (corrected) start; empty for calls that do not make
    /// Exchange Online call back.
    pub handshakes: Vec<Vec<usize>>,
}

impl Attribution {
    /// The call a handshake belongs to.
    pub fn call_of(&self, h: usize) -> Option<usize> {
        self.call.get(h).copied().flatten()
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
    let mut by_start: Vec<(UtcMs, usize)> = handshakes
        .iter()
        .enumerate()
        .map(|(i, h)| (handshake_start(h, offset), i))
        .collect();
    by_start.sort_unstable();
    let mut best: Vec<Option<(i64, Reverse<UtcMs>, usize)>> = vec![None; handshakes.len()];
    for (ci, call) in cmdlets.iter().enumerate().filter(|(_, c)| reaches_mrs(c)) {
        let shift = offset(call.source);
        let (start, end) = call_window(call);
        let (start, end) = (start.plus_ms(shift), end.plus_ms(shift));
        let (from, to) = attribution_window(call, shift);
        let lo = by_start.partition_point(|(t, _)| *t < from);
        let hi = by_start.partition_point(|(t, _)| *t <= to);
        for &(at, h) in &by_start[lo..hi.max(lo)] {
            let outside = if at < start {
                start.0.saturating_sub(at.0)
            } else {
                at.0.saturating_sub(end.0).max(0)
            };
            let candidate = (outside, Reverse(start), ci);
            if best[h].is_none_or(|b| candidate < b) {
                best[h] = Some(candidate);
            }
        }
    }
    let call: Vec<Option<usize>> = best.into_iter().map(|b| b.map(|(_, _, c)| c)).collect();
    let mut of_call = vec![Vec::new(); cmdlets.len()];
    for &(_, h) in &by_start {
        if let Some(list) = call[h].and_then(|c| of_call.get_mut(c)) {
            list.push(h);
        }
    }
    Attribution {
        call,
        handshakes: of_call,
    }
}
