//! Instants on one UTC axis, clock offsets and zone specs, and the formats the report uses.
//!
//! Every event of every source ends up as a [`UtcMs`]: milliseconds since the Unix epoch, UTC.
//! HCW logs are written in the local wall time of the machine that ran the wizard, so their
//! stamps go through a [`ZoneSpec`] (a fixed offset read from the log header, or an IANA zone the
//! user names). Nothing here reads the clock.

pub mod goto;
mod words;
pub use words::{Resolution, clock, sentence, sentence_utc, stamp, stamp_utc};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UtcMs(pub i64);

/// Milliseconds in a UTC day.
pub const DAY_MS: i64 = 86_400_000;

impl UtcMs {
    /// Builds an instant from a civil date and time that is already UTC.
    pub fn from_civil(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> Option<Self> {
        if mo == 0 || mo > 12 || d == 0 || d > 31 || h > 23 || mi > 59 || s > 60 || ms > 999 {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
        Some(UtcMs(secs * 1000 + i64::from(ms)))
    }

    /// The instant as a chrono value (None when out of chrono's range).
    pub fn to_datetime(self) -> Option<DateTime<Utc>> {
        DateTime::<Utc>::from_timestamp_millis(self.0)
    }

    /// RFC 3339 with milliseconds and `Z`: `2024-11-05T13:23:13.397Z`.
    pub fn rfc3339(self) -> String {
        use chrono::{Datelike, Timelike};
        match self.to_datetime() {
            Some(dt) if (0..=9999).contains(&dt.year()) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second(),
                dt.nanosecond() / 1_000_000
            ),
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            None => format!("@{}ms", self.0),
        }
    }

    /// The start (00:00 UTC) of the day this instant lies in.
    pub fn day_start(self) -> Self {
        UtcMs(self.0.div_euclid(DAY_MS) * DAY_MS)
    }

    /// Adds a signed number of milliseconds.
    pub fn plus_ms(self, ms: i64) -> Self {
        UtcMs(self.0.saturating_add(ms))
    }

    /// Formats in a display zone as `YYYY-MM-DD HH:MM:SS.mmm`.
    pub fn format_in(self, zone: &ZoneSpec) -> String {
        let Some(dt) = self.to_datetime() else {
            return format!("@{}ms", self.0);
        };
        match zone {
            ZoneSpec::Fixed(secs) => match FixedOffset::east_opt(*secs) {
                Some(off) => dt
                    .with_timezone(&off)
                    .format("%Y-%m-%d %H:%M:%S%.3f")
                    .to_string(),
                None => dt.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
            },
            ZoneSpec::Iana(tz) => dt
                .with_timezone(tz)
                .format("%Y-%m-%d %H:%M:%S%.3f")
                .to_string(),
        }
    }
}

impl serde::Serialize for UtcMs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl fmt::Display for UtcMs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How a source's wall-clock stamps map to UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneSpec {
    /// A fixed offset east of UTC, in seconds (`+01:00` is 3600).
    Fixed(i32),
    /// An IANA zone; the offset follows its daylight-saving rules.
    Iana(Tz),
}

impl Default for ZoneSpec {
    fn default() -> Self {
        ZoneSpec::Fixed(0)
    }
}

impl ZoneSpec {
    /// Parses `+01:00`, `-0530`, `+1`, `UTC`, `Z` or an IANA name such as `Europe/Berlin`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Some(ZoneSpec::Fixed(0));
        }
        if let Some(secs) = parse_offset(t) {
            return Some(ZoneSpec::Fixed(secs));
        }
        t.parse::<Tz>().ok().map(ZoneSpec::Iana)
    }

    /// Converts a local wall-clock stamp (as naive milliseconds) to UTC. Ambiguous local times
    /// (the repeated hour in autumn) take the earlier instant; skipped ones shift forward.
    pub fn local_to_utc(&self, local: UtcMs) -> UtcMs {
        match self {
            ZoneSpec::Fixed(secs) => local.plus_ms(-i64::from(*secs) * 1000),
            ZoneSpec::Iana(tz) => {
                let Some(naive) = local.to_datetime().map(|d| d.naive_utc()) else {
                    return local;
                };
                let off = offset_at_local(tz, naive);
                local.plus_ms(-i64::from(off) * 1000)
            }
        }
    }

    /// The offset from UTC in seconds at a UTC instant.
    pub fn offset_at(&self, at: UtcMs) -> i32 {
        match self {
            ZoneSpec::Fixed(secs) => *secs,
            ZoneSpec::Iana(tz) => at
                .to_datetime()
                .map(|d| {
                    tz.offset_from_utc_datetime(&d.naive_utc())
                        .fix()
                        .local_minus_utc()
                })
                .unwrap_or(0),
        }
    }

    /// A short label: `UTC`, `UTC+01:00` or the IANA name.
    pub fn label(&self) -> String {
        match self {
            ZoneSpec::Fixed(0) => "UTC".to_string(),
            ZoneSpec::Fixed(s) => format!("UTC{}", format_offset(*s)),
            ZoneSpec::Iana(tz) => tz.name().to_string(),
        }
    }
}

