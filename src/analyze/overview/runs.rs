//! The HCW runs of a load, one per run of the wizard: when it started and ended, how it went,
//! how many of its cmdlet calls failed and the machine it ran on.
//!
//! A run writes `YYYYMMDD_HHMMSS.log` (and a `.boot` of the same name): the HCW sources of one
//! folder with the same file stem are one run; a `.boot` without its `.log` joins the run,
//! appended in another log, that its stamp is the start of (`boot.rs`). A file holding several runs appended one after
//! another (each opening with its own line 1, `parse::hcw::run_breaks`) holds one run per
//! part, each with the machine its own Process Info table names. Its outcome:
//!
//! * **failed** when a cmdlet call failed or never finished, an `*ERROR*` entry was written or
//!   the Hybrid workflow finished FAILED (`10268`) — what the explorer opens on;
//! * **succeeded** otherwise, when the Hybrid workflow finished PASSED (`10269`);
//! * **incomplete** otherwise: the wizard was closed before it configured anything, or the log
//!   ends inside a call, before its result (`incomplete: the log ends in
//!   Test-MigrationServerAvailability, no result`, [`RunSummary::ends_in`]): a log copied while
//!   the wizard ran and a wizard killed while it hung look alike, so such a call is not counted
//!   as failed (`cmdlet::log_ends_in`); the explorer opens on it as on a failure.

use super::boot;
use crate::analyze::cmdlet::{CmdletOutcome, log_ends_in};
use crate::parse::hcw::{RunBreak, entry_run, run_breaks, run_index};
use crate::pipeline::Analysis;
use crate::record::HcwLevel;
use crate::source::{SourceId, SourceKind};
use crate::time::UtcMs;
use std::collections::HashMap;
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

/// The lines of one source a run holds: all of them, unless the file holds runs appended
/// one after another (1-based, `first..end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunPart {
    /// The source.
    pub source: SourceId,
    /// Its first line (the run's line 1).
    pub first: u64,
    /// The line the next run of the file begins at, when one does.
    pub end: Option<u64>,
    /// Byte offsets of its line 1 and of the next run's (a line 1 glued to a cut line shares
    /// that line's number, not its offset).
    pub offsets: (u64, Option<u64>),
}

impl RunPart {
    /// Whether line `line` of `source` is in this part.
    pub fn holds(&self, source: SourceId, line: u64) -> bool {
        self.source == source && self.first <= line && self.end.is_none_or(|end| line < end)
    }

    /// Whether an entry is in this part, by its offset.
    pub fn holds_entry(&self, e: &crate::record::HcwEntry) -> bool {
        let (first, end) = self.offsets;
        e.source == self.source && first <= e.offset && end.is_none_or(|end| e.offset < end)
    }
}

/// One run of the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// Its sources (the `.log`, and the `.boot` of the same name when loaded).
    pub sources: Vec<SourceId>,
    /// The lines of each source it holds ([`RunSummary::holds`]).
    pub parts: Vec<RunPart>,
    /// The file stem (`20241105_142155`); a run appended after the first of its file adds
    /// which run of the file it is (`20241105_142155 run 2`).
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

    /// Whether line `line` of `source` is one of this run's.
    pub fn holds(&self, source: SourceId, line: u64) -> bool {
        self.parts.iter().any(|p| p.holds(source, line))
    }

    /// Whether an entry is one of this run's (by its offset: [`RunPart::holds_entry`]).
    pub fn holds_entry(&self, e: &crate::record::HcwEntry) -> bool {
        self.parts.iter().any(|p| p.holds_entry(e))
    }
}

