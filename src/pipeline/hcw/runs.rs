//! The runs of an HCW log that holds several, as placed: each run's line 1, machine and the
//! clock it was read by, kept with the source ([`crate::source::SourceStats::runs`]) for the
//! sources lists, since the file's zone and skew are its first run's.

use crate::record::HcwEntry;
use crate::source::{SourceRun, ZoneOrigin};
use crate::time::ZoneSpec;

/// The clock one run was read by, from the index of its first entry.
pub(super) struct Clock {
    pub(super) start: usize,
    /// As its Process Info table names it; empty when it names none.
    pub(super) machine: String,
    pub(super) zone: ZoneSpec,
    pub(super) origin: ZoneOrigin,
    pub(super) skew_ms: i64,
}

/// The runs of a log whose placed `entries` hold the `first` run and later ones beginning at
/// `starts` (entry index, machine named): each by its own clock from `later` when the runs
/// were placed one by one, else (the file read as one, every run under the same `--tz` and
/// `--skew`) by the first run's. None for a log of one run.
pub(super) fn record(
    entries: &[HcwEntry],
    first: Clock,
    later: Vec<Clock>,
    starts: &[(usize, String)],
) -> Vec<SourceRun> {
    if starts.is_empty() {
        return Vec::new();
    }
    let later = if later.is_empty() {
        starts
            .iter()
            .map(|(start, machine)| Clock {
                start: *start,
                machine: machine.clone(),
                zone: first.zone.clone(),
                origin: first.origin,
                skew_ms: first.skew_ms,
            })
            .collect()
    } else {
        later
    };
    std::iter::once(first)
        .chain(later)
        .filter_map(|c| {
            let e = entries.get(c.start)?;
            Some(SourceRun {
                line: e.line,
                first: e.ts,
                machine: c.machine,
                zone: c.zone,
                zone_origin: c.origin,
                skew_ms: c.skew_ms,
            })
        })
        .collect()
}
