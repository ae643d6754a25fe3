//! The HCW runs of a load, one per run of the wizard: when it started and ended, how it went,
//! how many of its cmdlet calls failed and the machine it ran on.
//!
//! A run writes `YYYYMMDD_HHMMSS.log` (and a `.boot` of the same name): the HCW sources of one
//! folder with the same file stem are one run. Its outcome:
//!
//! * **failed** when a cmdlet call failed or never finished, an `*ERROR*` entry was written or
//!   the Hybrid workflow finished FAILED (`10268`) — what the explorer opens on;
//! * **succeeded** otherwise, when the Hybrid workflow finished PASSED (`10269`);
//! * **incomplete** otherwise: the wizard was closed before it configured anything, or the log
//!   ends inside a call, before its result (`incomplete: the log ends in
//!   Test-MigrationServerAvailability, no result`, [`RunSummary::ends_in`]): a log copied while
//!   the wizard ran and a wizard killed while it hung look alike, so such a call is not counted
//!   as failed (`cmdlet::log_ends_in`); the explorer opens on it as on a failure.

use crate::analyze::cmdlet::{CmdletOutcome, log_ends_in};
use crate::pipeline::Analysis;
use crate::record::HcwLevel;
use crate::source::{SourceId, SourceKind};
use crate::time::UtcMs;
use std::path::PathBuf;

/// Event id of the Hybrid workflow's FINISH when it PASSED.
const WORKFLOW_PASSED: u32 = 10269;
/// Event id of the Hybrid workflow's FINISH when it FAILED.
const WORKFLOW_FAILED: u32 = 10268;

/// How a run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunOutcome {
    /// No failure, and the Hybrid workflow passed.
    Succeeded,
    /// A call failed, an error was logged or the workflow failed.
    Failed,
    /// No failure, but the workflow never finished (the log may end inside a call).
    Incomplete,
}

impl RunOutcome {
    /// `succeeded` · `failed` · `incomplete`.
    pub fn word(self) -> &'static str {
        match self {
            RunOutcome::Succeeded => "succeeded",
            RunOutcome::Failed => "failed",
            RunOutcome::Incomplete => "incomplete",
        }
    }
}

/// One run of the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// Its sources (the `.log`, and the `.boot` of the same name when loaded).
    pub sources: Vec<SourceId>,
    /// The file stem (`20241105_142155`).
    pub name: String,
    /// First entry (UTC, shifted).
    pub start: UtcMs,
    /// Last entry (UTC, shifted).
    pub end: UtcMs,
    /// How it went.
    pub outcome: RunOutcome,
    /// Cmdlet calls.
    pub calls: usize,
    /// Calls that failed or never finished (not the one the log ends in).
    pub failed_calls: usize,
    /// `*ERROR*` entries.
    pub errors: usize,
    /// The machine it ran on, when the log names it.
    pub server: Option<String>,
    /// The call its log ends in before that call's result, when the run is incomplete for it
    /// (`Test-MigrationServerAvailability`).
    pub ends_in: Option<String>,
}

impl RunSummary {
    /// How it went in words: `failed`, `succeeded`, `incomplete`, or `incomplete: the log ends
    /// in Test-MigrationServerAvailability, no result`. Not escaped: the writers escape.
    pub fn outcome_words(&self) -> String {
        match (&self.ends_in, self.outcome) {
            (Some(call), RunOutcome::Incomplete) => {
                format!("incomplete: the log ends in {call}, no result")
            }
            _ => self.outcome.word().to_string(),
        }
    }

    /// End minus start, in milliseconds.
    pub fn duration_ms(&self) -> i64 {
        (self.end.0 - self.start.0).max(0)
    }
}

/// What is read about one run while scanning.
#[derive(Default)]
struct Acc {
    sources: Vec<SourceId>,
    span: Option<(UtcMs, UtcMs)>,
    calls: usize,
    failed_calls: usize,
    errors: usize,
    passed: bool,
    workflow_failed: bool,
    server: Option<String>,
    ends_in: Option<String>,
}

/// The runs of `a`, oldest first; `shift` adds milliseconds to a source's instants (the
/// explorer's clock offsets; the report passes none).
pub fn runs(a: &Analysis, shift: &dyn Fn(SourceId) -> i64) -> Vec<RunSummary> {
    let mut groups: Vec<(PathBuf, Acc)> = Vec::new();
    let mut group_of: Vec<Option<usize>> = Vec::new();
    for s in a.sources.iter().filter(|s| s.kind == SourceKind::Hcw) {
        let stem = s.path.with_extension("");
        let g = match groups.iter().position(|(n, _)| *n == stem) {
            Some(g) => g,
            None => {
                groups.push((stem, Acc::default()));
                groups.len() - 1
            }
        };
        let acc = &mut groups[g].1;
        acc.sources.push(s.id);
        let named = s.path.file_stem().is_some_and(|f| *f != *s.server);
        if named && !s.server.is_empty() && acc.server.is_none() {
            acc.server = Some(s.server.clone());
        }
        if let Some((lo, hi)) = s.span {
            let d = shift(s.id);
            let (lo, hi) = (lo.plus_ms(d), hi.plus_ms(d));
            acc.span = Some(acc.span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
        let at = usize::from(s.id.0);
        if group_of.len() <= at {
            group_of.resize(at + 1, None);
        }
        group_of[at] = Some(g);
    }
    let group = |id: SourceId| group_of.get(usize::from(id.0)).copied().flatten();
    for c in &a.cmdlets {
        if let Some(g) = group(c.source) {
            let acc = &mut groups[g].1;
            acc.calls += 1;
            if log_ends_in(c) {
                acc.ends_in = Some(c.name.clone());
            } else {
                acc.failed_calls += usize::from(c.outcome != CmdletOutcome::Success);
            }
        }
    }
    for e in &a.hcw {
        let Some(g) = group(e.source) else {
            continue;
        };
        let acc = &mut groups[g].1;
        acc.errors += usize::from(e.level == HcwLevel::Error);
        acc.passed |= e.event_id == Some(WORKFLOW_PASSED);
        acc.workflow_failed |= e.event_id == Some(WORKFLOW_FAILED);
    }
    let mut out: Vec<RunSummary> = groups
        .into_iter()
        .filter_map(|(stem, acc)| {
            let (start, end) = acc.span?;
            let outcome = if acc.failed_calls > 0 || acc.errors > 0 || acc.workflow_failed {
                RunOutcome::Failed
            } else if acc.passed {
                RunOutcome::Succeeded
            } else {
                RunOutcome::Incomplete
            };
            Some(RunSummary {
                sources: acc.sources,
                name: stem
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                start,
                end,
                outcome,
                calls: acc.calls,
                failed_calls: acc.failed_calls,
                errors: acc.errors,
                server: acc.server,
                ends_in: acc.ends_in,
            })
        })
        .collect();
    out.sort_by_key(|r| (r.start, r.sources.first().copied()));
    out
}
