//! Which run a `.boot` belongs to. The wizard's bootstrapper writes `YYYYMMDD_HHMMSS.boot`
//! and the wizard its `.log` of the same stamp, the run's start in the machine's wall time; a
//! `.boot` beside its own `.log` joins that run by the file stem (`runs`). A run appended in
//! another log keeps no name of its own, but its Boot Configuration table's `DateTimeUtcTicks`
//! is the bootstrapper's start in UTC: read in the run's own clock (its `Date Time Offset`) it
//! is the stamp the `.boot` opens with, to the second. So a `.boot` without a `.log` of its
//! stem joins the run whose boot instant it opens at, wherever that run was appended.

use crate::parse::hcw::{HcwHeader, RunBreak, entry_run, read_header};
use crate::pipeline::Analysis;
use crate::source::SourceId;
use crate::time::UtcMs;
use std::path::Path;

/// How far apart (ms) a `.boot`'s first stamp and a run's boot instant may be and still be the
/// same start: the ticks and the line 1 are read a few milliseconds apart, either side of a
/// second.
const SAME_START_MS: i64 = 2_000;

/// Entries read for a run's header: its line 1, Boot Configuration and Process Info tables come
/// first.
const HEADER_ENTRIES: usize = 64;

/// Whether a loaded HCW file is a bootstrapper log (`.boot`, any case).
pub(super) fn is_boot(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("boot"))
}

/// The header of run `k` of source `id` (its runs after the first begin at `cuts`), read from
/// its first entries in file order, wherever other files' entries fall between them.
pub(super) fn part_header(a: &Analysis, id: SourceId, cuts: &[RunBreak], k: usize) -> HcwHeader {
    let mut head: Vec<crate::record::HcwEntry> = a
        .hcw
        .iter()
        .filter(|e| e.source == id && entry_run(cuts, e) == k)
        .take(HEADER_ENTRIES)
        .cloned()
        .collect();
    head.sort_by_key(|e| e.offset);
    read_header(&head)
}

/// The wall-clock stamp a run's `.boot` opens with: its boot instant in the run's own clock,
/// by the `Date Time Offset` row, else by how its first stamp reads against its instant.
pub(super) fn run_stamp(a: &Analysis, id: SourceId, cuts: &[RunBreak], k: usize) -> Option<UtcMs> {
    let h = part_header(a, id, cuts, k);
    let boot = h.boot_utc?;
    let offset_ms = match h.offset_secs {
        Some(s) => i64::from(s) * 1000,
        None => {
            let first = a
                .hcw
                .iter()
                .filter(|e| e.source == id && entry_run(cuts, e) == k)
                .min_by_key(|e| e.offset)?;
            first.local.0 - first.ts.0
        }
    };
    Some(UtcMs(boot.0 + offset_ms))
}

/// The first stamp of a `.boot`, as written (its stamp).
pub(super) fn boot_stamp(a: &Analysis, id: SourceId) -> Option<UtcMs> {
    a.hcw
        .iter()
        .filter(|e| e.source == id)
        .min_by_key(|e| e.offset)
        .map(|e| e.local)
}

/// Of `(group, run stamp)` candidates, the one a `.boot` opening at `stamp` belongs to: the
/// nearest within [`SAME_START_MS`].
pub(super) fn owner(stamp: UtcMs, candidates: &[(usize, UtcMs)]) -> Option<usize> {
    candidates
        .iter()
        .map(|&(g, t)| ((t.0 - stamp.0).abs(), g))
        .filter(|&(d, _)| d < SAME_START_MS)
        .min()
        .map(|(_, g)| g)
}
