//! START/FINISH pairing of HCW cmdlets (10276/10277) into calls with outcome and duration.
//!
//! A START and its FINISH share `Session`, `Cmdlet` and `Thread` (other threads interleave in
//! between); a FINISH with no open START on its thread closes the latest open START of the
//! same cmdlet (async continuations). A failing `Test-MigrationServerAvailability` is an informational FINISH with
//! `Results=1`; the failure is the `Result='Failed'` inside the object dump below it.

mod cause;
pub mod dump;
mod ends;
mod later;
mod verdict;

pub use cause::{
    Cause, CauseKind, TlsFault, cause_of, certificate_refused, classify, error_chain, first_url,
    strip_type, tls_faults, url_host,
};
pub use dump::{ERROR_CHARS, call_urls, clip, http_status, remote_server};
pub use ends::{RUN_ENDED, run_ended_in, run_ended_words};
pub use later::{later_success, later_words, other_server};
pub use verdict::{CUT_AT_END, clip_error, error_cut_at_end, log_ends_in, outcome_unknown};

use crate::parse::hcw::{finish_of, start_text};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use crate::time::UtcMs;
pub use dump::{is_indented, property, unwrap_text};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;

/// Event id of a cmdlet START.
pub const CMDLET_START: u32 = 10276;
/// Event id of a cmdlet FINISH.
pub const CMDLET_FINISH: u32 = 10277;

/// How a cmdlet call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CmdletOutcome {
    /// Finished and reported success (or returned objects without a failure marker).
    Success,
    /// Finished but the result says it failed (`Result='Failed'` in the object dump).
    Failed,
    /// `PowerShell failed to invoke`, an `*ERROR*` FINISH, no FINISH at all, or output cut off
    /// before it says how the call ended (the outcome is unknown, never taken for success).
    Error,
}

/// One cmdlet invocation recorded by HCW.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CmdletCall {
    /// Cmdlet name (`Test-MigrationServerAvailability`).
    pub name: String,
    /// The command line from the START message.
    pub command: String,
    /// `Session=` (`OnPremises` or `Tenant`).
    pub session: Option<String>,
    /// `Thread=`.
    pub thread: Option<String>,
    /// START instant (UTC); for a FINISH without START, the FINISH minus `Time=`.
    pub start: UtcMs,
    /// FINISH instant (UTC), if a FINISH was found.
    pub end: Option<UtcMs>,
    /// `Time=` of the FINISH in milliseconds (falls back to end − start).
    pub duration_ms: Option<f64>,
    /// Outcome.
    pub outcome: CmdletOutcome,
    /// Error text (ErrorDetail, Message or the failure message), control characters escaped.
    pub error: Option<String>,
    /// Source of the START line.
    pub source: SourceId,
    /// 1-based line of the START entry (of the FINISH when the START is missing).
    pub line: u64,
    /// 1-based line of the FINISH entry.
    pub finish_line: Option<u64>,
    /// `-RemoteServer '…'` argument, when present.
    pub remote_server: Option<String>,
    /// URLs named in the error (`The call to 'https://…'`).
    pub urls: Vec<String>,
    /// The first `(401)`-style HTTP status named in the FINISH text.
    pub http_status: Option<u16>,
    /// The FINISH was logged without a matching START (a cut or pasted log).
    pub start_missing: bool,
    /// Which run of its file the call is in: 0, or the run appended after others
    /// (`parse::hcw::run_breaks`); a later run of the same file is a later run.
    #[serde(skip)]
    pub run: usize,
}

/// (source, run of the file, Session, Cmdlet) and the thread: a FINISH never closes a START
/// of another run appended in the same file.
type Key = (
    (SourceId, usize, Option<String>, Option<String>),
    Option<String>,
);

fn key(e: &HcwEntry, run: usize) -> Key {
    let get = |k: &str| e.ctx(k).map(str::to_string);
    (
        (e.source, run, get("Session"), get("Cmdlet")),
        get("Thread"),
    )
}

/// Takes the latest open START for a FINISH: same scope and thread, else (an async
/// continuation logged on another thread) the latest open START of the same scope.
pub(crate) fn take_open<S: Eq + Hash + Clone, T: Eq + Hash + Clone>(
    open: &mut HashMap<(S, T), Vec<usize>>,
    key: &(S, T),
) -> Option<usize> {
    if let Some(i) = open.get_mut(key).and_then(Vec::pop) {
        return Some(i);
    }
    let other = open
        .iter()
        .filter(|(k, v)| k.0 == key.0 && !v.is_empty())
        .max_by_key(|(_, v)| v.last().copied())
        .map(|(k, _)| k.clone())?;
    open.get_mut(&other).and_then(Vec::pop)
}

