//! Scans over line texts for filters and search, fast on GB logs: IIS rows are read per source
//! in file order with [`crate::index::RequestIndex::for_each_text`] (big sequential reads, no
//! seek per row), in chunks so a newer request can cancel the scan between two chunks.
//!
//! Both jobs report membership (which rows of each id space matched), never positions: the
//! model turns that into pane order itself (see [`crate::tui::model::filter`]).

use crate::filter::index_field;
use crate::filter::{
    FieldAt, FieldLookup, FilterField, FilterStack, MergedFields, ScanOptions, run_filter_with,
};
use crate::index::{Merged, RequestIndex};
use crate::record::HcwEntry;
use crate::tui::model::Model;
use crate::tui::model::data::{Data, to_u32};
use crate::tui::model::filter::{Bits, Membership};
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::worker::search_text;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Rows read and tested per step.
pub const CHUNK: usize = 16 * 1024;

/// A filter scan, detached from the model.
#[derive(Debug, Clone)]
pub struct FilterJob {
    /// The pane filtered.
    pub pane: PaneId,
    /// The stack's generation.
    pub generation: u64,
    /// The rules, resolved against the data's interned values.
    pub stack: FilterStack,
    /// Rows to scan per id space (a whole space, or the rows appended since the last scan).
    pub ranges: Vec<Range<usize>>,
    /// True when this scan replaces the membership; false when it extends it.
    pub full: bool,
    /// The data.
    pub data: Arc<Data>,
}

/// What a filter scan found.
#[derive(Debug, Clone)]
pub struct FilterOutcome {
    /// The pane.
    pub pane: PaneId,
    /// The stack's generation.
    pub generation: u64,
    /// Replaces (true) or extends (false) the membership.
    pub full: bool,
    /// The rows kept, with the rows scanned as `covered`.
    pub member: Membership,
    /// Rows each rule matched.
    pub hits: Vec<u64>,
}

impl FilterJob {
    /// A scan of the pane's whole rows (`full`) or of the rows its last scan did not cover.
    pub fn new(model: &Model, pane: PaneId, full: bool) -> Self {
        let f = model.filter(pane);
        let data = model.data.clone();
        let lens = space_lens(&data, pane);
        let covered = f
            .member
            .as_ref()
            .filter(|_| !full)
            .map(|m| m.covered.clone())
            .unwrap_or_default();
        let ranges = lens
            .iter()
            .enumerate()
            .map(|(s, &n)| covered.get(s).copied().unwrap_or(0).min(n)..n)
            .collect();
        let mut stack = f.stack.clone();
        let merged = Merged::default();
        stack.prepare(&MergedFields {
            indexes: &data.analysis.requests,
            merged: &merged,
            machines: &data.analysis.machines,
            sources: &data.analysis.sources,
        });
        FilterJob {
            pane,
            generation: f.generation,
            stack,
            ranges,
            full,
            data,
        }
    }

    /// Rows this scan looks at.
    pub fn total(&self) -> u64 {
        self.ranges.iter().map(|r| r.len() as u64).sum()
    }
}

/// Rows per id space of a pane.
pub fn space_lens(data: &Data, pane: PaneId) -> Vec<usize> {
    match pane {
        PaneId::Hcw => vec![data.analysis.hcw.len()],
        PaneId::Iis => data.analysis.requests.iter().map(|i| i.len()).collect(),
    }
}

