//! Whether a later run of the wizard got past a failed call: each HCW log is one run (or
//! several, appended one after another: [`CmdletCall::run`]), and a failed call counts as
//! fixed when the latest call of the same cmdlet in the loaded logs succeeded, in a run that
//! started after the failed call's run.

use super::{CmdletCall, CmdletOutcome};
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashMap;

/// A run: its file and which run of the file.
type Run = (SourceId, usize);

/// The first instant of each run: its earliest call.
fn run_starts(calls: &[CmdletCall]) -> HashMap<Run, UtcMs> {
    let mut out: HashMap<Run, UtcMs> = HashMap::new();
    for c in calls {
        let s = out.entry((c.source, c.run)).or_insert(c.start);
        *s = (*s).min(c.start);
    }
    out
}

/// The successful call of a later run that shows `call` no longer fails: the first success
/// of the same cmdlet after its last failure, provided the cmdlet's latest call succeeded.
/// None for a successful call, or when the cmdlet still fails in the latest run that ran it.
pub fn later_success<'a>(calls: &'a [CmdletCall], call: &CmdletCall) -> Option<&'a CmdletCall> {
    if call.outcome == CmdletOutcome::Success {
        return None;
    }
    let same = || {
        calls
            .iter()
            .filter(|c| c.name.eq_ignore_ascii_case(&call.name))
    };
    let latest = same().max_by_key(|c| (c.start, c.line))?;
    if latest.outcome != CmdletOutcome::Success {
        return None;
    }
    let last_failure = same()
        .filter(|c| c.outcome != CmdletOutcome::Success)
        .map(|c| c.start)
        .max()
        .unwrap_or(call.start)
        .max(call.start);
    let starts = run_starts(calls);
    let mine = *starts.get(&(call.source, call.run))?;
    same()
        .filter(|c| {
            c.outcome == CmdletOutcome::Success
                && c.start > last_failure
                && (c.source, c.run) != (call.source, call.run)
                && starts.get(&(c.source, c.run)).is_some_and(|&s| s > mine)
        })
        .min_by_key(|c| (c.start, c.line))
}

/// `a later run at 2022-03-05 22:30:34 UTC succeeded`, and `with another remote server,
/// mail.fabrikam.com` when `ok` tested another server than `call` (the failure's name may still
/// fail: the admin entered another one). Not escaped: the writers escape.
pub fn later_words(call: &CmdletCall, ok: &CmdletCall) -> String {
    let mut s = format!(
        "a later run at {} succeeded",
        crate::time::sentence_utc(ok.start)
    );
    if let Some(theirs) = other_server(call, ok) {
        s.push_str(&format!(" with another remote server, {theirs}"));
    }
    s
}

/// The remote server `ok` tested when it is not the one `call` failed with (both logged).
pub fn other_server<'a>(call: &CmdletCall, ok: &'a CmdletCall) -> Option<&'a str> {
    match (&call.remote_server, &ok.remote_server) {
        (Some(mine), Some(theirs)) if !mine.eq_ignore_ascii_case(theirs) => Some(theirs),
        _ => None,
    }
}
