//! The live follow job: polls the followed logs and, when they changed, builds the next
//! [`Data`] from the one on screen ([`crate::pipeline::Analysis::fork`] shares the request
//! indexes, then [`crate::pipeline::Analysis::apply`], [`Data::new`], the timeline re-timed
//! and the new IIS rows merged), all on a worker. `update` only swaps it in and puts cursors,
//! marks, filters and searches back ([`crate::tui::update::live::arrived`]).
//!
//! One poll runs at a time ([`crate::tui::model::live::Live::polling`]): lines that arrive
//! while one is being applied are read by the next poll, together.

use crate::index::Merged;
use crate::pipeline::{Analysis, Applied, Delta, FollowNote};
use crate::source::{SourceId, SourceKind};
use crate::tui::live::Watch;
use crate::tui::model::Model;
use crate::tui::model::clock::Clock;
use crate::tui::model::data::{Data, to_u32};
use crate::tui::model::lines::{DataKey, key_of};
use crate::tui::model::timeline::{Timeline, insert, merge};
use crate::tui::worker::WorkerMsg;
use std::sync::{Arc, Mutex};

/// What a follow job starts from: the data on screen and the offsets its orders use.
#[derive(Debug, Clone)]
pub struct FollowJob {
    /// The data on screen.
    pub base: Arc<Data>,
    merged: Arc<Merged>,
    merged_clock: Clock,
    clock: Clock,
}

/// What a follow job found.
#[derive(Debug, Default)]
pub struct Followed {
    /// Files gone or unreadable.
    pub notes: Vec<FollowNote>,
    /// The next data, when the logs changed it.
    pub next: Option<Box<Next>>,
}

/// The next data and what the model needs to put things back on it.
#[derive(Debug)]
pub struct Next {
    /// The data it was built from (dropped if that is no longer on screen).
    pub base: DataKey,
    /// The new data.
    pub data: Arc<Data>,
    /// Its offset-dependent orders, built with `clock`.
    pub timeline: Timeline,
    /// The offsets `timeline` was built with.
    pub clock: Clock,
    /// What each delta changed.
    pub applied: Vec<Applied>,
    /// Per source, the first line that is new since the last data (rows from there on are
    /// shown as new).
    pub new_from: Vec<(SourceId, u64)>,
    /// Rows appended to the IIS pane.
    pub new_rows: u64,
}

impl Next {
    /// Sources whose rows were numbered anew (a W3C file read again or added).
    pub fn renumbered(&self) -> Vec<SourceId> {
        self.applied
            .iter()
            .flat_map(|d| d.replaced.iter().chain(&d.added).copied())
            .filter(|&s| self.data.kind(s).is_some_and(|k| k != SourceKind::Hcw))
            .collect()
    }

    /// True when HCW entries changed.
    pub fn hcw_changed(&self) -> bool {
        self.applied.iter().any(|d| d.hcw)
    }

    /// True when IIS rows were appended.
    pub fn iis_appended(&self) -> bool {
        self.new_rows > 0
    }
}

impl FollowJob {
    /// A job starting from the model's data and orders.
    pub fn new(model: &Model) -> Self {
        FollowJob {
            base: model.data.clone(),
            merged: model.timeline.merged.clone(),
            merged_clock: model.timeline.merged_clock.clone(),
            clock: model.clock.clone(),
        }
    }

    /// Takes in what polls found: the next data, unless nothing changed it.
    pub fn build(&self, deltas: Vec<Delta>) -> Followed {
        let mut out = Followed::default();
        let mut analysis: Option<Analysis> = None;
        let mut applied = Vec::new();
        for mut delta in deltas {
            out.notes.append(&mut delta.notes);
            // A pending-only delta is rare: a write that ended mid-line and nothing else.
            if delta.changes.is_empty() && delta.grouped.is_none() && delta.pending.is_empty() {
                continue;
            }
            let a = analysis.get_or_insert_with(|| self.base.analysis.fork(&delta));
            applied.push(a.apply(delta));
        }
        let Some(analysis) = analysis.filter(|_| applied.iter().any(|d| *d != Applied::default()))
        else {
            return out;
        };
        let reread: Vec<SourceId> = applied
            .iter()
            .flat_map(|d| d.replaced.iter().chain(&d.added).copied())
            .collect();
        let data = Data::after(analysis, &self.base, &reread);
        out.next = Some(Box::new(self.next(data, applied)));
        out
    }

    fn next(&self, data: Data, applied: Vec<Applied>) -> Next {
        let mut new_from = Vec::new();
        let mut new_rows = 0;
        let mut appended: Vec<(u16, u32)> = Vec::new();
        // Per index, the rows it had before the first of the deltas that grew it.
        let mut grown: Vec<(SourceId, usize, usize)> = Vec::new();
        for &(source, k, before) in applied.iter().flat_map(|d| &d.appended) {
            match grown.iter_mut().find(|g| g.1 == k) {
                Some(g) => g.2 = g.2.min(before),
                None => grown.push((source, k, before)),
            }
        }
        for (source, k, before) in grown {
            let Some(idx) = data.analysis.requests.get(k) else {
                continue;
            };
            if before < idx.len() {
                new_from.push((source, idx.line_no(before)));
            }
            new_rows += (idx.len().saturating_sub(before)) as u64;
            let k16 = u16::try_from(k).unwrap_or(u16::MAX);
            appended.extend((before..idx.len()).map(|r| (k16, to_u32(r))));
        }
        for d in &applied {
            for &source in &d.replaced {
                if data.kind(source) == Some(SourceKind::Hcw) {
                    let before = hcw_end(&self.base, source);
                    if hcw_end(&data, source) > before {
                        new_from.push((source, before + 1));
                    }
                } else {
                    new_from.push((source, 1));
                }
            }
            new_from.extend(d.added.iter().map(|&s| (s, 1)));
        }
        let mut next = Next {
            base: key_of(&self.base),
            data: Arc::new(data),
            timeline: Timeline {
                merged: self.merged.clone(),
                ..Timeline::default()
            },
            clock: self.clock.clone(),
            applied,
            new_from,
            new_rows,
        };
        let renumbered = !next.renumbered().is_empty();
        let data = &next.data;
        let timeline = &mut next.timeline;
        timeline.retime(data, &self.clock);
        if renumbered || self.merged_clock != self.clock {
            timeline.merged = Arc::new(merge(&data.analysis.requests, &self.clock));
        } else if !appended.is_empty() {
            insert(
                Arc::make_mut(&mut timeline.merged),
                data,
                &self.clock,
                appended,
            );
        }
        timeline.merged_clock = self.clock.clone();
        next
    }
}

/// The last line of an HCW source's entries.
fn hcw_end(data: &Data, source: SourceId) -> u64 {
    data.analysis
        .hcw
        .iter()
        .filter(|e| e.source == source)
        .map(|e| e.end_line)
        .max()
        .unwrap_or(0)
}

/// The body of a follow job: one poll of the followed logs, taken in.
pub fn poll_job(job: &FollowJob, watch: &Mutex<Option<Watch>>) -> WorkerMsg {
    // A poll that panicked leaves the lock poisoned; the next one polls on.
    let deltas = watch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_mut()
        .map(Watch::poll)
        .unwrap_or_default();
    WorkerMsg::Live(Box::new(job.build(deltas)))
}
