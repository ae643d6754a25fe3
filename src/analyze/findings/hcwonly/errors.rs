//! `hcw-error-<event id>`: `*ERROR*` entries without an HCW code, no class of failure and no
//! other finding citing them, grouped by event id (one finding per kind of error). Entries
//! that log the same exception ([`repeats`]) are one failure: the most specific leads (a
//! cmdlet's FINISH, which names what to run again), its finding cites the others.

use super::super::common::{Draft, esc, excerpt, list, times};
use super::super::repeats::{label, repeats};
use super::super::text::HCW_DOC;
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::parse::hcw::{RunBreak, entry_run, run_breaks};
use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use std::collections::{BTreeMap, HashMap, HashSet};

const EXCERPT_CHARS: usize = 400;
const TITLE_CHARS: usize = 100;

fn evidence(e: &HcwEntry) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

/// The first non-empty line of the entry, shortened between values ([`crate::clip`]), escaped.
fn headline(e: &HcwEntry) -> String {
    let full = e.full_text();
    let first = full
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first = first
        .strip_prefix("FINISH")
        .map_or(first, |r| r.split_once("Results=").map_or(r, |(_, x)| x))
        .trim();
    esc(&crate::clip::clip(first, TITLE_CHARS))
}

/// `Page=Configuring, Task=MRSProxy` / `Cmdlet=Set-X`.
fn scope(e: &HcwEntry) -> String {
    ["Page", "Activity", "Task", "Phase", "Cmdlet"]
        .iter()
        .filter_map(|k| e.ctx(k).map(|v| format!("{k}={}", esc(v))))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn findings(
    entries: &[&HcwEntry],
    cited: &HashSet<Evidence>,
    hcw: &[HcwEntry],
    sources: &[crate::source::SourceInfo],
) -> Vec<Finding> {
    let runs = Runs {
        all: hcw,
        breaks: run_breaks(hcw),
    };
    let mut by_id: BTreeMap<Option<u32>, Vec<Failure<'_>>> = BTreeMap::new();
    for f in failures(entries, cited) {
        by_id.entry(f.lead.event_id).or_default().push(f);
    }
    by_id
        .into_iter()
        .filter_map(|(id, list)| finding(id, &list, &runs, sources))
        .collect()
}

/// The loaded HCW entries with where each log's runs begin: what a run logged after a failure.
struct Runs<'a> {
    all: &'a [HcwEntry],
    breaks: HashMap<SourceId, Vec<RunBreak>>,
}

impl Runs<'_> {
    fn run(&self, e: &HcwEntry) -> usize {
        self.breaks.get(&e.source).map_or(0, |b| entry_run(b, e))
    }

    /// Whether the run of a failure logged anything but errors after its last entry: the
    /// wizard went on past it. A run whose log ends in errors stopped there (or was copied
    /// before it went on).
    fn went_on(&self, f: &Failure<'_>) -> bool {
        let last = f
            .again
            .iter()
            .copied()
            .chain(std::iter::once(f.lead))
            .max_by_key(|e| e.offset)
            .unwrap_or(f.lead);
        let run = self.run(last);
        self.all.iter().any(|e| {
            e.source == last.source
                && e.offset > last.offset
                && e.level != HcwLevel::Error
                && self.run(e) == run
        })
    }
}

/// One failure: the entry that leads and the entries that log the same exception again.
struct Failure<'a> {
    lead: &'a HcwEntry,
    again: Vec<&'a HcwEntry>,
}

