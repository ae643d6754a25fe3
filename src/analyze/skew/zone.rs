//! A suggested shift that is a whole time-zone difference: a wrong zone on the HCW log, not a
//! drifting clock, corrected with `--tz` (the zone its stamps are in) rather than a skew.

use super::{COARSE_SLACK_MS, SkewSuggestion, ZONE_STEP_MS};
use crate::source::{SourceInfo, SourceKind};
use crate::time::ZoneSpec;

/// The whole time-zone difference (a multiple of 15 min, not 0) within 2 min of `offset` ms:
/// a shift that size is a wrong zone on the HCW log, not a drifting clock.
pub(super) fn zone_shift(offset: i64) -> Option<i64> {
    let zone = (offset as f64 / ZONE_STEP_MS as f64).round() as i64 * ZONE_STEP_MS;
    (zone != 0 && (offset - zone).abs() <= COARSE_SLACK_MS).then_some(zone)
}

/// The zone the HCW logs' stamps are in when shifting them by `zone` ms lines them up: their
/// one fixed offset moved by the shift (None when the HCW logs were read in different zones,
/// or in a zone with daylight-saving rules).
pub(super) fn zone_after(sources: &[SourceInfo], zone: i64) -> Option<(String, String)> {
    let mut read = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .map(|s| s.zone.clone());
    let first = read.next()?;
    if read.any(|z| z != first) {
        return None;
    }
    let ZoneSpec::Fixed(o) = first else {
        return None;
    };
    let secs = i64::from(o) - zone / 1000;
    let secs = i32::try_from(secs)
        .ok()
        .filter(|s| s.unsigned_abs() <= 14 * 3600)?;
    Some((first.label(), crate::time::format_offset(secs)))
}

/// A suggestion that is a whole time-zone difference, as a correction: the shift of the whole
/// zone, and, when the HCW logs were read in one fixed zone, that zone's name and the offset
/// their stamps are in (`("UTC", "+05:30")`). None for a drifting clock.
pub fn zone_correction(
    s: &SkewSuggestion,
    sources: &[SourceInfo],
) -> Option<(i64, Option<(String, String)>)> {
    let zone = zone_shift(s.offset_ms)?;
    Some((zone, zone_after(sources, zone)))
}

/// The shift that corrects the HCW logs: the whole zone when the suggestion is a zone
/// difference, else the suggested skew.
pub fn correction_ms(s: &SkewSuggestion) -> i64 {
    zone_shift(s.offset_ms).unwrap_or(s.offset_ms)
}
