//! The stamp at the start of an HCW entry line when it is not the wizard's own
//! `yyyy.MM.dd HH:mm:ss.fff`: a copy passed through another tool or culture writes
//! `2024-11-05 14:20:02.871`, `2024/11/05 …`, `05.11.2024 14:20:02,871` (day first),
//! `11/5/2024 2:20:02.871 PM` (month first) or `2024-11-05 오후 2:20:02`. Also the year of the
//! Thai Buddhist calendar (th-TH, the Gregorian year + 543) and of a Japanese era (ja-JP set to
//! the Japanese calendar) in any of these shapes, the wizard's own included: `2567.11.05 …` and
//! `0006.11.05 …` are 2024-11-05.
//!
//! A day-first or month-first date is read in one order per file ([`day_order`]): the order a
//! stamp proves (a day above 12), else the culture the log names, else the separator's custom.

use super::meridiem::{designator, has_designator};
use crate::time::{UtcMs, naive_ms};

/// Years from here on are Thai Buddhist Era years: no HCW log is dated 2400 or later.
const BUDDHIST_FROM: u32 = 2400;
/// The Buddhist Era's lead on the Gregorian year.
const BUDDHIST_LEAD: u32 = 543;
/// The Gregorian year before Reiwa 1 (2019) and before Heisei 1 (1989).
const REIWA_ZERO: u32 = 2018;
const HEISEI_ZERO: u32 = 1988;
/// Lines searched for the evidence of a file's date order.
const ORDER_SCAN: usize = 400;

/// How a date written with the year last is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// `05.11.2024`, `05/11/2024` (most cultures).
    #[default]
    DayFirst,
    /// `11/05/2024` (en-US and the few cultures that write the month first).
    MonthFirst,
}

/// A stamp read at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The stamp as written, unzoned (Buddhist years moved to the Gregorian).
    pub local: UtcMs,
    /// Bytes the stamp takes (the line goes on with a space, a tab, or ends).
    pub len: usize,
}

/// What the start of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Stamp(Stamp),
    /// A stamp's shape whose date or time does not exist (`31.02.2024`, `25:00:00`).
    Impossible,
    /// No stamp.
    None,
}

/// The Gregorian year of a stamp's year: a Thai Buddhist year is the Gregorian + 543; a year
/// of a Japanese era (a ja-JP machine set to the Japanese calendar writes `0006` for 2024)
/// is Reiwa's up to 20 (2019 is its year 1), Heisei's from 21 to 31 (2013 to 2019).
pub fn gregorian_year(year: u32) -> u32 {
    match year {
        BUDDHIST_FROM.. => year - BUDDHIST_LEAD,
        1..=20 => REIWA_ZERO + year,
        21..=31 => HEISEI_ZERO + year,
        _ => year,
    }
}

/// Years before this are no Gregorian year an HCW log was written in.
const GREGORIAN_FROM: i32 = 2000;

/// What to say of a run whose first stamp is dated before 2000: the wizard wrote its stamps in
/// a calendar that is neither the Gregorian nor the Thai Buddhist (Hijri under ar-SA, Persian
/// under fa-IR), which hcwlens does not convert.
pub fn other_calendar(first: UtcMs, culture: Option<&str>) -> Option<String> {
    use chrono::Datelike;
    let year = first.to_datetime()?.year();
    (year < GREGORIAN_FROM).then(|| {
        let culture = culture.map_or(String::new(), |c| format!(" (culture {c})"));
        format!(
            "dated {year}: not a Gregorian year; the wizard wrote its stamps in another calendar \
             (Hijri, Persian){culture}, which hcwlens does not convert: the times of day are as \
             logged but the dates are not, so this run cannot be lined up with IIS logs"
        )
    })
}

/// Reads the stamp at the start of `b` in one of the shapes above.
pub fn read(b: &[u8], order: DayOrder) -> Read {
    let Some((date, mut at)) = date_parts(b) else {
        return Read::None;
    };
    if b.get(at) != Some(&b' ') {
        return Read::None;
    }
    at += 1;
    // A designator before the time (ko-KR, zh-TW, ta-IN), with a space or none (`下午2:20:02`).
    let mut pm = None;
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if let Some((mark, next)) = designator(b, at, |i| {
        digit_at(i) || (b.get(i) == Some(&b' ') && digit_at(i + 1))
    }) {
        pm = Some(mark);
        at = if digit_at(next) { next } else { next + 1 };
    }
    let Some((hms, ms, end)) = time_parts(b, at) else {
        return Read::None;
    };
    at = end;
    // After the time: a space, a no-break space (`p. m.`, ICU's `2:20:02\u{202f}PM`) or a dot
    // (sq-AL `2:20:02.MD`).
    let gap = [" ", "\u{a0}", "\u{202f}", "."]
        .into_iter()
        .find(|g| b[at..].starts_with(g.as_bytes()))
        .map_or(0, str::len);
    if pm.is_none()
        && gap > 0
        && let Some((mark, next)) = designator(b, at + gap, |i| {
            matches!(b.get(i), None | Some(b' ' | b'\t'))
        })
    {
        pm = Some(mark);
        at = next;
    }
    if !matches!(b.get(at), None | Some(b' ' | b'\t')) {
        return Read::None;
    }
    let (y, mo, d) = match date {
        Date::YearFirst(y, mo, d) => (y, mo, d),
        Date::YearLast(a, b2, y) => match order {
            DayOrder::DayFirst if b2 <= 12 || a > 12 => (y, b2, a),
            DayOrder::MonthFirst if a <= 12 || b2 > 12 => (y, a, b2),
            DayOrder::DayFirst => (y, a, b2),
            DayOrder::MonthFirst => (y, b2, a),
        },
    };
    let (h, mi, s) = hms;
    let h = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    let Ok(year) = i32::try_from(gregorian_year(y)) else {
        return Read::Impossible;
    };
    match naive_ms(year, mo, d, h, mi, s, ms) {
        Some(local) => Read::Stamp(Stamp { local, len: at }),
        None => Read::Impossible,
    }
}