fn offset_at_local(tz: &Tz, naive: NaiveDateTime) -> i32 {
    use chrono::LocalResult;
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix().local_minus_utc(),
        LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            tz.offset_from_local_datetime(&later)
                .earliest()
                .map(|o| o.fix().local_minus_utc())
                .unwrap_or(0)
        }
    }
}

/// Parses a signed offset: `+01:00`, `-05:30`, `+0100`, `+1`, `01:00:00` (the HCW header form,
/// optionally with a leading `-`). Returns seconds east of UTC.
pub fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        b'0'..=b'9' => (1, t),
        _ => return None,
    };
    let parts: Vec<&str> = if rest.contains(':') {
        rest.split(':').collect()
    } else if rest.len() == 4 {
        vec![&rest[..2], &rest[2..]]
    } else {
        vec![rest]
    };
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    let nums = nums?;
    let h = nums[0];
    let m = nums.get(1).copied().unwrap_or(0);
    let s = nums.get(2).copied().unwrap_or(0);
    if h > 14 || m > 59 || s > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

/// `+01:00` style text for an offset in seconds.
pub fn format_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// Builds a naive local stamp (as milliseconds, unzoned) from civil parts; None when invalid.
pub fn naive_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> Option<UtcMs> {
    NaiveDate::from_ymd_opt(y, mo, d)?;
    UtcMs::from_civil(y, mo, d, h, mi, s, ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn rfc3339_matches_chrono_formatting(ms in proptest::prelude::any::<i64>()) {
            let t = UtcMs(ms);
            let expected = match t.to_datetime() {
                Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                None => format!("@{ms}ms"),
            };
            proptest::prop_assert_eq!(t.rfc3339(), expected);
        }

        #[test]
        fn rfc3339_matches_chrono_in_the_usual_years(ms in -62_167_219_200_000i64..253_402_300_800_000) {
            let dt = UtcMs(ms).to_datetime().map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            proptest::prop_assert_eq!(Some(UtcMs(ms).rfc3339()), dt);
        }
    }

    #[test]
    fn civil_round_trip() {
        let t = UtcMs::from_civil(2024, 11, 5, 13, 23, 13, 397).unwrap();
        assert_eq!(t.rfc3339(), "2024-11-05T13:23:13.397Z");
    }

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("+01:00"), Some(3600));
        assert_eq!(parse_offset("-05:30"), Some(-19800));
        assert_eq!(parse_offset("00:00:00"), Some(0));
        assert_eq!(parse_offset("-08:00:00"), Some(-28800));
        assert_eq!(parse_offset("+0100"), Some(3600));
        assert_eq!(parse_offset("x"), None);
    }

    #[test]
    fn iana_zone_converts_with_dst() {
        let z = ZoneSpec::parse("Europe/Berlin").unwrap();
        let winter = naive_ms(2024, 11, 5, 14, 0, 0, 0).unwrap();
        assert_eq!(z.local_to_utc(winter).rfc3339(), "2024-11-05T13:00:00.000Z");
        let summer = naive_ms(2024, 7, 5, 14, 0, 0, 0).unwrap();
        assert_eq!(z.local_to_utc(summer).rfc3339(), "2024-07-05T12:00:00.000Z");
        assert_eq!(z.label(), "Europe/Berlin");
        assert_eq!(ZoneSpec::parse("+01:00").unwrap().label(), "UTC+01:00");
    }
}
