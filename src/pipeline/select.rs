//! Which `--tz` / `--skew` applies to a source: the last matching selector wins.

use super::{LoadOptions, Selector};
use crate::source::{SourceInfo, SourceKind};
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

fn selector_text(sel: &Selector) -> String {
    match sel {
        Selector::Kind(k) => k.name().to_string(),
        Selector::Name(n) => n.clone(),
    }
}

/// One line naming every `--tz` / `--skew` whose selector matches no loaded source, and the
/// sources there are (`EX01 (iis), HCWHOST (hcw)`); None when every selector applies.
pub(super) fn unmatched(o: &LoadOptions, sources: &[SourceInfo]) -> Option<String> {
    let hits = |sel: &Selector| {
        sources
            .iter()
            .any(|s| matches(sel, s.kind, &s.path, &s.server))
    };
    let mut missed: Vec<String> = Vec::new();
    let tz = o.zones.iter().map(|(s, _)| ("--tz", s));
    let skew = o.skews.iter().map(|(s, _)| ("--skew", s));
    for (flag, sel) in tz.chain(skew) {
        let text = format!("{flag} {}=", selector_text(sel));
        if !hits(sel) && !missed.contains(&text) {
            missed.push(text);
        }
    }
    if missed.is_empty() {
        return None;
    }
    let mut known: Vec<String> = Vec::new();
    for s in sources {
        let name = format!(
            "{} ({})",
            crate::escape::escape_control(&s.server),
            s.kind.name()
        );
        if !known.contains(&name) {
            known.push(name);
        }
    }
    let known = if known.is_empty() {
        "no sources were loaded".to_string()
    } else {
        format!("known sources: {}", known.join(", "))
    };
    Some(format!(
        "{} matches no source; {known}",
        missed.join(" and ")
    ))
}