/// Runs a filter scan; `progress(done)` is called between chunks. None when cancelled.
pub fn filter(
    job: &FilterJob,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u64),
) -> Option<FilterOutcome> {
    let mut member = Membership::default();
    let mut hits = vec![0u64; job.stack.len()];
    let mut done = 0u64;
    for (space, range) in job.ranges.iter().enumerate() {
        let mut bits = Bits::with_len(range.end);
        let mut lo = range.start;
        while lo < range.end {
            let hi = (lo + CHUNK).min(range.end);
            let chunk = Chunk::read(job, space, lo..hi);
            let texts = |i: usize| Cow::Borrowed(chunk.text(i));
            let opts = ScanOptions {
                chunk_rows: hi - lo,
                ..ScanOptions::default()
            };
            let fields = fields_at(job, space, lo);
            let res = run_filter_with(
                opts,
                hi - lo,
                &texts,
                &job.stack,
                fields.as_ref(),
                cancel,
                job.generation,
                &mut |c| {
                    for m in c.matches {
                        bits.set(lo + m as usize);
                    }
                },
            );
            if res.cancelled {
                return None;
            }
            for (h, n) in hits.iter_mut().zip(res.hits) {
                *h += n;
            }
            done += (hi - lo) as u64;
            progress(done);
            lo = hi;
        }
        member.spaces.push(bits);
        member.covered.push(range.end);
    }
    Some(FilterOutcome {
        pane: job.pane,
        generation: job.generation,
        full: job.full,
        member,
        hits,
    })
}

/// The texts of one chunk of rows, read only when a rule needs them.
struct Chunk {
    buf: String,
    spans: Vec<(usize, usize)>,
}

impl Chunk {
    fn read(job: &FilterJob, space: usize, rows: Range<usize>) -> Chunk {
        let mut chunk = Chunk {
            buf: String::new(),
            spans: Vec::new(),
        };
        if !job.stack.needs_text() {
            return chunk;
        }
        let mut push = |_: usize, t: &str| {
            let at = chunk.buf.len();
            chunk.buf.push_str(t);
            chunk.spans.push((at, chunk.buf.len()));
            true
        };
        match job.pane {
            PaneId::Hcw => {
                for e in rows {
                    push(e, &search_text(&job.data, RowRef::Hcw(to_u32(e))));
                }
            }
            PaneId::Iis => {
                if let Some(idx) = job.data.analysis.requests.get(space) {
                    idx.for_each_text(&mut rows.clone(), &mut push);
                }
            }
        }
        chunk
    }

    fn text(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|&(a, b)| self.buf.get(a..b))
            .unwrap_or("")
    }
}

/// Field access for rows `first..` of a space, numbered from 0.
fn fields_at(job: &FilterJob, space: usize, first: usize) -> Box<dyn FieldLookup + Sync + '_> {
    match job.pane {
        PaneId::Hcw => Box::new(HcwFields {
            entries: &job.data.analysis.hcw,
            first,
        }),
        PaneId::Iis => Box::new(IisFields {
            index: job.data.analysis.requests.get(space).map(|i| &**i),
            space,
            first,
        }),
    }
}

/// Fields of HCW entries: the `Cmdlet` and `Thread` context values.
pub struct HcwFields<'a> {
    /// All entries.
    pub entries: &'a [HcwEntry],
    /// Entry of row 0.
    pub first: usize,
}

impl FieldLookup for HcwFields<'_> {
    fn field_at(&self, row: usize, field: FilterField) -> Option<FieldAt<'_>> {
        let e = self.entries.get(self.first + row)?;
        let key = match field {
            FilterField::Cmdlet => "Cmdlet",
            FilterField::Thread => "Thread",
            _ => return None,
        };
        e.ctx(key).map(|v| FieldAt::Text(Cow::Borrowed(v)))
    }
}

/// Fields of one request index's rows, in that index's id space.
pub struct IisFields<'a> {
    /// The index.
    pub index: Option<&'a RequestIndex>,
    /// Its id space (position in `requests`).
    pub space: usize,
    /// Row of row 0.
    pub first: usize,
}

impl FieldLookup for IisFields<'_> {
    fn field_at(&self, row: usize, field: FilterField) -> Option<FieldAt<'_>> {
        let idx = self.index?;
        let r = self.first + row;
        if r >= idx.len() {
            return None;
        }
        if field == FilterField::Status {
            let (s, sub, w) = idx.status(r);
            return Some(FieldAt::Text(Cow::Owned(format!("{s} {sub} {w}"))));
        }
        let f = index_field(field)?;
        Some(FieldAt::Id {
            space: self.space,
            id: idx.field_id(f, r),
            text: idx.field(f, r),
        })
    }
}
