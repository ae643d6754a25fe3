//! Field values: unsigned decimals, `YYYY-MM-DD` dates and `HH:MM:SS` times, parsed by hand.

use crate::time::days_from_civil;

/// An unsigned decimal that fits 32 bits (`sc-win32-status` goes up to 4294967295).
pub(super) fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 10 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    u32::try_from(v).ok()
}

/// A numeric value: `Ok(None)` when empty or `-` (not logged), `Err(())` when it is not a
/// decimal that fits `T` (the caller keeps its text).
#[inline]
pub(super) fn number<T: TryFrom<u32>>(b: Option<&[u8]>) -> Result<Option<T>, ()> {
    match b {
        None | Some(b"-" | b"") => Ok(None),
        Some(b) => num(b).and_then(|v| T::try_from(v).ok()).map(Some).ok_or(()),
    }
}

/// An `sc-win32-status` written the way other tools print it rather than as IIS's unsigned
/// decimal: hexadecimal with `0x` (`0x80090346`, as PowerShell and Log Parser exports show
/// SSPI codes) or a negative 32-bit decimal (`-2146892986`, an `HRESULT` printed signed). Only
/// asked when the value is not a plain decimal, so the hot path never sees it.
pub(super) fn win32_other(b: &[u8]) -> Option<u32> {
    if let Some(hex) = b.strip_prefix(b"0x").or_else(|| b.strip_prefix(b"0X")) {
        if hex.is_empty() || hex.len() > 8 {
            return None;
        }
        return u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok();
    }
    let digits = b.strip_prefix(b"-")?;
    let magnitude = i64::from(num(digits)?);
    // i32::MIN..0 as its two's complement bits; `-0` is 0.
    let v = i32::try_from(-magnitude).ok()?;
    Some(v as u32)
}

fn digits2(b: &[u8], at: usize) -> Option<u32> {
    let hi = b.get(at)?.wrapping_sub(b'0');
    let lo = b.get(at + 1)?.wrapping_sub(b'0');
    (hi <= 9 && lo <= 9).then(|| u32::from(hi) * 10 + u32::from(lo))
}

/// `YYYY-MM-DD` to days since 1970-01-01.
pub(super) fn parse_date(b: &[u8]) -> Option<i64> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = i32::try_from(digits2(b, 0)? * 100 + digits2(b, 2)?).ok()?;
    let m = digits2(b, 5)?;
    let d = digits2(b, 8)?;
    if d == 0 || d > days_in_month(y, m)? {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn days_in_month(y: i32, m: u32) -> Option<u32> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// `HH:MM:SS` (optionally `.fff…`) to milliseconds of the day.
pub(super) fn parse_time(b: &[u8]) -> Option<i64> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, s) = (digits2(b, 0)?, digits2(b, 3)?, digits2(b, 6)?);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut ms = 0i64;
    if b.len() > 8 {
        let frac = &b[9..];
        if b[8] != b'.' || frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        for k in 0..3 {
            ms = ms * 10 + frac.get(k).map_or(0, |c| i64::from(c - b'0'));
        }
    }
    Some(i64::from(h * 3600 + m * 60 + s) * 1000 + ms)
}

/// Remembers the last `date` field and the last whole-second `time` field, so a file of one
/// day parses its date once and lines logged in the same second parse their time once.
#[derive(Debug, Default)]
pub(super) struct DayCache {
    key: [u8; 10],
    day: Option<i64>,
    /// The last `HH:MM:SS` parsed (eight bytes as a word) and its milliseconds.
    time: Option<(u64, i64)>,
}

impl DayCache {
    /// Days since the epoch of a `YYYY-MM-DD` field.
    pub fn day(&mut self, date: &[u8]) -> Option<i64> {
        if self.day.is_some() && date == self.key {
            return self.day;
        }
        let day = parse_date(date)?;
        self.key.copy_from_slice(date);
        self.day = Some(day);
        self.day
    }

    /// [`parse_time`] of a `time` field.
    #[inline]
    pub fn time(&mut self, b: &[u8]) -> Option<i64> {
        let Ok(word) = <[u8; 8]>::try_from(b).map(u64::from_le_bytes) else {
            return parse_time(b);
        };
        match self.time {
            Some((w, ms)) if w == word => Some(ms),
            _ => {
                let ms = parse_time(b)?;
                self.time = Some((word, ms));
                Some(ms)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn cached_times_are_parsed_times(
            times in proptest::collection::vec("[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,4})?|x{0,9}", 1..40),
            repeat in proptest::collection::vec(0usize..40, 0..40),
        ) {
            let mut cache = DayCache::default();
            let picks = (0..times.len()).chain(repeat.into_iter().map(|k| k % times.len()));
            for k in picks {
                let b = times[k].as_bytes();
                proptest::prop_assert_eq!(cache.time(b), parse_time(b), "{}", times[k]);
            }
        }
    }

    #[test]
    fn win32_codes_written_as_hex_or_signed_are_the_same_code() {
        assert_eq!(win32_other(b"0x80090346"), Some(2_148_074_310));
        assert_eq!(win32_other(b"0X8009030e"), Some(2_148_074_254));
        assert_eq!(win32_other(b"-2146892986"), Some(2_148_074_310));
        assert_eq!(win32_other(b"-2146893042"), Some(2_148_074_254));
        assert_eq!(win32_other(b"-2147483648"), Some(0x8000_0000));
        assert_eq!(win32_other(b"-1"), Some(u32::MAX));
        for bad in [
            &b"0x"[..],
            b"0x123456789",
            b"0xZZ",
            b"-",
            b"--5",
            b"-2147483649",
            b"12a",
        ] {
            assert_eq!(win32_other(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a_time_after_a_bad_one_of_the_same_bytes_is_still_bad() {
        let mut cache = DayCache::default();
        assert_eq!(cache.time(b"25:00:00"), None);
        assert_eq!(cache.time(b"25:00:00"), None);
        assert_eq!(cache.time(b"13:00:00"), Some(46_800_000));
        assert_eq!(cache.time(b"13:00:00"), Some(46_800_000));
        assert_eq!(cache.time(b"13:00:00.5"), Some(46_800_500));
        assert_eq!(cache.time(b"13:00:01"), Some(46_801_000));
    }
}