/// Pairs START/FINISH entries into calls, ordered by start. Uses `ts`, so call it after the
/// zone has been applied. Entries of several sources may be mixed.
pub fn pair_cmdlets(entries: &[HcwEntry]) -> Vec<CmdletCall> {
    let mut calls: Vec<CmdletCall> = Vec::new();
    let mut open: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut last_line: HashMap<SourceId, u64> = HashMap::new();
    for e in entries {
        let last = last_line.entry(e.source).or_default();
        *last = (*last).max(e.line);
    }
    let breaks = crate::parse::hcw::run_breaks(entries);
    let run_of = |e: &HcwEntry| {
        breaks
            .get(&e.source)
            .map_or(0, |b| crate::parse::hcw::entry_run(b, e))
    };
    for e in entries {
        let last_in_file = last_line.get(&e.source) == Some(&e.line);
        match e.event_id {
            Some(CMDLET_START) => {
                open.entry(key(e, run_of(e))).or_default().push(calls.len());
                let mut call = started(e);
                call.run = run_of(e);
                calls.push(call);
            }
            Some(CMDLET_FINISH) => match take_open(&mut open, &key(e, run_of(e))) {
                Some(i) => finish(&mut calls[i], e, last_in_file),
                // Cut inside its `[…]` before any FINISH text: it names no call.
                None if !readable(e) => {}
                None => {
                    let mut call = started(e);
                    call.start_missing = true;
                    call.run = run_of(e);
                    finish(&mut call, e, last_in_file);
                    let back = call.duration_ms.map_or(0, |d| d.round() as i64);
                    call.start = e.ts.plus_ms(-back);
                    calls.push(call);
                }
            },
            _ => {}
        }
    }
    ends::mark(&mut calls, entries);
    calls.sort_by_key(|c| (c.start, c.source, c.line));
    calls
}

/// Whether a START or FINISH entry says which call it is or how one ended: it names its
/// cmdlet, or holds START/FINISH text (a line cut inside its `[…]` does neither).
pub(crate) fn readable(e: &HcwEntry) -> bool {
    e.ctx("Cmdlet").is_some() || finish_of(e).is_some() || start_text(e).is_some()
}

fn started(e: &HcwEntry) -> CmdletCall {
    let command = start_text(e).unwrap_or_default();
    let name = e
        .ctx("Cmdlet")
        .map(str::to_string)
        .or_else(|| command.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "(unknown)".to_string());
    CmdletCall {
        remote_server: remote_server(&command),
        name: escaped(&name),
        command: escaped(&command),
        session: e.ctx("Session").map(escaped),
        thread: e.ctx("Thread").map(escaped),
        start: e.ts,
        end: None,
        duration_ms: None,
        outcome: CmdletOutcome::Error,
        error: Some("no FINISH logged".to_string()),
        source: e.source,
        line: e.line,
        finish_line: None,
        urls: Vec::new(),
        http_status: None,
        start_missing: false,
        run: 0,
    }
}

fn escaped(s: &str) -> String {
    crate::escape::escape_control(s).into_owned()
}

fn finish(call: &mut CmdletCall, e: &HcwEntry, last_in_file: bool) {
    call.end = Some(e.ts);
    call.finish_line = Some(e.line);
    let full = e.full_text();
    let finished = finish_of(e);
    let finish_logged = finished.is_some();
    let results_logged = finished.is_some_and(|f| f.results.is_some_and(|r| !r.is_empty()));
    let (time_ms, results, dump) = match finished {
        Some(f) => (f.time_ms, f.results.unwrap_or(""), f.dump),
        None => (None, "", full.as_str()),
    };
    call.duration_ms =
        time_ms.or_else(|| (!call.start_missing).then(|| (e.ts.0 - call.start.0) as f64));
    // `Results=` text and the dump with every hard wrap undone: a wrapped FINISH line continues
    // on the first dump line.
    let text = unwrap_text(&format!("{results}\n{dump}")).into_owned();
    call.urls = call_urls(&text);
    call.http_status = http_status(&text);
    let invoke_failed = results.to_ascii_lowercase().contains("failed to invoke");
    if e.level == HcwLevel::Error || invoke_failed {
        call.outcome = CmdletOutcome::Error;
        let unwrapped = unwrap_text(dump);
        let first_dump_line = unwrapped
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let reason = if invoke_failed || (results.parse::<u64>().is_err() && !results.is_empty()) {
            text.lines().next().unwrap_or(results)
        } else if !first_dump_line.is_empty() {
            first_dump_line
        } else {
            e.message.as_str()
        };
        call.error = Some(clip(reason)).filter(|s| !s.is_empty());
        return;
    }
    let place = verdict::Place {
        results,
        dump,
        own_line: e.message.trim().is_empty(),
        last_in_file,
        finish_logged,
        results_logged,
    };
    (call.outcome, call.error) = match verdict::verdict(&text, place) {
        verdict::Verdict::Success => (CmdletOutcome::Success, None),
        verdict::Verdict::Failed(error) => (CmdletOutcome::Failed, Some(error)),
        verdict::Verdict::Cut(why) => (CmdletOutcome::Error, Some(why)),
    };
}

#[cfg(test)]
mod tests;