/// The order a file's year-last dates are read in: proved by a stamp with a day above 12,
/// else the month-first custom of the culture the log names (`Current Culture | en-US`),
/// else a `/` date with an AM/PM clock is month first, any other day first.
pub fn day_order(text: &str) -> DayOrder {
    let mut slash_and_meridiem = false;
    let mut culture = None;
    for line in text.lines().take(ORDER_SCAN) {
        let line = line.trim_start_matches('\u{feff}');
        if let Some((Date::YearLast(first, second, _), end)) = date_parts(line.as_bytes()) {
            if first > 12 {
                return DayOrder::DayFirst;
            }
            if second > 12 {
                return DayOrder::MonthFirst;
            }
            let rest = line.get(end..).unwrap_or("");
            let clock = rest.split('[').next().unwrap_or("");
            slash_and_meridiem |= line[..end].contains('/') && has_designator(clock);
        }
        if culture.is_none()
            && let Some((key, value)) = line.split_once('|')
            && key.trim() == "Current Culture"
        {
            culture = Some(value.trim().to_string());
        }
    }
    match culture.as_deref() {
        Some(c) => {
            let month_first = ["en-US", "es-US", "en-PH", "fil-PH", "en-PR"];
            if month_first.iter().any(|m| c.eq_ignore_ascii_case(m)) {
                DayOrder::MonthFirst
            } else {
                DayOrder::DayFirst
            }
        }
        None if slash_and_meridiem => DayOrder::MonthFirst,
        None => DayOrder::DayFirst,
    }
}

/// A date's three numbers as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Date {
    YearFirst(u32, u32, u32),
    /// Day and month (in an order the file decides) and the year.
    YearLast(u32, u32, u32),
}

/// Digits from `at`: their value and where they end (None without a digit, or more than `max`).
fn digits(b: &[u8], at: usize, max: usize) -> Option<(u32, usize)> {
    let n = b
        .get(at..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n == 0 || n > max {
        return None;
    }
    let v = b[at..at + n]
        .iter()
        .fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
    Some((v, at + n))
}

/// `yyyy.MM.dd`, `yyyy-MM-dd`, `yyyy/MM/dd`, `dd.MM.yyyy`, `MM/dd/yyyy` (one or two digits for
/// day and month), also with a space after each dot and one at the end (`2024. 11. 05.` in
/// hu-HU and ko-KR, `5. 11. 2024` in cs-CZ and sk-SK), and where it ends.
fn date_parts(b: &[u8]) -> Option<(Date, usize)> {
    let (first, a) = digits(b, 0, 4)?;
    let sep = *b.get(a).filter(|c| matches!(c, b'.' | b'-' | b'/'))?;
    // A dot may be followed by a space, the same after both.
    let gap = usize::from(sep == b'.' && b.get(a + 1) == Some(&b' '));
    let (second, c) = digits(b, a + 1 + gap, 2)?;
    if b.get(c) != Some(&sep) || (gap == 1 && b.get(c + 1) != Some(&b' ')) {
        return None;
    }
    let (third, mut end) = digits(b, c + 1 + gap, 4)?;
    let third_len = end - c - 1 - gap;
    let (year_first, year_last) = (a == 4 && third_len <= 2, a <= 2 && third_len == 4);
    if gap == 1 && b.get(end) == Some(&b'.') {
        end += 1;
    }
    if year_first {
        Some((Date::YearFirst(first, second, third), end))
    } else if year_last {
        Some((Date::YearLast(first, second, third), end))
    } else {
        None
    }
}

/// `H:mm:ss` or `HH.mm.ss` (the culture's separator, the same twice) with an optional fraction
/// after `.` or `,`: (h, m, s), the milliseconds and where it ends.
fn time_parts(b: &[u8], at: usize) -> Option<((u32, u32, u32), u32, usize)> {
    let (h, i) = digits(b, at, 2)?;
    let sep = *b.get(i).filter(|c| matches!(c, b':' | b'.'))?;
    let (m, j) = digits(b, i + 1, 2).filter(|&(_, j)| j == i + 3)?;
    if b.get(j) != Some(&sep) {
        return None;
    }
    let (s, mut end) = digits(b, j + 1, 2).filter(|&(_, k)| k == j + 3)?;
    let mut ms = 0;
    if matches!(b.get(end), Some(b'.' | b',')) && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let (_, f) = digits(b, end + 1, 7)?;
        ms = b[end + 1..f]
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(3)
            .fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
        end = f;
    }
    Some(((h, m, s), ms, end))
}

#[cfg(test)]
mod tests;
