//! Lengths of time as hcwlens words them: one family everywhere, each number before its unit
//! (`512 ms`, `5.4 s`, `2 min 3.4 s`, `5 min 54 s`, `1 h 2 min`), never zero-padded. How fine
//! depends on what was measured: a call in tenths of a second (HCW logs `Time=5428,0ms`, and
//! an admin compares calls by the second), a run, minutes long, in whole seconds; below a
//! second both in milliseconds, past an hour both in minutes. A clock difference (a skew, a
//! suggested shift) is signed and exact to the millisecond: `+350 ms`, `+1 min 35 s`, `-2 h`.

/// A call's duration, in every ticket, report and screen: `512 ms`, `7.7 s`, `2 min 3.4 s`,
/// `1 h 2 min`; None for values that are not a duration.
pub fn call_duration(ms: f64) -> Option<String> {
    length(ms, Grain::Tenths)
}

/// An HCW run's length for the runs list and the overview: `42 s`, `5 min 54 s`, `1 h 2 min`
/// (a negative length, clocks gone back, reads `0 ms`).
pub fn run_length(ms: i64) -> String {
    length(ms.max(0) as f64, Grain::Seconds).unwrap_or_default()
}

/// A clock difference as an admin reads one, in every report, ticket and screen that says a
/// skew or a shift: `+350 ms`, `-7 s`, `+1 min 35 s`, `-2 h`, `-5 h 30 min`, `+1 h 0 min 7 s`,
/// `+1.5 s`; exact (a `--skew +1500ms` is not rounded), `0 s` for none.
pub fn clock_shift(ms: i64) -> String {
    match ms {
        0 => "0 s".to_string(),
        _ if ms < 0 => format!("-{}", clock_gap(ms)),
        _ => format!("+{}", clock_gap(ms)),
    }
}

/// How far two clocks are apart, without a sign: `95 ms`, `1 min 35 s`, `2 h`.
pub fn clock_gap(ms: i64) -> String {
    let a = ms.unsigned_abs();
    if a < 1000 {
        return format!("{a} ms");
    }
    let (h, m, s, frac) = (a / 3_600_000, a / 60_000 % 60, a / 1000 % 60, a % 1000);
    let mut secs = s.to_string();
    if frac > 0 {
        let digits = format!("{frac:03}");
        secs = format!("{s}.{}", digits.trim_end_matches('0'));
    }
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    let seconds = s > 0 || frac > 0;
    if m > 0 || (h > 0 && seconds) {
        parts.push(format!("{m} min"));
    }
    if seconds {
        parts.push(format!("{secs} s"));
    }
    parts.join(" ")
}

/// The finest unit shown below an hour.
#[derive(Clone, Copy)]
enum Grain {
    Tenths,
    Seconds,
}

fn length(ms: f64, grain: Grain) -> Option<String> {
    if !ms.is_finite() || ms < 0.0 {
        return None;
    }
    if ms < 999.5 {
        return Some(format!("{ms:.0} ms"));
    }
    let per_second: u32 = match grain {
        Grain::Tenths => 10,
        Grain::Seconds => 1,
    };
    // Rounded once, so 59.96 s reads `1 min 0.0 s`, not `60.0 s`.
    let steps = (ms * f64::from(per_second) / 1000.0).round() as u64;
    let secs = steps / u64::from(per_second);
    if secs >= 3600 {
        let minutes = (ms / 60_000.0).round() as u64;
        return Some(format!("{} h {} min", minutes / 60, minutes % 60));
    }
    let s = match grain {
        Grain::Tenths => format!("{}.{}", secs % 60, steps % 10),
        Grain::Seconds => (secs % 60).to_string(),
    };
    Some(match secs / 60 {
        0 => format!("{s} s"),
        m => format!("{m} min {s} s"),
    })
}

#[cfg(test)]
mod tests {
    use super::{call_duration, clock_gap, clock_shift, run_length};

    #[test]
    fn a_clock_difference_signed_and_exact() {
        assert_eq!(clock_shift(95_000), "+1 min 35 s");
        assert_eq!(clock_shift(-95_000), "-1 min 35 s");
        assert_eq!(clock_shift(350), "+350 ms");
        assert_eq!(clock_shift(-7_000), "-7 s");
        assert_eq!(clock_shift(-7_200_000), "-2 h");
        assert_eq!(clock_shift(3_600_000), "+1 h");
        assert_eq!(clock_shift(3_607_000), "+1 h 0 min 7 s");
        assert_eq!(clock_shift(-19_800_000), "-5 h 30 min");
        assert_eq!(clock_shift(120_000), "+2 min");
        assert_eq!(clock_shift(125_000), "+2 min 5 s");
        assert_eq!(clock_shift(1_500), "+1.5 s");
        assert_eq!(clock_shift(61_005), "+1 min 1.005 s");
        assert_eq!(clock_shift(0), "0 s");
        assert_eq!(clock_shift(i64::MIN).chars().next(), Some('-'));
        assert_eq!(clock_gap(-95_000), "1 min 35 s");
        assert_eq!(clock_gap(999), "999 ms");
    }

    #[test]
    fn a_call_in_tenths_of_a_second() {
        assert_eq!(call_duration(512.4).as_deref(), Some("512 ms"));
        assert_eq!(call_duration(7661.7).as_deref(), Some("7.7 s"));
        assert_eq!(call_duration(5428.0).as_deref(), Some("5.4 s"));
        assert_eq!(call_duration(123_400.0).as_deref(), Some("2 min 3.4 s"));
        // Rounding never writes `1000 ms` or `60.0 s`.
        assert_eq!(call_duration(999.7).as_deref(), Some("1.0 s"));
        assert_eq!(call_duration(59_960.0).as_deref(), Some("1 min 0.0 s"));
        assert_eq!(call_duration(3_723_400.0).as_deref(), Some("1 h 2 min"));
        assert_eq!(call_duration(3_599_960.0).as_deref(), Some("1 h 0 min"));
        assert_eq!(call_duration(-1.0), None);
        assert_eq!(call_duration(f64::NAN), None);
    }

    #[test]
    fn a_run_in_whole_seconds_worded_as_a_call() {
        assert_eq!(run_length(42_400), "42 s");
        assert_eq!(run_length(354_000), "5 min 54 s");
        // Not zero-padded (`3 min 05 s`), as a call's `2 min 3.4 s`.
        assert_eq!(run_length(185_000), "3 min 5 s");
        assert_eq!(run_length(59_600), "1 min 0 s");
        assert_eq!(run_length(3_720_000), "1 h 2 min");
        assert_eq!(run_length(400), "400 ms");
        assert_eq!(run_length(-5), "0 ms");
    }
}
