//! What "go to" text means on the time axis: a clock time (`13:23`, `13:23:14`,
//! `13:23:14.250`) on the day under the cursor, a date and time (`2024-11-05 13:23`, with `T`
//! or a space, or a date alone for midnight; the date also day first with dots, `05.11.2024`,
//! as German and other European admins write it), or a step from the cursor (`+5m`, `-30s`,
//! `+1h30m`, `-1500ms`, `+2d`). Clock and date texts are read in the display zone, the one the
//! screen shows. A date with slashes and the year last (`11/05/2024`) is refused: month or day
//! first cannot be told.

use super::{UtcMs, ZoneSpec, naive_ms};
use chrono::{Datelike, Timelike};

/// The instant `text` names, read in `zone`, relative to the cursor at `cursor`.
pub fn parse_goto(text: &str, cursor: UtcMs, zone: &ZoneSpec) -> Result<UtcMs, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("type a time: 13:23, 13:23:14, 2024-11-05 13:23, +5m, -30s".to_string());
    }
    if let Some(rest) = t.strip_prefix('+') {
        return step(rest).map(|ms| cursor.plus_ms(ms));
    }
    if let Some(rest) = t.strip_prefix('-') {
        return step(rest).map(|ms| cursor.plus_ms(-ms));
    }
    let (date, clock) = match t.split_once([' ', 'T']) {
        Some((d, c)) => (Some(d.trim()), c.trim()),
        None if is_date_like(t) => (Some(t), ""),
        None => (None, t),
    };
    let (y, mo, d) = match date {
        Some(d) => parse_date(d).ok_or_else(|| not_a_date(d))?,
        None => cursor_date(cursor, zone)
            .ok_or_else(|| "the cursor has no date to put the time on".to_string())?,
    };
    let (h, mi, s, ms) = if clock.is_empty() {
        (0, 0, 0, 0)
    } else {
        parse_clock(clock)
            .ok_or_else(|| format!("not a time: `{clock}` (use 13:23, 13:23:14 or 13:23:14.250)"))?
    };
    let local = naive_ms(y, mo, d, h, mi, s, ms).ok_or_else(|| format!("no such date: `{t}`"))?;
    Ok(zone.local_to_utc(local))
}

/// The local calendar date of `cursor` in `zone`.
fn cursor_date(cursor: UtcMs, zone: &ZoneSpec) -> Option<(i32, u32, u32)> {
    let local = cursor.plus_ms(i64::from(zone.offset_at(cursor)) * 1000);
    let dt = local.to_datetime()?;
    Some((dt.year(), dt.month(), dt.day()))
}

/// Whether `text` (one word, no space) is written as a date rather than a clock time: it has
/// a date's separators (`-`, `/`, or dots without a clock's colon).
pub fn is_date_like(text: &str) -> bool {
    text.contains(['-', '/']) || (text.contains('.') && !text.contains(':'))
}

/// Whether the text of a date and time starts with a date ([`is_date_like`]'s first word).
pub fn has_date(text: &str) -> bool {
    let t = text.trim();
    let first = t.split([' ', 'T']).next().unwrap_or(t);
    is_date_like(first)
}

/// Why `d` is not read as a date, and what to write.
fn not_a_date(d: &str) -> String {
    let mut parts = d.split('/');
    let year_last = parts.clone().count() == 3 && parts.nth(2).is_some_and(|y| y.len() == 4);
    if year_last {
        format!(
            "`{d}` could be month or day first: write 2024-11-05 (year, month, day) or 05.11.2024 (day first)"
        )
    } else {
        format!("not a date: `{d}` (use 2024-11-05 or 05.11.2024)")
    }
}

