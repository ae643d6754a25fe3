//! Instants in the words of reports, tickets and the explorer: one form per purpose. In a
//! sentence (findings' explanations, `Fixed by a later run: … got past it at …`), the clock
//! to the second with its zone after it: `2024-11-05 13:23:44 UTC` ([`sentence`]). As a
//! stamp on a line of its own (a ticket's `Started:`, a finding's `at`), to the millisecond,
//! in UTC and the display zone: `2024-11-05 13:23:44.783 UTC (2024-11-05 14:23:44.783
//! UTC+01:00)` ([`stamp`]). Machine output (JSON, JSONL) keeps RFC 3339 ([`UtcMs::rfc3339`]).

use super::{UtcMs, ZoneSpec, format_offset};

/// `2024-11-05 13:23:44 UTC`: the instant in `zone` to the second (cut, as a clock reads),
/// then `label`, the zone as the writer names it (`UTC`, `HCW UTC+01:00`).
pub fn sentence(at: UtcMs, zone: &ZoneSpec, label: &str) -> String {
    let full = at.format_in(zone);
    format!("{} {label}", full.get(..19).unwrap_or(&full))
}

/// [`sentence`] in UTC, the zone of the analysis's own words.
pub fn sentence_utc(at: UtcMs) -> String {
    sentence(at, &ZoneSpec::Fixed(0), "UTC")
}

/// [`stamp`] for writers in UTC alone (the text and HTML reports): `2024-11-05 13:23:13.397 UTC`.
pub fn stamp_utc(at: UtcMs) -> String {
    stamp(at, &ZoneSpec::Fixed(0))
}

/// `2024-11-05 13:23:13.397 UTC (2024-11-05 14:23:13.397 UTC+01:00)`; the zone part is left
/// out when the display zone is UTC itself.
pub fn stamp(at: UtcMs, display: &ZoneSpec) -> String {
    let utc = format!("{} UTC", at.format_in(&ZoneSpec::Fixed(0)));
    match display {
        ZoneSpec::Fixed(0) => utc,
        ZoneSpec::Fixed(_) => format!("{utc} ({} {})", at.format_in(display), display.label()),
        ZoneSpec::Iana(_) => format!(
            "{utc} ({} {}, UTC{})",
            at.format_in(display),
            display.label(),
            format_offset(display.offset_at(at))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: UtcMs = UtcMs(1_730_813_024_783); // 2024-11-05T13:23:44.783Z

    #[test]
    fn a_sentence_says_the_second_and_the_zone() {
        assert_eq!(sentence_utc(AT), "2024-11-05 13:23:44 UTC");
        assert_eq!(
            sentence(AT, &ZoneSpec::Fixed(3600), "HCW UTC+01:00"),
            "2024-11-05 14:23:44 HCW UTC+01:00"
        );
        let berlin = ZoneSpec::parse("Europe/Berlin").expect("zone");
        assert_eq!(
            sentence(AT, &berlin, "local Europe/Berlin"),
            "2024-11-05 14:23:44 local Europe/Berlin"
        );
    }

    #[test]
    fn a_stamp_says_the_millisecond_in_utc_and_the_display_zone() {
        assert_eq!(
            stamp(AT, &ZoneSpec::Fixed(0)),
            "2024-11-05 13:23:44.783 UTC"
        );
        assert_eq!(
            stamp(AT, &ZoneSpec::Fixed(3600)),
            "2024-11-05 13:23:44.783 UTC (2024-11-05 14:23:44.783 UTC+01:00)"
        );
    }
}