/// What is read about one run while scanning.
#[derive(Default)]
struct Acc {
    sources: Vec<SourceId>,
    parts: Vec<RunPart>,
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
    let breaks = run_breaks(&a.hcw);
    let none = Vec::new();
    let breaks_of = |id: SourceId| breaks.get(&id).unwrap_or(&none);
    // A group per file stem and run of the file (0 the first); the `.boot`s last, each joining
    // the run of its stamp (`boot.rs`).
    let mut groups: Vec<((PathBuf, usize), Acc)> = Vec::new();
    let mut group_of: HashMap<(SourceId, usize), usize> = HashMap::new();
    let hcw = a.sources.iter().filter(|s| s.kind == SourceKind::Hcw);
    let (boots, logs): (Vec<_>, Vec<_>) = hcw.partition(|s| boot::is_boot(&s.path));
    // The stamp of each run of the logs, read when a `.boot` has no `.log` of its stem.
    let mut stamps: Option<Vec<(usize, UtcMs)>> = None;
    for s in logs.into_iter().chain(boots) {
        let stem = s.path.with_extension("");
        let cuts = breaks_of(s.id);
        let boot = boot::is_boot(&s.path) && cuts.is_empty();
        for k in 0..=cuts.len() {
            let key = (stem.clone(), k);
            let mine = groups.iter().position(|(n, _)| *n == key);
            let mut theirs = || {
                let stamp = boot::boot_stamp(a, s.id)?;
                let stamps = stamps.get_or_insert_with(|| {
                    group_of
                        .iter()
                        .filter_map(|(&(id, k), &g)| {
                            Some((g, boot::run_stamp(a, id, breaks_of(id), k)?))
                        })
                        .collect()
                });
                boot::owner(stamp, stamps)
            };
            let g = match mine.or_else(|| if boot { theirs() } else { None }) {
                Some(g) => g,
                None => {
                    groups.push((key, Acc::default()));
                    groups.len() - 1
                }
            };
            let acc = &mut groups[g].1;
            acc.sources.push(s.id);
            acc.parts.push(RunPart {
                source: s.id,
                first: if k == 0 { 1 } else { cuts[k - 1].line },
                end: cuts.get(k).map(|c| c.line),
                offsets: (
                    if k == 0 { 0 } else { cuts[k - 1].offset },
                    cuts.get(k).map(|c| c.offset),
                ),
            });
            let server = if k == 0 {
                let named = s.path.file_stem().is_some_and(|f| *f != *s.server);
                Some(s.server.clone()).filter(|m| named && !m.is_empty())
            } else {
                later_machine(a, s.id, cuts, k)
            };
            if acc.server.is_none() {
                acc.server = server;
            }
            let span = if cuts.is_empty() {
                s.span
            } else {
                part_span(a, s.id, cuts, k)
            };
            if let Some((lo, hi)) = span {
                let d = shift(s.id);
                let (lo, hi) = (lo.plus_ms(d), hi.plus_ms(d));
                acc.span = Some(acc.span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            }
            group_of.insert((s.id, k), g);
        }
    }
    let group =
        |id: SourceId, line: u64| group_of.get(&(id, run_index(breaks_of(id), line))).copied();
    for c in &a.cmdlets {
        if let Some(g) = group(c.source, c.line) {
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
        let Some(&g) = group_of.get(&(e.source, entry_run(breaks_of(e.source), e))) else {
            continue;
        };
        let acc = &mut groups[g].1;
        acc.errors += usize::from(e.level == HcwLevel::Error);
        acc.passed |= e.event_id == Some(WORKFLOW_PASSED);
        acc.workflow_failed |= e.event_id == Some(WORKFLOW_FAILED);
    }
    let mut out: Vec<RunSummary> = groups
        .into_iter()
        .filter_map(|((stem, k), acc)| {
            let (start, end) = acc.span?;
            let outcome = if acc.failed_calls > 0 || acc.errors > 0 || acc.workflow_failed {
                RunOutcome::Failed
            } else if acc.passed {
                RunOutcome::Succeeded
            } else {
                RunOutcome::Incomplete
            };
            let stem = stem
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some(RunSummary {
                sources: acc.sources,
                parts: acc.parts,
                name: match k {
                    0 => stem,
                    k => format!("{stem} run {}", k + 1),
                },
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

/// The entries of run `k` of source `id`, whose runs after the first begin at `cuts`.
fn part_entries<'a>(
    a: &'a Analysis,
    id: SourceId,
    cuts: &'a [RunBreak],
    k: usize,
) -> impl Iterator<Item = &'a crate::record::HcwEntry> {
    a.hcw
        .iter()
        .filter(move |e| e.source == id && entry_run(cuts, e) == k)
}

/// First and last instant of run `k` of a source.
fn part_span(a: &Analysis, id: SourceId, cuts: &[RunBreak], k: usize) -> Option<(UtcMs, UtcMs)> {
    let lo = part_entries(a, id, cuts, k).map(|e| e.ts).min()?;
    let hi = part_entries(a, id, cuts, k).map(|e| e.ts).max()?;
    Some((lo, hi))
}

/// The machine the Process Info table of run `k` (after the first) of a source names.
fn later_machine(a: &Analysis, id: SourceId, cuts: &[RunBreak], k: usize) -> Option<String> {
    boot::part_header(a, id, cuts, k)
        .machine
        .filter(|m| !m.is_empty())
}
