//! The filter job: scans rows in chunks, hands each chunk's visible rows to the caller as soon
//! as it is done (the first screen shows long before a 3-million-line scan ends) and stops when
//! the caller raises `cancel` (a newer request bumps the generation and wins).

use super::{FieldLookup, FilterStack};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// Rows per reported chunk.
pub const CHUNK_ROWS: usize = 16 * 1024;

/// Rows between two looks at the cancel flag inside a chunk.
const CANCEL_EVERY: usize = 1024;

/// Smallest share of a chunk worth a thread of its own.
const MIN_ROWS_PER_WORKER: usize = 2048;

/// How a scan is cut up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// Rows per chunk (at least 1).
    pub chunk_rows: usize,
    /// Threads sharing a chunk (1 = scan on the calling thread only).
    pub workers: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            chunk_rows: CHUNK_ROWS,
            workers: std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(4),
        }
    }
}

/// The visible rows of one scanned chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterChunk {
    /// The request this belongs to.
    pub generation: u64,
    /// The rows scanned.
    pub rows: Range<usize>,
    /// The visible ones among them, ascending.
    pub matches: Vec<u32>,
}

/// How a scan ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterResult {
    /// The request.
    pub generation: u64,
    /// Rows scanned before the end or the cancel.
    pub scanned: usize,
    /// Visible rows among them.
    pub matched: usize,
    /// Per-rule hit counts over the scanned rows (index = rule position).
    pub hits: Vec<u64>,
    /// True when stopped by `cancel` (chunks delivered so far are still valid for this
    /// generation, but incomplete).
    pub cancelled: bool,
}

/// Scans rows `0..total` (at most `u32::MAX` rows) with [`ScanOptions::default`].
///
/// `text_of` gives a row's line text; it is only called when an enabled rule needs text.
/// `on_chunk` receives the chunks in row order on the calling thread.
pub fn run_filter<'a>(
    total: usize,
    text_of: &(dyn Fn(usize) -> Cow<'a, str> + Sync),
    stack: &FilterStack,
    fields: &(dyn FieldLookup + Sync),
    cancel: &AtomicBool,
    generation: u64,
    on_chunk: &mut dyn FnMut(FilterChunk),
) -> FilterResult {
    let opts = ScanOptions::default();
    run_filter_with(
        opts, total, text_of, stack, fields, cancel, generation, on_chunk,
    )
}

/// [`run_filter`] with explicit chunking and threads.
#[allow(clippy::too_many_arguments)]
pub fn run_filter_with<'a>(
    opts: ScanOptions,
    total: usize,
    text_of: &(dyn Fn(usize) -> Cow<'a, str> + Sync),
    stack: &FilterStack,
    fields: &(dyn FieldLookup + Sync),
    cancel: &AtomicBool,
    generation: u64,
    on_chunk: &mut dyn FnMut(FilterChunk),
) -> FilterResult {
    let total = total.min(u32::MAX as usize);
    let chunk = opts.chunk_rows.max(1);
    let job = Job {
        text_of,
        stack,
        fields,
        cancel,
        need_text: stack.needs_text(),
    };
    let mut result = FilterResult {
        generation,
        scanned: 0,
        matched: 0,
        hits: vec![0; stack.len()],
        cancelled: false,
    };
    let mut start = 0;
    while start < total {
        if cancel.load(Ordering::Relaxed) {
            result.cancelled = true;
            break;
        }
        let rows = start..(start + chunk).min(total);
        let Some((matches, hits)) = job.chunk(rows.clone(), opts.workers) else {
            result.cancelled = true;
            break;
        };
        result.scanned = rows.end;
        result.matched += matches.len();
        for (sum, h) in result.hits.iter_mut().zip(hits) {
            *sum += h;
        }
        on_chunk(FilterChunk {
            generation,
            rows: rows.clone(),
            matches,
        });
        start = rows.end;
    }
    result
}

struct Job<'j, 'a> {
    text_of: &'j (dyn Fn(usize) -> Cow<'a, str> + Sync),
    stack: &'j FilterStack,
    fields: &'j (dyn FieldLookup + Sync),
    cancel: &'j AtomicBool,
    need_text: bool,
}

type Part = (Vec<u32>, Vec<u64>);

impl Job<'_, '_> {
    fn chunk(&self, rows: Range<usize>, workers: usize) -> Option<Part> {
        let n = workers.min(rows.len() / MIN_ROWS_PER_WORKER).max(1);
        if n == 1 {
            return self.part(rows);
        }
        let step = rows.len().div_ceil(n);
        let parts: Vec<Option<Part>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .map(|k| {
                    let lo = rows.start + k * step;
                    let hi = (lo + step).min(rows.end);
                    s.spawn(move || self.part(lo..hi))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect()
        });
        let mut matches = Vec::new();
        let mut hits = vec![0; self.stack.len()];
        for part in parts {
            let (m, h) = part?;
            matches.extend(m);
            for (sum, x) in hits.iter_mut().zip(h) {
                *sum += x;
            }
        }
        Some((matches, hits))
    }

    fn part(&self, rows: Range<usize>) -> Option<Part> {
        let mut matches = Vec::new();
        let mut hits = vec![0; self.stack.len()];
        for (k, row) in rows.enumerate() {
            if k % CANCEL_EVERY == 0 && self.cancel.load(Ordering::Relaxed) {
                return None;
            }
            let text = if self.need_text {
                (self.text_of)(row)
            } else {
                Cow::Borrowed("")
            };
            if self.stack.evaluate(row, &text, self.fields, &mut hits) {
                matches.push(u32::try_from(row).unwrap_or(u32::MAX));
            }
        }
        Some((matches, hits))
    }
}
