//! Where in the day each generated line falls: a working-day load curve (UTC) mapped from "how
//! much of the file is written" to "second of the day", so lines come out in time order.

/// Relative request rate per UTC hour (a European working day).
const HOURLY: [f64; 24] = [
    2.0, 1.5, 1.2, 1.2, 1.5, 3.0, 7.0, 11.0, 14.0, 15.0, 14.5, 13.5, 12.0, 13.5, 14.5, 13.0, 11.0,
    8.0, 6.0, 5.0, 4.0, 3.5, 3.0, 2.5,
];

/// Maps the written fraction of a file to a second of its day within `[lo, hi)`.
pub(crate) struct Clock {
    cum: [f64; 25],
    from: f64,
    total: f64,
    lo: u32,
    hi: u32,
    hour: usize,
}

impl Clock {
    /// A clock over seconds `lo..hi` of the day (`hi` ≤ 86 400).
    pub(crate) fn new(lo: u32, hi: u32) -> Self {
        let mut cum = [0.0; 25];
        for h in 0..24 {
            cum[h + 1] = cum[h] + HOURLY[h] * 3600.0;
        }
        let hi = hi.clamp(lo.saturating_add(1), 86_400);
        let at = |s: u32| {
            let h = (s / 3600).min(23) as usize;
            cum[h] + HOURLY[h] * f64::from(s - h as u32 * 3600)
        };
        let from = at(lo);
        let total = at(hi) - from;
        Clock {
            cum,
            from,
            total,
            lo,
            hi,
            hour: (lo / 3600).min(23) as usize,
        }
    }

    /// The second for a fraction in `[0, 1]`; call with non-decreasing fractions.
    pub(crate) fn second_at(&mut self, fraction: f64) -> u32 {
        let t = self.from + fraction.clamp(0.0, 1.0) * self.total;
        while self.hour < 23 && self.cum[self.hour + 1] <= t {
            self.hour += 1;
        }
        let into = (t - self.cum[self.hour]) / HOURLY[self.hour];
        let s = self.hour as u32 * 3600 + into.max(0.0) as u32;
        s.clamp(self.lo, self.hi - 1)
    }
}

/// Civil date (year, month, day) of a count of days since 1970-01-01 (Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}
