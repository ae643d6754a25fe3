//! Findings that a later run fixed. Every HCW log is one run of the wizard, or several appended
//! one after another (each its own run); a finding is fixed when each HCW line behind it is from
//! a run that a later run, in another log or later in the same one, got past:
//!
//! * a failed cmdlet call: the cmdlet's latest call succeeded in a later run
//!   ([`later_success`]);
//! * any other HCW entry (an HCW code, an `*ERROR*`, a failed phase): a later run finished its
//!   Hybrid workflow (`10269`) without logging an entry of the same event id, level and code.
//!
//! A finding without HCW lines whose every line is an mrsproxy request (Exchange Online's own
//! path, such as the Hybrid Agent's failing handshakes) is fixed by a later run whose call to
//! the MRS proxy succeeded after the last of them ([`Runs::mrs_fixed`]): the path that failed
//! worked since. Other findings without HCW lines (IIS-only) stay open: nothing says the
//! problem went away.

use super::DiagnoseInput;
use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome, later_success};
use crate::analyze::correlate::reaches_mrs;
use crate::analyze::finding::{Finding, FixedBy, Severity};
use crate::parse::hcw::{RunBreak, entry_run, run_breaks};
use crate::record::HcwEntry;
use crate::source::{SourceId, SourceKind};
use crate::time::UtcMs;
use std::collections::HashMap;

/// Event id of the Hybrid workflow's FINISH when it PASSED.
const WORKFLOW_PASSED: u32 = 10269;

/// What marks an entry as "the same problem again" in another run.
type Signature = (Option<u32>, crate::record::HcwLevel, Option<String>);

fn signature(e: &HcwEntry) -> Signature {
    (e.event_id, e.level, e.hcw_code())
}

/// A run: its HCW log and which run of the log (0 the first; runs appended one after another
/// in one file are each their own, `parse::hcw::run_breaks`).
type Run = (SourceId, usize);

/// The HCW runs of an input, with what the fixed check needs about each.
pub struct Runs<'a> {
    input: &'a DiagnoseInput<'a>,
    /// Where each run after the first of a log begins.
    breaks: HashMap<SourceId, Vec<RunBreak>>,
    /// First instant of each run.
    start: HashMap<Run, UtcMs>,
    /// Runs whose Hybrid workflow passed, with the instant and line it finished, by start.
    passed: Vec<(Run, UtcMs, u64)>,
    /// Entries by (source, line).
    entries: HashMap<(SourceId, u64), &'a HcwEntry>,
    /// Calls by the (source, line) of their START and FINISH.
    calls: HashMap<(SourceId, u64), &'a CmdletCall>,
    /// Mrsproxy requests' instants by (source, line), with whether they were answered 2xx.
    mrs: HashMap<(SourceId, u64), (UtcMs, bool)>,
}

impl<'a> Runs<'a> {
    /// Reads the runs of the input's HCW entries.
    pub fn new(input: &'a DiagnoseInput<'a>) -> Self {
        let breaks = run_breaks(input.hcw);
        let mut start: HashMap<Run, UtcMs> = HashMap::new();
        let mut passed: HashMap<Run, (UtcMs, u64)> = HashMap::new();
        for e in input.hcw {
            let run = run_of(&breaks, e);
            let s = start.entry(run).or_insert(e.ts);
            *s = (*s).min(e.ts);
            if e.event_id == Some(WORKFLOW_PASSED) {
                passed.entry(run).or_insert((e.ts, e.line));
            }
        }
        let mut passed: Vec<(Run, UtcMs, u64)> =
            passed.into_iter().map(|(r, (t, l))| (r, t, l)).collect();
        passed.sort_by_key(|(r, t, _)| (start.get(r).copied(), *t));
        let entries = input.hcw.iter().map(|e| ((e.source, e.line), e)).collect();
        let mut calls = HashMap::new();
        for c in input.cmdlets {
            calls.insert((c.source, c.line), c);
            if let Some(l) = c.finish_line {
                calls.insert((c.source, l), c);
            }
        }
        let mrs = input
            .mrs
            .iter()
            .map(|r| ((r.source, r.line), (r.ts, (200..300).contains(&r.status))))
            .collect();
        Runs {
            input,
            breaks,
            start,
            passed,
            entries,
            calls,
            mrs,
        }
    }

    /// What a fix cites: the run's log, and the line when that log holds other runs too.
    fn fix(&self, source: SourceId, time: UtcMs, line: u64) -> FixedBy {
        let shared = self.breaks.get(&source).is_some_and(|b| !b.is_empty());
        FixedBy {
            source,
            time,
            line: shared.then_some(line),
        }
    }

