//! `@timestamp` text without chrono or `format!` on the hot path: the date and time of the
//! last second written is kept (IIS logs whole seconds, so most lines share it) and only the
//! milliseconds are written anew; a new second of the same day writes only the time. The same text as [`UtcMs::rfc3339`] (a test checks it).

use crate::time::UtcMs;

/// First instant of year 0 and first of year 10000: outside, [`UtcMs::rfc3339`] writes it.
const FIRST: i64 = -62_167_219_200_000;
const END: i64 = 253_402_300_800_000;

/// The formatted second last written.
#[derive(Debug, Clone)]
pub struct Stamps {
    second: i64,
    /// The day of `second` (days since 1970-01-01).
    day: i64,
    /// `"YYYY-MM-DDTHH:MM:SS.mmmZ"`, the milliseconds those last written.
    text: [u8; 26],
}

impl Default for Stamps {
    fn default() -> Self {
        Stamps {
            second: i64::MIN,
            day: i64::MIN,
            text: *b"\"0000-00-00T00:00:00.000Z\"",
        }
    }
}

fn two(out: &mut [u8], v: i64) {
    out[0] = b'0' + (v / 10) as u8;
    out[1] = b'0' + (v % 10) as u8;
}

/// Year, month and day of a day number since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Stamps {
    /// Writes `ts` as a JSON string: `"2024-11-05T13:23:46.000Z"`.
    #[inline]
    pub fn write(&mut self, out: &mut Vec<u8>, ts: UtcMs) {
        if !(FIRST..END).contains(&ts.0) {
            super::string::text(out, ts.rfc3339());
            return;
        }
        let (second, ms) = (ts.0.div_euclid(1000), ts.0.rem_euclid(1000));
        if second != self.second {
            self.fill(second);
        }
        let t = &mut self.text;
        t[21] = b'0' + (ms / 100) as u8;
        t[22] = b'0' + (ms / 10 % 10) as u8;
        t[23] = b'0' + (ms % 10) as u8;
        out.extend_from_slice(t);
    }

    fn fill(&mut self, second: i64) {
        let day = second.div_euclid(86_400);
        let s = second.rem_euclid(86_400);
        let t = &mut self.text[1..];
        if day != self.day {
            let (y, m, d) = civil(day);
            two(&mut t[0..2], y / 100);
            two(&mut t[2..4], y % 100);
            two(&mut t[5..7], m);
            two(&mut t[8..10], d);
            self.day = day;
        }
        two(&mut t[11..13], s / 3600);
        two(&mut t[14..16], s / 60 % 60);
        two(&mut t[17..19], s % 60);
        self.second = second;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(stamps: &mut Stamps, ms: i64) -> String {
        let mut out = Vec::new();
        stamps.write(&mut out, UtcMs(ms));
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn edges_of_the_years_and_days() {
        let mut s = Stamps::default();
        for ms in [
            FIRST - 1,
            FIRST,
            0,
            -1,
            951_782_400_000,
            1_730_813_026_397,
            END - 1,
            END,
            i64::MIN,
            i64::MAX,
        ] {
            assert_eq!(written(&mut s, ms), format!("\"{}\"", UtcMs(ms).rfc3339()));
        }
    }

    proptest! {
        #[test]
        fn as_rfc3339_writes_it(a in any::<i64>(), b in FIRST - 5_000..END + 5_000, step in 0i64..3000) {
            let mut s = Stamps::default();
            for ms in [a, b, b + step, b + step + 1, b - step, b + step * 40_000, b - step * 29_000] {
                prop_assert_eq!(written(&mut s, ms), format!("\"{}\"", UtcMs(ms).rfc3339()));
            }
        }
    }
}
