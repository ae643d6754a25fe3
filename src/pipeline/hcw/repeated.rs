//! HCW runs the log cannot place: every stamp in the hour an autumn daylight-saving switch
//! repeats (02:00–03:00 local on the last Sunday of October in Europe), the wall clock never
//! stepping back, and no offset in the header (`parse::hcw::repeated_reading`). Read as the
//! hour's first pass while loading; once the IIS logs are read, the reading under which more
//! of the run's test calls line up with the mrsproxy requests they cause wins (the call lands
//! on its IIS requests). Either way the source says so (a diagnostic on line 1): silently an
//! hour off is the one thing an admin lining up logs must not get.

use crate::pipeline::Analysis;
use crate::source::{Diagnostic, SourceId};
use crate::time::ZoneSpec;

/// How the note on a run in a repeated hour begins (replaced once IIS decided).
const NOTE: &str = "every stamp lies in the hour repeated when daylight saving time ended";

/// `UTC+02:00` for 7200 seconds.
fn offset_text(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The zone's name and the offsets of the two passes, from the first entry's placing as the
/// first pass.
fn passes(zone: &ZoneSpec, local: i64, utc: i64, alt_ms: i64) -> (String, String, String) {
    let first = (local - utc) / 1000;
    (
        zone.label(),
        offset_text(first),
        offset_text(first - alt_ms / 1000),
    )
}

/// The diagnostic of a run read as the first pass, before IIS is read: `alt_ms` later is the
/// other reading.
pub(super) fn note(zone: &ZoneSpec, local: i64, utc: i64, alt_ms: i64, text: &str) -> Diagnostic {
    let (name, first, second) = passes(zone, local, utc, alt_ms);
    let hours = alt_ms as f64 / 3_600_000.0;
    Diagnostic {
        line: 1,
        reason: format!(
            "{NOTE} ({name}): read as its first pass ({first}); the log cannot tell and no IIS \
             request decided it. If the run was in the second pass ({second}), its times are \
             {hours} h later (--skew hcw=+{hours}h)"
        ),
        text: crate::escape::escape_control(text.get(..80).unwrap_or(text)).into_owned(),
    }
}

/// Settles each run read as the first pass of a repeated hour (`(source, ms to the second
/// pass)`) by the IIS requests: moved to the second pass when more of its test calls line up
/// with mrsproxy requests there, its note saying which reading holds and why.
pub(crate) fn settle(a: &mut Analysis, runs: &[(SourceId, i64)]) {
    for &(source, alt) in runs {
        let calls: Vec<&crate::analyze::cmdlet::CmdletCall> =
            a.cmdlets.iter().filter(|c| c.source == source).collect();
        let now = crate::analyze::skew::calls_lined_up(&calls, &a.mrs, 0);
        let then = crate::analyze::skew::calls_lined_up(&calls, &a.mrs, alt);
        let total = calls
            .iter()
            .filter(|c| crate::analyze::correlate::reaches_mrs(c))
            .count();
        if now == then {
            continue;
        }
        let second = then > now;
        if second {
            shift(a, source, alt);
        }
        let Some(e) = a.hcw.iter().find(|e| e.source == source) else {
            continue;
        };
        let utc = if second { e.ts.0 - alt } else { e.ts.0 };
        let local = e.local.0;
        let Some(info) = a.sources.get_mut(usize::from(source.0)) else {
            continue;
        };
        let (name, first_pass, second_pass) = passes(&info.zone, local, utc, alt);
        let Some(d) = info
            .stats
            .diagnostics
            .iter_mut()
            .find(|d| d.reason.starts_with(NOTE))
        else {
            continue;
        };
        let (pass, offset, lined, other) = if second {
            ("second", second_pass, then, now)
        } else {
            ("first", first_pass, now, then)
        };
        d.reason = format!(
            "{NOTE} ({name}): read as its {pass} pass ({offset}), where {lined} of {total} test \
             calls line up with IIS mrsproxy requests ({other} in the other pass)"
        );
    }
}

/// Moves a source's entries, calls and span `ms` later.
fn shift(a: &mut Analysis, source: SourceId, ms: i64) {
    for e in a.hcw.iter_mut().filter(|e| e.source == source) {
        e.ts = e.ts.plus_ms(ms);
    }
    for c in a.cmdlets.iter_mut().filter(|c| c.source == source) {
        c.start = c.start.plus_ms(ms);
        c.end = c.end.map(|t| t.plus_ms(ms));
    }
    if let Some(info) = a.sources.get_mut(usize::from(source.0)) {
        info.span = info.span.map(|(f, l)| (f.plus_ms(ms), l.plus_ms(ms)));
        for r in &mut info.stats.runs {
            r.first = r.first.plus_ms(ms);
        }
    }
}
