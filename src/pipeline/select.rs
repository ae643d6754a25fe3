//! Which `--tz` / `--skew` applies to a source: the last matching selector wins.

use super::{LoadOptions, Selector};
use crate::source::SourceKind;
use crate::time::ZoneSpec;
use std::path::Path;

fn matches(sel: &Selector, kind: SourceKind, path: &Path, label: &str) -> bool {
    match sel {
        Selector::Kind(k) => *k == kind,
        Selector::Name(n) => {
            let n = n.to_ascii_lowercase();
            path.to_string_lossy().to_ascii_lowercase().contains(&n)
                || label.to_ascii_lowercase().contains(&n)
        }
    }
}

/// The zone override for a source, if any.
pub(super) fn zone_for(
    o: &LoadOptions,
    kind: SourceKind,
    path: &Path,
    label: &str,
) -> Option<ZoneSpec> {
    o.zones
        .iter()
        .rev()
        .find(|(s, _)| matches(s, kind, path, label))
        .map(|(_, z)| z.clone())
}

/// The total skew for a source in ms (all matching `--skew` values add up).
pub(super) fn skew_for(o: &LoadOptions, kind: SourceKind, path: &Path, label: &str) -> i64 {
    o.skews
        .iter()
        .filter(|(s, _)| matches(s, kind, path, label))
        .map(|(_, ms)| *ms)
        .sum()
}
