//! The machine of a `.boot` whose run was appended in another HCW log (no `.log` of its
//! stem): the `.boot` names none, and its run's `--tz` and `--skew` are its own. Its first stamp
//! is the boot instant that run's Boot Configuration table logs (`DateTimeUtcTicks`), read in
//! that run's `Date Time Offset`, as `analyze::overview::boot` joins them in the runs list.

use super::Parsed;
use crate::parse::hcw::{later_runs, read_header};

/// How far apart (ms) the `.boot`'s first stamp and the run's boot instant may be: the ticks
/// and the line 1 are read a few milliseconds apart, either side of a second.
const SAME_START_MS: i64 = 2_000;

/// The machine the run appended in one of `logs` that `boot` is the bootstrapper's log of
/// names, when exactly that run's boot instant is its first stamp.
pub(super) fn appended_run_machine(boot: &Parsed, logs: &[&Parsed]) -> Option<String> {
    let stamp = boot.log.entries.iter().min_by_key(|e| e.offset)?.local;
    logs.iter()
        .flat_map(|p| {
            later_runs(&p.log.entries).into_iter().filter_map(|r| {
                let h = read_header(&p.log.entries[r.start..r.end]);
                let at = h.boot_utc?.0 + i64::from(h.offset_secs?) * 1000;
                let machine = r.machine.filter(|m| !m.is_empty())?;
                Some(((at - stamp.0).abs(), machine))
            })
        })
        .filter(|&(d, _)| d < SAME_START_MS)
        .min()
        .map(|(_, m)| m)
}
