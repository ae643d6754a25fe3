//! A zone shift that is a daylight-saving switch during the HCW runs: the header's offset was
//! right at the start, the calls line up at another one later, so a fixed `--tz` would misplace
//! the entries on one side of the switch. The IANA zones whose offsets were those two then are
//! what `--tz` should name.

use crate::source::{SourceInfo, SourceKind, ZoneOrigin};
use crate::time::{UtcMs, ZoneSpec};

/// Zone names listed before "and N more".
const LISTED: usize = 4;

/// The IANA zones (region names, not legacy links such as `Israel` or `Etc/…`) whose offset
/// was `from` seconds at `start` and `to` seconds at `end`, sorted.
pub(super) fn zones_switching(start: UtcMs, end: UtcMs, from: i32, to: i32) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| {
            let name = tz.name();
            name.contains('/') && !name.starts_with("Etc/") && !name.starts_with("SystemV/")
        })
        .filter(|tz| {
            let zone = ZoneSpec::Iana(**tz);
            zone.offset_at(start) == from && zone.offset_at(end) == to
        })
        .map(|tz| tz.name())
        .collect();
    names.sort_unstable();
    names
}

/// When every HCW log took its offset from its header (`read` seconds, right at its first
/// entry) and the calls line up `shift_ms` later: the zones that changed from `read` to the
/// lined-up offset between the runs' first and last entries.
pub(super) fn switched(sources: &[SourceInfo], read: i32, shift_ms: i64) -> Vec<&'static str> {
    let hcw: Vec<&SourceInfo> = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .collect();
    if hcw.is_empty() || hcw.iter().any(|s| s.zone_origin != ZoneOrigin::Header) {
        return Vec::new();
    }
    let (Some(start), Some(end)) = (
        hcw.iter().filter_map(|s| s.span.map(|x| x.0)).min(),
        hcw.iter().filter_map(|s| s.span.map(|x| x.1)).max(),
    ) else {
        return Vec::new();
    };
    let Ok(to) = i32::try_from(i64::from(read) - shift_ms / 1000) else {
        return Vec::new();
    };
    // The last entry read at the header's offset is `shift_ms` off from the instant it was.
    zones_switching(start, end.plus_ms(shift_ms), read, to)
}

/// `Australia/Adelaide, Australia/Broken_Hill, Australia/South and 1 more`.
pub(super) fn listed(names: &[&str]) -> String {
    let shown = names
        .iter()
        .take(LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(LISTED) {
        0 => shown,
        n => format!("{shown} and {n} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EU_BEFORE: UtcMs = UtcMs(1_774_744_200_000); // 2026-03-29 00:30 UTC
    const EU_AFTER: UtcMs = UtcMs(1_774_747_800_000); // 2026-03-29 01:30 UTC
    const IL_BEFORE: UtcMs = UtcMs(1_774_567_800_000); // 2026-03-26 23:30 UTC
    const IL_AFTER: UtcMs = UtcMs(1_774_571_400_000); // 2026-03-27 00:30 UTC
    const MARCH_20: UtcMs = UtcMs(1_774_008_000_000); // 2026-03-20 12:00 UTC

    #[test]
    fn the_zones_are_those_whose_offsets_were_the_two_then() {
        let cet = zones_switching(EU_BEFORE, EU_AFTER, 3600, 7200);
        assert!(cet.contains(&"Europe/Berlin"), "{cet:?}");
        assert!(!cet.contains(&"Europe/London"), "{cet:?}");
        assert!(!cet.iter().any(|n| !n.contains('/')), "{cet:?}");
        // Israel switches on the Friday before, Eastern Europe on the Sunday.
        let il = zones_switching(IL_BEFORE, IL_AFTER, 7200, 10_800);
        assert!(il.contains(&"Asia/Jerusalem"), "{il:?}");
        assert!(!il.contains(&"Europe/Athens"), "{il:?}");
        assert!(!il.contains(&"Israel"), "{il:?}");
    }

    #[test]
    fn no_zone_switched_when_the_offset_did_not_change_then() {
        assert!(zones_switching(MARCH_20, IL_AFTER, 3600, 7200).is_empty());
        assert!(zones_switching(EU_BEFORE, EU_BEFORE, 3600, 7200).is_empty());
    }

    #[test]
    fn a_long_list_is_cut() {
        assert_eq!(listed(&["a", "b"]), "a, b");
        assert_eq!(
            listed(&["a", "b", "c", "d", "e", "f"]),
            "a, b, c, d and 2 more"
        );
    }
}