/// `2024-11-05` (also `2024/11/05`), or day first with dots, `05.11.2024` (also `5.11.2024`).
fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let (y, m, d) = if text.contains('.') {
        let mut parts = text.split('.');
        let d = digits(parts.next()?, 2)?;
        let m = digits(parts.next()?, 2)?;
        let y = parts.next()?;
        if y.len() != 4 || parts.next().is_some() {
            return None;
        }
        (digits(y, 4)?, m, d)
    } else {
        let mut parts = text.split(['-', '/']);
        let y = parts.next()?;
        if y.len() != 4 {
            return None;
        }
        let y = digits(y, 4)?;
        let m = digits(parts.next()?, 2)?;
        let d = digits(parts.next()?, 2)?;
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    Some((i32::try_from(y).ok()?, m, d))
}

/// `13:23`, `13:23:14`, `13:23:14.250` (also `,` before the fraction).
fn parse_clock(text: &str) -> Option<(u32, u32, u32, u32)> {
    let (hms, frac) = match text.split_once(['.', ',']) {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let mut parts = hms.split(':');
    let h = digits(parts.next()?, 2)?;
    let mi = digits(parts.next()?, 2)?;
    let s = match parts.next() {
        Some(p) => digits(p, 2)?,
        None if frac.is_none() => 0,
        None => return None,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 3 => {
            let n = digits(f, 3)?;
            n * 10u32.pow(3 - f.len() as u32)
        }
        Some(_) => return None,
    };
    Some((h, mi, s, ms))
}

/// 1 to `max` ASCII digits.
fn digits(text: &str, max: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `5m`, `30s`, `1h30m`, `1500ms`, `2d`, `90` (seconds) in milliseconds.
fn step(text: &str) -> Result<i64, String> {
    let bad = || format!("not a step: `{text}` (use +5m, -30s, +1h30m, -1500ms)");
    let t = text.trim();
    if t.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let n_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if n_end == 0 || n_end > 9 {
            return Err(bad());
        }
        let n: i64 = rest[..n_end].parse().map_err(|_| bad())?;
        rest = &rest[n_end..];
        let u_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let scale = match rest[..u_end].to_ascii_lowercase().as_str() {
            "" | "s" | "sec" => 1000,
            "ms" => 1,
            "m" | "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(bad()),
        };
        rest = &rest[u_end..];
        total = total.saturating_add(n.saturating_mul(scale));
    }
    Ok(total)
}

/// The clock part of `at` in `zone` as `13:23:14` (what a goto prompt offers to edit).
pub fn clock_text(at: UtcMs, zone: &ZoneSpec) -> String {
    let local = at.plus_ms(i64::from(zone.offset_at(at)) * 1000);
    local
        .to_datetime()
        .map(|d| format!("{:02}:{:02}:{:02}", d.hour(), d.minute(), d.second()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> UtcMs {
        UtcMs::from_civil(y, mo, d, h, mi, s, 0).expect("valid")
    }

    const UTC: ZoneSpec = ZoneSpec::Fixed(0);

    #[test]
    fn clock_times_land_on_the_cursor_day() {
        let cursor = at(2024, 11, 5, 9, 0, 0);
        assert_eq!(
            parse_goto("13:23", cursor, &UTC),
            Ok(at(2024, 11, 5, 13, 23, 0))
        );
        assert_eq!(
            parse_goto("13:23:14", cursor, &UTC),
            Ok(at(2024, 11, 5, 13, 23, 14))
        );
        assert_eq!(
            parse_goto(" 13:23:14.25 ", cursor, &UTC),
            Ok(at(2024, 11, 5, 13, 23, 14).plus_ms(250))
        );
        assert_eq!(
            parse_goto("7:05", cursor, &UTC),
            Ok(at(2024, 11, 5, 7, 5, 0))
        );
    }

    #[test]
    fn dates_and_times() {
        let cursor = at(2024, 11, 5, 9, 0, 0);
        let want = at(2024, 11, 4, 13, 23, 0);
        assert_eq!(parse_goto("2024-11-04 13:23", cursor, &UTC), Ok(want));
        assert_eq!(parse_goto("2024-11-04T13:23", cursor, &UTC), Ok(want));
        assert_eq!(parse_goto("2024/11/04 13:23:00", cursor, &UTC), Ok(want));
        assert_eq!(
            parse_goto("2024-11-04", cursor, &UTC),
            Ok(at(2024, 11, 4, 0, 0, 0))
        );
    }

    #[test]
    fn dates_day_first_with_dots_as_european_admins_write_them() {
        let cursor = at(2024, 11, 5, 9, 0, 0);
        let want = at(2024, 11, 4, 13, 23, 0);
        assert_eq!(parse_goto("04.11.2024 13:23", cursor, &UTC), Ok(want));
        assert_eq!(parse_goto("4.11.2024 13:23:00", cursor, &UTC), Ok(want));
        assert_eq!(
            parse_goto("04.11.2024", cursor, &UTC),
            Ok(at(2024, 11, 4, 0, 0, 0))
        );
        assert!(has_date("04.11.2024 13:23"));
        assert!(!has_date("13:23:14.250"));
        for bad in ["31.02.2024", "04.11.24", "2024.11.04", "04.11.2024.1"] {
            assert!(
                parse_goto(bad, cursor, &UTC).is_err(),
                "`{bad}` was accepted"
            );
        }
    }

    #[test]
    fn a_date_with_slashes_and_the_year_last_is_refused_as_ambiguous() {
        let cursor = at(2024, 11, 5, 9, 0, 0);
        let err = parse_goto("11/05/2024 13:23", cursor, &UTC).expect_err("ambiguous");
        assert!(err.contains("month or day first"), "{err}");
        assert!(parse_goto("24/11/05", cursor, &UTC).is_err());
    }

    #[test]
    fn steps_from_the_cursor() {
        let cursor = at(2024, 11, 5, 13, 0, 0);
        assert_eq!(
            parse_goto("+5m", cursor, &UTC),
            Ok(at(2024, 11, 5, 13, 5, 0))
        );
        assert_eq!(
            parse_goto("-30s", cursor, &UTC),
            Ok(at(2024, 11, 5, 12, 59, 30))
        );
        assert_eq!(
            parse_goto("+1h30m", cursor, &UTC),
            Ok(at(2024, 11, 5, 14, 30, 0))
        );
        assert_eq!(
            parse_goto("-1500ms", cursor, &UTC),
            Ok(cursor.plus_ms(-1500))
        );
        assert_eq!(parse_goto("+90", cursor, &UTC), Ok(cursor.plus_ms(90_000)));
        assert_eq!(
            parse_goto("+1d", cursor, &UTC),
            Ok(at(2024, 11, 6, 13, 0, 0))
        );
    }

    #[test]
    fn read_in_the_display_zone() {
        // 13:23 in UTC+01:00 is 12:23 UTC; the cursor's day is its day in that zone.
        let cet = ZoneSpec::Fixed(3600);
        let cursor = at(2024, 11, 5, 23, 30, 0); // 00:30 on the 6th in UTC+01:00
        assert_eq!(
            parse_goto("13:23", cursor, &cet),
            Ok(at(2024, 11, 6, 12, 23, 0))
        );
        let berlin = ZoneSpec::parse("Europe/Berlin").expect("zone");
        let summer = at(2024, 7, 1, 8, 0, 0);
        assert_eq!(
            parse_goto("13:23", summer, &berlin),
            Ok(at(2024, 7, 1, 11, 23, 0))
        );
        assert_eq!(
            parse_goto("2024-11-05 13:23", summer, &berlin),
            Ok(at(2024, 11, 5, 12, 23, 0))
        );
        assert_eq!(clock_text(at(2024, 11, 5, 12, 23, 4), &berlin), "13:23:04");
    }

    #[test]
    fn nonsense_is_an_error_not_a_guess() {
        let cursor = at(2024, 11, 5, 9, 0, 0);
        for bad in [
            "",
            "25:00",
            "13:60",
            "13",
            "13:23:14:15",
            "abc",
            "+",
            "+5x",
            "-m",
            "2024-13-01",
            "2024-02-30 10:00",
            "13:23.",
            "13:23:1.2345",
            "1:2:3:4",
            "+99999999999s",
        ] {
            assert!(
                parse_goto(bad, cursor, &UTC).is_err(),
                "`{bad}` was accepted"
            );
        }
    }
}
