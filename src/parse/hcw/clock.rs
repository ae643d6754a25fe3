//! Placing an HCW file's wall-clock stamps on the UTC axis, across daylight-saving switches.
//!
//! The header's `Date Time Offset` is the machine's offset when the run started; the zone name
//! in line 1 (or `--tz`) gives the rules. When both are known and agree at the first stamp, the
//! header's offset holds at the start and later stamps follow the zone's rules: after a spring
//! switch the new offset applies, and in the hour an autumn switch repeats the earlier
//! (summer) offset holds until the wall clock steps back, the later one after — so the UTC
//! times rise with file order, as HCW writes them. A run wholly in the repeated hour keeps
//! the offset the header names (`Date Time Offset`, else the one the Boot Configuration's
//! `DateTimeUtcTicks` implies). Without either, a run that begins in a repeated hour and leaves
//! it forward without the wall clock stepping back was in the hour's second pass; one wholly
//! in the hour cannot be told from the log: it is read as the first pass and its other reading
//! is handed on ([`repeated_reading`]) for the IIS requests to decide
//! (`pipeline/hcw/repeated.rs`). A stamp in the hour a spring switch skips keeps the offset
//! before it.

use super::header::HcwHeader;
use super::windows_zone;
use crate::record::HcwEntry;
use crate::time::{UtcMs, ZoneSpec};
use chrono::{LocalResult, Offset, TimeZone};
use chrono_tz::Tz;

/// How far (ms) a stamp may fall behind the previous one before the wall clock counts as
/// having stepped back (threads logging at once can be a little out of order).
const BACK_STEP_MS: i64 = 1000;

/// The clock of one HCW file: its zone, and the offset known to hold at its first stamp.
#[derive(Debug, Clone, PartialEq)]
pub struct RunClock {
    /// The zone the stamps are in.
    pub zone: ZoneSpec,
    /// The offset (seconds east of UTC) the header says held when the run started, when it
    /// is one the zone has at the first stamp.
    pub start_offset: Option<i32>,
}

impl RunClock {
    /// A clock with no start offset known.
    pub fn of(zone: ZoneSpec) -> Self {
        RunClock {
            zone,
            start_offset: None,
        }
    }

    /// `zone` with the header's offset as the start offset, when the two agree at `first`
    /// (a naive local stamp); the header's facts are ignored when its stamps are UTC.
    pub fn with_header(zone: ZoneSpec, h: &HcwHeader) -> Self {
        let offset = h.offset_secs.or_else(|| super::header::boot_offset(h));
        let start_offset = match (&zone, offset, h.first_local) {
            (ZoneSpec::Iana(tz), Some(o), Some(first)) if !h.stamps_are_utc => {
                offsets_at(tz, first).contains(o).then_some(o)
            }
            _ => None,
        };
        RunClock { zone, start_offset }
    }
}

/// The clock a header gives: UTC when it proved the stamps are UTC; the zone of its zone name
/// with its `Date Time Offset` at the start when both are known and agree; else what
/// [`super::header_zone`] says (the numeric offset wins over a zone name that disagrees).
pub fn header_clock(h: &HcwHeader) -> Option<RunClock> {
    let fixed = super::header_zone(h)?;
    if h.stamps_are_utc {
        return Some(RunClock::of(fixed));
    }
    let Some(zone @ ZoneSpec::Iana(_)) = h.zone_name.as_deref().and_then(windows_zone) else {
        return Some(RunClock::of(fixed));
    };
    let clock = RunClock::with_header(zone, h);
    Some(if clock.start_offset.is_some() || h.offset_secs.is_none() {
        clock
    } else {
        RunClock::of(fixed)
    })
}

/// What the zone's rules allow for one wall-clock stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offsets {
    One(i32),
    /// A repeated hour: the first pass's offset, then the second's.
    Repeated(i32, i32),
    /// A skipped hour: the offset before the switch, then after it.
    Skipped(i32, i32),
}

impl Offsets {
    fn contains(self, o: i32) -> bool {
        match self {
            Offsets::One(a) => a == o,
            Offsets::Repeated(a, b) | Offsets::Skipped(a, b) => a == o || b == o,
        }
    }
}

fn offsets_at(tz: &Tz, local: UtcMs) -> Offsets {
    let secs = |o: <Tz as TimeZone>::Offset| o.fix().local_minus_utc();
    let Some(naive) = local.to_datetime().map(|d| d.naive_utc()) else {
        return Offsets::One(0);
    };
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => Offsets::One(secs(o)),
        LocalResult::Ambiguous(first, second) => Offsets::Repeated(secs(first), secs(second)),
        LocalResult::None => {
            let around = |h: i64| {
                tz.offset_from_local_datetime(&(naive + chrono::Duration::hours(h)))
                    .earliest()
                    .map_or(0, secs)
            };
            Offsets::Skipped(around(-3), around(3))
        }
    }
}

