//! One pass over a run of consecutive handshakes: the rows of their legs, their final legs and
//! the spread of leg instants. A big load is cut into a few runs looked up on their own threads
//! ([`build_parts`] puts them together); a handshake lies wholly in one run, so its final leg is
//! found as in a single pass, whichever servers its legs come from. Handshakes are listed by
//! start, so a run's legs lie in a part of each file: each run notes its rows in its own part
//! of each index's row set ([`RowSet::parts`], no second set), the few outside it afterwards.

use super::RowCursor;
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::index::{RequestIndex, RowPart, RowSet};
use crate::source::SourceId;
use crate::tui::model::data::to_u32;
use std::sync::Arc;

/// A source's position in the request indexes, asked once per source.
struct Positions<'a> {
    ask: &'a (dyn Fn(SourceId) -> Option<usize> + Sync),
    /// By source number: its position plus one, 0 when it has none, [`UNASKED`] before asked.
    known: Vec<u32>,
}

/// A source not asked about yet.
const UNASKED: u32 = u32::MAX;

impl<'a> Positions<'a> {
    fn new(ask: &'a (dyn Fn(SourceId) -> Option<usize> + Sync)) -> Self {
        Positions {
            ask,
            known: Vec::new(),
        }
    }

    #[inline]
    fn get(&mut self, source: SourceId) -> Option<usize> {
        let s = usize::from(source.0);
        match self.known.get(s) {
            Some(&UNASKED) | None => self.ask_about(source),
            Some(&0) => None,
            Some(&k) => Some(k as usize - 1),
        }
    }

    fn ask_about(&mut self, source: SourceId) -> Option<usize> {
        let k = (self.ask)(source);
        // A position past u32 (never: a position is a source) is asked about every time.
        let stored = k.map_or(Some(0), |k| {
            u32::try_from(k + 1).ok().filter(|&v| v != UNASKED)
        });
        if let Some(v) = stored {
            let s = usize::from(source.0);
            if self.known.len() <= s {
                self.known.resize(s + 1, UNASKED);
            }
            self.known[s] = v;
        }
        k
    }
}

/// Handshakes whose legs' sources are read at once.
const BATCH: usize = 32;

/// What one run of handshakes contributes.
#[derive(Debug, Default)]
struct Piece {
    /// Per request index: `(row, handshake)` of the run's handshakes whose final loaded leg is
    /// one of its rows, in handshake order (numbers count from the start of the whole list).
    finals: Vec<Finals>,
    /// Leg rows outside the run's parts of the row sets: `(index, row)`.
    outside: Vec<(u32, u32)>,
    /// The least and the most a leg row's instant lies after its handshake's start (ms).
    spread: (i64, i64),
    /// Number of failed handshakes of the run.
    failed: usize,
}

impl Piece {
    /// Looks up the legs of `handshakes`, the run that starts at handshake number `first`,
    /// noting their rows in `legs` (per index, the run's part of its row set). `finals` is
    /// per index a list with room, made on the thread that goes on with the memory (grown on
    /// another thread, what is freed later would stay with that thread's allocator arena).
    fn build(
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        first: usize,
        index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
        mut legs: Vec<RowPart<'_>>,
        mut finals: Vec<Finals>,
    ) -> Piece {
        let n = requests.len();
        let mut cursors: Vec<RowCursor> = vec![RowCursor::default(); n];
        let mut outside = Vec::new();
        let (mut lo, mut hi) = (0i64, 0i64);
        let mut failed = 0;
        // A leg's source is read through its shared fields, seldom in the cache: the sources
        // and lines of a batch of handshakes are read first, in a loop whose reads overlap,
        // then looked up.
        let mut read: Vec<(SourceId, u32)> = Vec::new();
        let mut index_of = Positions::new(index_of);
        for (b, batch) in handshakes.chunks(BATCH).enumerate() {
            read.clear();
            read.extend(
                batch
                    .iter()
                    .flat_map(|hs| hs.legs.iter())
                    .map(|l| (l.source, l.line)),
            );
            let mut legs_read = read.iter();
            for (i, hs) in batch.iter().enumerate() {
                if hs.outcome == HandshakeOutcome::Failed {
                    failed += 1;
                }
                let mut last = None;
                for &(source, line) in legs_read.by_ref().take(hs.legs.len()) {
                    let Some(k) = index_of.get(source) else {
                        continue;
                    };
                    let idx = &requests[k];
                    let Some(row) = cursors[k].row_of_line(idx, u64::from(line)) else {
                        continue;
                    };
                    let row = to_u32(row);
                    if !legs[k].insert(row) {
                        outside.push((to_u32(k), row));
                    }
                    let after = idx.ts(row as usize).0.saturating_sub(hs.start.0);
                    lo = lo.min(after);
                    hi = hi.max(after);
                    last = Some((k, row));
                }
                if let Some((k, r)) = last {
                    finals[k].push((r, to_u32(first + b * BATCH + i)));
                }
            }
        }
        Piece {
            finals,
            outside,
            spread: (lo, hi),
            failed,
        }
    }
}