    fn is_hcw(&self, source: SourceId) -> bool {
        crate::source::by_id(self.input.sources, source)
            .map_or(self.start.contains_key(&(source, 0)), |s| {
                s.kind == SourceKind::Hcw
            })
    }

    /// The later run that fixed the finding, if every HCW line behind it was fixed.
    pub fn fixed_by(&self, f: &Finding) -> Option<FixedBy> {
        if f.evidence.iter().all(|e| !self.is_hcw(e.source)) {
            return self.mrs_fixed(f);
        }
        let mut fixes: Vec<FixedBy> = Vec::new();
        let mut entries: Vec<&HcwEntry> = Vec::new();
        for ev in f.evidence.iter().filter(|e| self.is_hcw(e.source)) {
            if let Some(&call) = self.calls.get(&(ev.source, ev.line)) {
                if call.outcome == CmdletOutcome::Success {
                    continue;
                }
                let ok = later_success(self.input.cmdlets, call)?;
                fixes.push(self.fix(ok.source, ok.start, ok.line));
            } else if let Some(&e) = self.entries.get(&(ev.source, ev.line)) {
                entries.push(e);
            }
        }
        if !entries.is_empty() {
            fixes.push(self.passed_without(&entries)?);
        }
        fixes.into_iter().max_by_key(|f| f.time)
    }

    /// For a finding without HCW lines, all of them mrsproxy requests: the first successful
    /// call to the MRS proxy after the last of them that failed (the accepted requests a
    /// finding cites are no failure to get past), provided no such call failed since.
    fn mrs_fixed(&self, f: &Finding) -> Option<FixedBy> {
        let last = f
            .evidence
            .iter()
            .map(|e| self.mrs.get(&(e.source, e.line)).copied())
            .collect::<Option<Vec<(UtcMs, bool)>>>()?
            .into_iter()
            .filter(|&(_, ok)| !ok)
            .map(|(t, _)| t)
            .max()?;
        let since: Vec<&CmdletCall> = self
            .input
            .cmdlets
            .iter()
            .filter(|c| reaches_mrs(c) && c.start > last)
            .collect();
        let last_failure = since
            .iter()
            .filter(|c| c.outcome != CmdletOutcome::Success)
            .map(|c| c.start)
            .max()
            .unwrap_or(last);
        since
            .iter()
            .filter(|c| c.outcome == CmdletOutcome::Success && c.start > last_failure)
            .min_by_key(|c| (c.start, c.line))
            .map(|c| self.fix(c.source, c.start, c.line))
    }

    /// The first run after every entry's run whose workflow passed and which logged none of
    /// the entries' signatures.
    fn passed_without(&self, entries: &[&HcwEntry]) -> Option<FixedBy> {
        let last = entries
            .iter()
            .filter_map(|e| self.start.get(&run_of(&self.breaks, e)))
            .max()?;
        self.passed
            .iter()
            .filter(|(r, _, _)| self.start.get(r).is_some_and(|t| t > last))
            .find(|(r, _, _)| {
                !self.input.hcw.iter().any(|o| {
                    run_of(&self.breaks, o) == *r
                        && entries.iter().any(|e| {
                            (e.event_id, e.level) == (o.event_id, o.level)
                                && signature(e) == signature(o)
                        })
                })
            })
            .map(|&((source, _), time, line)| self.fix(source, time, line))
    }
}

/// The run of its log an entry is in.
fn run_of(breaks: &HashMap<SourceId, Vec<RunBreak>>, e: &HcwEntry) -> Run {
    let run = breaks.get(&e.source).map_or(0, |b| entry_run(b, e));
    (e.source, run)
}

/// Marks the findings that a later run fixed; their titles, explanations and remedies then say
/// the failure in the past ([`Finding::title_fixed`], [`Finding::said_fixed`]), and an error
/// a later run got past is a warning: what it was is still worth knowing, but it is no longer
/// what breaks the setup (every report cites the run that got past it, [`Finding::fixed_by`]).
pub fn mark_fixed(findings: &mut [Finding], input: &DiagnoseInput<'_>) {
    let runs = Runs::new(input);
    for f in findings.iter_mut() {
        f.fixed_by = runs.fixed_by(f);
        if f.fixed_by.is_none() {
            continue;
        }
        f.severity = f.severity.max(Severity::Warning);
        if let Some(was) = f.title_fixed.take() {
            f.title = was;
        }
        for (present, past) in std::mem::take(&mut f.said_fixed) {
            f.explanation = f.explanation.replace(&present, &past);
            f.remedy = f.remedy.replace(&present, &past);
        }
    }
}