/// Whether the run's stamps ever step back on the wall clock (the second pass of a repeated
/// hour begins), up to the first stamp outside a repeated hour: that stamp's offsets, if any.
fn walk_repeated(tz: &Tz, entries: &[HcwEntry]) -> (bool, Option<Offsets>) {
    let mut prev = i64::MIN;
    for e in entries {
        if e.local.0 < prev.saturating_sub(BACK_STEP_MS) {
            return (true, None);
        }
        prev = prev.max(e.local.0);
        match offsets_at(tz, e.local) {
            Offsets::Repeated(..) => {}
            other => return (false, Some(other)),
        }
    }
    (false, None)
}

/// The offset at the start of a run whose clock knows none and whose first stamp lies in a
/// repeated hour, when the log tells: left forward onto the later offset with no step back of
/// the wall clock, the stamps before were the second pass.
fn second_pass(tz: &Tz, entries: &[HcwEntry]) -> Option<i32> {
    let Offsets::Repeated(_, b) = offsets_at(tz, entries.first()?.local) else {
        return None;
    };
    match walk_repeated(tz, entries) {
        (false, Some(Offsets::One(o))) if o == b => Some(b),
        _ => None,
    }
}

/// The other reading of a run the log cannot place: every stamp in the hour an autumn switch
/// repeats, the wall clock never stepping back, and no offset known at the start. [`place`]
/// reads it as the first pass; the second lies this many ms later (one hour in Europe).
pub fn repeated_reading(entries: &[HcwEntry], clock: &RunClock) -> Option<i64> {
    let (ZoneSpec::Iana(tz), None) = (&clock.zone, clock.start_offset) else {
        return None;
    };
    let Offsets::Repeated(a, b) = offsets_at(tz, entries.first()?.local) else {
        return None;
    };
    matches!(walk_repeated(tz, entries), (false, None)).then_some(i64::from(a - b) * 1000)
}

/// How far the wall clock stepped back between two stamps in file order when it was set back
/// an hour for the end of daylight saving time: HCW's stamps never go back otherwise, the step
/// is more than half an hour and at most an hour, and the clock reads the small hours after
/// it (switches happen between 00:00 and 04:00 local). Returns the hour in ms.
pub(super) fn set_back(prev_ms: i64, stamp: UtcMs) -> Option<i64> {
    const HOUR: i64 = 3_600_000;
    let step = prev_ms.checked_sub(stamp.0)?;
    let hour = stamp.0.rem_euclid(86_400_000) / HOUR;
    (step > HOUR / 2 && step <= HOUR + BACK_STEP_MS && (hour < 4 || hour == 23)).then_some(HOUR)
}

/// The entries (by index) where the wall clock is set back an hour ([`set_back`]), each with
/// the stamp before the step. A run's line 1 is no such step: a run appended after another
/// is read by its own header's clock (`runs.rs`), whatever the wall clock before it said.
pub fn set_backs(entries: &[HcwEntry]) -> Vec<(usize, UtcMs)> {
    let mut out = Vec::new();
    let mut prev = i64::MIN;
    for (i, e) in entries.iter().enumerate() {
        if !super::is_run_start(e) && set_back(prev, e.local).is_some() {
            out.push((i, UtcMs(prev)));
        }
        prev = if prev.saturating_sub(e.local.0) > BACK_STEP_MS {
            e.local.0
        } else {
            prev.max(e.local.0)
        };
    }
    out
}

/// Puts the entries (in file order) on the UTC axis: `ts = local → clock → UTC, plus skew_ms`.
/// Returns whether the offset changed within the run (it crossed a daylight-saving switch).
pub fn place(entries: &mut [HcwEntry], clock: &RunClock, skew_ms: i64) -> bool {
    let tz = match &clock.zone {
        ZoneSpec::Iana(tz) => tz,
        fixed @ ZoneSpec::Fixed(_) => {
            // No rules: where the wall clock is set back an hour (the log shows it), the offset
            // is an hour less from there on; not at a run's line 1 ([`set_backs`]).
            let mut back = 0;
            let mut prev = i64::MIN;
            for e in entries.iter_mut() {
                if let Some(step) = set_back(prev, e.local).filter(|_| !super::is_run_start(e)) {
                    back += step;
                }
                prev = if prev.saturating_sub(e.local.0) > BACK_STEP_MS {
                    e.local.0
                } else {
                    prev.max(e.local.0)
                };
                e.ts = fixed.local_to_utc(e.local).plus_ms(back + skew_ms);
            }
            return back != 0;
        }
    };
    let mut current = clock.start_offset.or_else(|| second_pass(tz, entries));
    let mut changed = false;
    let mut prev_utc: Option<i64> = None;
    for e in entries {
        let utc_at = |o: i32| e.local.0 - i64::from(o) * 1000;
        let offset = match offsets_at(tz, e.local) {
            Offsets::One(o) => o,
            Offsets::Repeated(a, b) => {
                let stepped_back = prev_utc.is_some_and(|p| utc_at(a) < p - BACK_STEP_MS);
                if current == Some(b) || stepped_back {
                    b
                } else {
                    a
                }
            }
            Offsets::Skipped(before, _) => current.unwrap_or(before),
        };
        changed |= current.is_some_and(|c| c != offset);
        current = Some(offset);
        prev_utc = Some(utc_at(offset));
        e.ts = UtcMs(utc_at(offset)).plus_ms(skew_ms);
    }
    changed
}

#[cfg(test)]
mod tests;
