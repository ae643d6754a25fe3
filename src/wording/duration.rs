//! Lengths of time as hcwlens words them: one family everywhere, each number before its unit
//! (`512 ms`, `5.4 s`, `2 min 3.4 s`, `5 min 54 s`, `1 h 2 min`), never zero-padded. How fine
//! depends on what was measured: a call in tenths of a second (HCW logs `Time=5428,0ms`, and
//! an admin compares calls by the second), a run, minutes long, in whole seconds; below a
//! second both in milliseconds, past an hour both in minutes.

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
    use super::{call_duration, run_length};

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
