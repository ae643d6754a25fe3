//! What `--since` / `--until` text means: the forms of the explorer's go-to prompt
//! (`2024-11-05 13:23`, `2024-11-05T13:23:14.250`, `05.11.2024 13:23`, a date alone for
//! midnight) read in UTC — the
//! zone the report and the explorer show by default — or with an explicit zone (`Z`, `+01:00`,
//! RFC 3339 `2024-11-05T13:23:00+01:00`). `--until` may also be relative to `--since`: a step
//! (`+2h`, `+1d`) or a clock time alone (`14:30`, on the `--since` day).

use crate::time::{UtcMs, ZoneSpec, goto::parse_goto};

/// The instant `text` names; `base` is `--since` when `text` is `--until` (clock times and
/// steps are relative to it), None for `--since` itself (a date is then required).
pub fn parse_bound(text: &str, base: Option<UtcMs>) -> Result<UtcMs, String> {
    let t = text.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(UtcMs(dt.timestamp_millis()));
    }
    let (rest, zone) = split_zone(t);
    match base {
        Some(b) => parse_goto(rest, b, &zone),
        None if rest.starts_with(['+', '-']) || !crate::time::goto::has_date(rest) => Err(format!(
            "`{t}` has no date: use e.g. 2024-11-05 13:23 (UTC), 2024-11-05T13:23:00+01:00"
        )),
        None => parse_goto(rest, UtcMs(0), &zone),
    }
}

/// Splits a trailing `Z` or `+01:00` / `-0500` after a clock time off the text.
fn split_zone(t: &str) -> (&str, ZoneSpec) {
    let utc = ZoneSpec::Fixed(0);
    if !t.contains(':') {
        return (t, utc);
    }
    if let Some(rest) = t.strip_suffix(['Z', 'z']) {
        return (rest.trim_end(), utc);
    }
    let Some(at) = t.rfind(['+', '-']) else {
        return (t, utc);
    };
    let (rest, suffix) = t.split_at(at);
    let clock_before = rest
        .rfind(':')
        .is_some_and(|c| c > rest.rfind(['-', '/']).unwrap_or(0));
    match crate::time::parse_offset(suffix) {
        Some(secs) if clock_before => (rest.trim_end(), ZoneSpec::Fixed(secs)),
        _ => (t, utc),
    }
}