/// About `n * part / whole`, and an eighth more: room that seldom has to grow.
fn about(n: usize, part: usize, whole: usize) -> usize {
    let share = n as u128 * part as u128 / whole.max(1) as u128;
    let share = usize::try_from(share).unwrap_or(usize::MAX);
    share.saturating_add(share / 8).saturating_add(16)
}

/// The runs of `handshakes` looked up on `parts` threads (this one and `parts - 1` more),
/// and put together.
pub(super) fn build_parts(
    requests: &[Arc<RequestIndex>],
    handshakes: &[Handshake],
    index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
    parts: usize,
) -> Joined {
    let all = handshakes.len();
    let per = all.div_ceil(parts.max(1)).max(1);
    let runs: Vec<&[Handshake]> = handshakes.chunks(per).collect();
    let mut legs: Vec<RowSet> = requests.iter().map(|idx| RowSet::new(idx.len())).collect();
    let total: usize = requests.iter().map(|idx| idx.len()).sum();
    // Per run, per index: its part of the row set, from the first row at its first start on.
    let mut sets: Vec<Vec<RowPart<'_>>> = runs.iter().map(|_| Vec::new()).collect();
    for (set, idx) in legs.iter_mut().zip(requests) {
        let at: Vec<u32> = runs
            .iter()
            .skip(1)
            .map(|run| run.first().map_or(0, |h| to_u32(idx.lower_bound(h.start))))
            .collect();
        for (run_sets, part) in sets.iter_mut().zip(set.parts(&at)) {
            run_sets.push(part);
        }
    }
    // The first run's lists get room for every run's final legs: the others are added to them.
    // A single run's lists grow as they go (no guess to overshoot).
    let finals = |n: usize| -> Vec<Finals> {
        let room = |idx: &Arc<RequestIndex>| match runs.len() {
            1 => Vec::new(),
            _ => Vec::with_capacity(about(n, idx.len(), total)),
        };
        requests.iter().map(room).collect()
    };
    let mut jobs = Vec::new();
    for (i, (run, parts)) in runs.iter().zip(sets).enumerate() {
        let room = if i == 0 { all } else { run.len() };
        jobs.push((i * per, run, parts, finals(room)));
    }
    let mut jobs = jobs.into_iter();
    let own = jobs.next();
    let pieces: Vec<Piece> = std::thread::scope(|s| {
        let others: Vec<_> = jobs
            .map(|(from, run, parts, f)| {
                s.spawn(move || Piece::build(requests, run, from, index_of, parts, f))
            })
            .collect();
        let mut pieces = Vec::new();
        if let Some((from, run, parts, f)) = own {
            pieces.push(Piece::build(requests, run, from, index_of, parts, f));
        }
        for other in others {
            match other.join() {
                Ok(p) => pieces.push(p),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        pieces
    });
    join(legs, pieces, requests.len())
}

/// Consecutive runs as one: rows of any, spread over all, failures added; the final legs stay
/// per run, to be ordered per index.
fn join(mut legs: Vec<RowSet>, pieces: Vec<Piece>, n: usize) -> Joined {
    let mut finals: Vec<Vec<Finals>> = (0..n).map(|_| Vec::new()).collect();
    let (mut lo, mut hi) = (0i64, 0i64);
    let mut failed = 0;
    for p in pieces {
        for &(k, row) in &p.outside {
            if let Some(set) = legs.get_mut(k as usize) {
                set.insert(row);
            }
        }
        for (all, more) in finals.iter_mut().zip(p.finals) {
            all.push(more);
        }
        lo = lo.min(p.spread.0);
        hi = hi.max(p.spread.1);
        failed += p.failed;
    }
    Joined {
        legs,
        finals,
        spread: (lo, hi),
        failed,
    }
}

/// `(row, handshake)` pairs of final legs.
pub(super) type Finals = Vec<(u32, u32)>;

/// Pieces joined ([`build_parts`]).
#[derive(Debug)]
pub(super) struct Joined {
    /// Per request index: the rows that are a leg of some handshake.
    pub legs: Vec<RowSet>,
    /// Per request index, per run in list order: the run's final legs in handshake order.
    pub finals: Vec<Vec<Finals>>,
    /// The least and the most a leg row's instant lies after its handshake's start (ms).
    pub spread: (i64, i64),
    /// Number of failed handshakes.
    pub failed: usize,
}