/// The uncited entries as failures: an entry joins the first failure one of whose entries it
/// repeats and that has no entry of its event id (the same error logged again by the same
/// step is the failure happening again, counted as such); a cmdlet's FINISH leads its
/// failure, else the first entry logged.
fn failures<'a>(entries: &[&'a HcwEntry], cited: &HashSet<Evidence>) -> Vec<Failure<'a>> {
    let mut groups: Vec<Vec<&'a HcwEntry>> = Vec::new();
    for &e in entries.iter().filter(|e| !cited.contains(&evidence(e))) {
        let joins = |g: &Vec<&HcwEntry>| {
            g.iter().all(|x| x.event_id != e.event_id) && g.iter().any(|x| repeats(x, e))
        };
        match groups.iter_mut().find(|g| joins(g)) {
            Some(g) => g.push(e),
            None => groups.push(vec![e]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            let lead = g.iter().position(|e| is_finish(e)).unwrap_or(0);
            let lead = g.remove(lead);
            Failure { lead, again: g }
        })
        .collect()
}

/// A cmdlet's FINISH logged as an error (`*ERROR* 10277 [… Cmdlet=X …] FINISH …`).
fn is_finish(e: &HcwEntry) -> bool {
    e.ctx("Cmdlet").is_some() && e.message.trim_start().starts_with("FINISH")
}

fn finding(
    id: Option<u32>,
    failures: &[Failure<'_>],
    runs: &Runs<'_>,
    sources: &[crate::source::SourceInfo],
) -> Option<Finding> {
    let leads: Vec<&HcwEntry> = failures.iter().map(|f| f.lead).collect();
    let first = *leads.first()?;
    let mut d = Draft::new(FindingId::HcwError(id), Severity::Error);
    d.title = format!("HCW error: {}", headline(first));
    let ctx = scope(first);
    let mut why = format!(
        "HCW logged an *ERROR*{} without an HCW code {}{}: \"{}\"",
        id.map(|i| format!(" with event id {i}"))
            .unwrap_or_default(),
        times(leads.len()),
        if ctx.is_empty() {
            String::new()
        } else {
            format!(" ({ctx})")
        },
        excerpt(first, EXCERPT_CHARS)
    );
    let mut others: Vec<String> = leads[1..].iter().map(|e| headline(e)).collect();
    others.sort();
    others.dedup();
    others.retain(|h| *h != headline(first));
    if !others.is_empty() {
        why.push_str(&format!(
            "; also: {}",
            others
                .iter()
                .take(3)
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let again: Vec<String> = failures
        .iter()
        .flat_map(|f| f.again.iter().map(|e| label(sources, e)))
        .collect();
    if !again.is_empty() {
        why.push_str(&format!(
            ". HCW logged the same exception again as {}: this finding stands for {}",
            list(&again),
            if again.len() == 1 { "both" } else { "them all" }
        ));
    }
    match failures.iter().find(|f| !runs.went_on(f)) {
        None => why.push_str(
            ". The wizard went on, but the step that logged it did not do its work; later \
             warnings or failed checks often follow from it.",
        ),
        Some(_) if failures.len() == 1 => why.push_str(
            ". HCW logged nothing but errors after it: the wizard stopped there, or the log was \
             copied before it went on.",
        ),
        Some(f) => why.push_str(&format!(
            ". After {}, HCW logged nothing but errors: the wizard stopped there, or the log was \
             copied before it went on.",
            label(sources, f.lead)
        )),
    }
    d.explanation = why;
    let cmdlet = first.ctx("Cmdlet").map(esc);
    d.remedy = match cmdlet {
        Some(c) => format!(
            "Run {c} yourself{} to see the full error, fix what it names and run HCW again.",
            first
                .ctx("Session")
                .map(|s| format!(" (HCW ran it in the {} session)", esc(s)))
                .unwrap_or_default()
        ),
        None => "Read the entry and the lines just before it in the HCW log (the step named in \
                 its context), fix what it names and run HCW again."
            .to_string(),
    };
    d.references = vec![HCW_DOC];
    for f in failures {
        let mut lines: Vec<&HcwEntry> = std::iter::once(f.lead)
            .chain(f.again.iter().copied())
            .collect();
        lines.sort_by_key(|e| e.line);
        for e in lines {
            d.evidence.push(evidence(e));
            d.at(e.ts, e.source);
        }
    }
    d.build()
}
