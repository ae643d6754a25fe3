//! Instants in the words of reports, tickets and the explorer: one form per purpose. In a
//! sentence (findings' explanations, `Fixed by a later run: … got past it at …`), the clock
//! to the second with its zone after it: `2024-11-05 13:23:44 UTC` ([`sentence`]). As a
//! stamp on a line of its own (a ticket's `Started:`, a finding's `at`), to the millisecond
//! its source writes, in UTC and the display zone: `2024-11-05 13:23:44.783 UTC (2024-11-05
//! 14:23:44.783 UTC+01:00)` ([`stamp`]). Machine output (JSON, JSONL) keeps RFC 3339
//! ([`UtcMs::rfc3339`]).
//!
//! A stamp or a clock says no more than its source wrote: an IIS or HTTPERR line's `time` has
//! whole seconds only, so its instants are said to the second (`13:23:44 UTC`, not
//! `13:23:44.000`), whatever the milliseconds a skew or a nudge adds; an HCW entry at `.000`
//! keeps it. The caller names the [`Resolution`] of the source the instant came from
//! (`SourceKind::resolution`).

use super::{UtcMs, ZoneSpec, format_offset};

/// How finely a source writes its instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resolution {
    /// To the millisecond (HCW, HttpProxy, EVTX).
    #[default]
    Millisecond,
    /// To the second (IIS and HTTPERR W3C `time`).
    Second,
}

/// `YYYY-MM-DD HH:MM:SS.mmm` in `zone`, or `YYYY-MM-DD HH:MM:SS` for a source that writes
/// whole seconds (cut, as a clock reads).
pub fn clock(at: UtcMs, zone: &ZoneSpec, res: Resolution) -> String {
    let full = at.format_in(zone);
    match res {
        Resolution::Millisecond => full,
        Resolution::Second => full.get(..19).unwrap_or(&full).to_string(),
    }
}

/// `2024-11-05 13:23:44 UTC`: the instant in `zone` to the second (cut, as a clock reads),
/// then `label`, the zone as the writer names it (`UTC`, `HCW UTC+01:00`).
pub fn sentence(at: UtcMs, zone: &ZoneSpec, label: &str) -> String {
    format!("{} {label}", clock(at, zone, Resolution::Second))
}

/// [`sentence`] in UTC, the zone of the analysis's own words.
pub fn sentence_utc(at: UtcMs) -> String {
    sentence(at, &ZoneSpec::Fixed(0), "UTC")
}

/// [`stamp`] for writers in UTC alone (the text and HTML reports): `2024-11-05 13:23:13.397 UTC`.
pub fn stamp_utc(at: UtcMs, res: Resolution) -> String {
    stamp(at, res, &ZoneSpec::Fixed(0))
}

/// `2024-11-05 13:23:13.397 UTC (2024-11-05 14:23:13.397 UTC+01:00)`; the zone part is left
/// out when the display zone is UTC itself. To the second for a source that writes whole
/// seconds ([`Resolution::Second`]).
pub fn stamp(at: UtcMs, res: Resolution, display: &ZoneSpec) -> String {
    let utc = format!("{} UTC", clock(at, &ZoneSpec::Fixed(0), res));
    match display {
        ZoneSpec::Fixed(0) => utc,
        ZoneSpec::Fixed(_) => format!("{utc} ({} {})", clock(at, display, res), display.label()),
        ZoneSpec::Iana(_) => format!(
            "{utc} ({} {}, UTC{})",
            clock(at, display, res),
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
        let ms = Resolution::Millisecond;
        assert_eq!(
            stamp(AT, ms, &ZoneSpec::Fixed(0)),
            "2024-11-05 13:23:44.783 UTC"
        );
        assert_eq!(
            stamp(AT, ms, &ZoneSpec::Fixed(3600)),
            "2024-11-05 13:23:44.783 UTC (2024-11-05 14:23:44.783 UTC+01:00)"
        );
    }

    #[test]
    fn a_stamp_of_a_whole_second_source_says_the_second_only() {
        let whole = UtcMs(1_730_813_024_000); // 13:23:44, as an IIS line writes it
        assert_eq!(
            stamp(whole, Resolution::Second, &ZoneSpec::Fixed(3600)),
            "2024-11-05 13:23:44 UTC (2024-11-05 14:23:44 UTC+01:00)"
        );
        let berlin = ZoneSpec::parse("Europe/Berlin").expect("zone");
        assert_eq!(
            stamp(whole, Resolution::Second, &berlin),
            "2024-11-05 13:23:44 UTC (2024-11-05 14:23:44 Europe/Berlin, UTC+01:00)"
        );
        // An HCW entry written at .000 keeps it: the resolution is the source's, not guessed.
        assert_eq!(
            stamp_utc(whole, Resolution::Millisecond),
            "2024-11-05 13:23:44.000 UTC"
        );
        // A skew of 1.5 s moves a whole-second instant off the second: still said to it.
        assert_eq!(stamp_utc(AT, Resolution::Second), "2024-11-05 13:23:44 UTC");
    }
}
