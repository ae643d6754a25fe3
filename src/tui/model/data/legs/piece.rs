//! One pass over a run of consecutive handshakes: the rows of their legs, their final legs and
//! the spread of leg instants. A big load is cut into a few runs looked up on their own threads
//! ([`build_parts`] puts them together); a handshake lies wholly in one run, so its final leg is
//! found as in a single pass, whichever servers its legs come from.

use super::RowCursor;
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::index::{RequestIndex, RowSet, RowWindow};
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
        let stored = k.map_or(Some(0), |k| u32::try_from(k + 1).ok().filter(|&v| v != UNASKED));
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

/// Rows of one index a run's legs are noted in: the first run notes them in the sets kept, the
/// others in windows over the part of each index their legs span (the handshakes are listed by
/// start, so a run's legs lie in a part of each file), added to the sets afterwards.
pub(super) trait Rows: Send {
    /// No rows of an index of `len` rows, with room for the share `part` of them.
    fn empty(len: usize, part: Share) -> Self;
    /// Notes `row`.
    fn note(&mut self, row: u32);
}

impl Rows for RowSet {
    fn empty(len: usize, _: Share) -> Self {
        RowSet::new(len)
    }
    #[inline]
    fn note(&mut self, row: u32) {
        self.insert(row);
    }
}

impl Rows for RowWindow {
    fn empty(len: usize, part: Share) -> Self {
        RowWindow::with_room(len, about(len.div_ceil(64), part))
    }
    #[inline]
    fn note(&mut self, row: u32) {
        self.insert(row);
    }
}

/// What one run of handshakes contributes.
#[derive(Debug)]
pub(super) struct Piece<S> {
    /// Per request index: the rows that are a leg of one of the run's handshakes.
    pub legs: Vec<S>,
    /// Per request index: `(row, handshake)` of the run's handshakes whose final loaded leg is
    /// one of its rows, in handshake order (numbers count from the start of the whole list).
    pub finals: Vec<Vec<(u32, u32)>>,
    /// The least and the most a leg row's instant lies after its handshake's start (ms).
    pub spread: (i64, i64),
    /// Number of failed handshakes of the run.
    pub failed: usize,
}

/// What part of the handshakes a run takes: `(run, all)`.
pub(super) type Share = (usize, usize);

/// About the share `part` of `n`, and an eighth more: room that seldom has to grow.
fn about(n: usize, part: Share) -> usize {
    let share = u128::try_from(n).unwrap_or(u128::MAX) * part.0 as u128 / part.1.max(1) as u128;
    let share = usize::try_from(share).unwrap_or(usize::MAX);
    share.saturating_add(share / 8).saturating_add(16)
}

impl<S: Rows> Piece<S> {
    /// An empty piece with room for the legs of the share `rows` of the handshakes and the
    /// final legs of `finals` handshakes (each index's by its share of the rows). Made on the
    /// thread that goes on with the memory: grown on another thread, what is freed later would
    /// stay with that thread's allocator arena, out of reach of the rest of the load.
    pub fn empty(requests: &[Arc<RequestIndex>], rows: Share, finals: usize) -> Piece<S> {
        let total: usize = requests.iter().map(|idx| idx.len()).sum();
        Piece {
            legs: requests.iter().map(|idx| S::empty(idx.len(), rows)).collect(),
            finals: requests
                .iter()
                .map(|idx| Vec::with_capacity(about(finals, (idx.len(), total))))
                .collect(),
            spread: (0, 0),
            failed: 0,
        }
    }

    /// Looks up the legs of `handshakes`, the run that starts at handshake number `first`, into
    /// the empty piece `into`.
    pub fn build(
        requests: &[Arc<RequestIndex>],
        handshakes: &[Handshake],
        first: usize,
        index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
        into: Piece<S>,
    ) -> Piece<S> {
        let n = requests.len();
        let mut cursors: Vec<RowCursor> = vec![RowCursor::default(); n];
        let Piece {
            mut legs,
            mut finals,
            ..
        } = into;
        let (mut lo, mut hi) = (0i64, 0i64);
        let mut failed = 0;
        // A leg's source is read through its shared fields, seldom in the cache: the sources
        // and lines of a batch of handshakes are read first, in a loop whose reads overlap,
        // then looked up.
        let mut read: Vec<(SourceId, u32)> = Vec::new();
        let mut index_of = Positions::new(index_of);
        for (b, batch) in handshakes.chunks(BATCH).enumerate() {
            read.clear();
            read.extend(batch.iter().flat_map(|hs| hs.legs.iter()).map(|l| (l.source, l.line)));
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
                    legs[k].note(row);
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
            legs,
            finals,
            spread: (lo, hi),
            failed,
        }
    }

}

/// The runs of `handshakes` looked up on `parts` threads (this one and `parts - 1` more),
/// and put together ([`join`]).
pub(super) fn build_parts(
    requests: &[Arc<RequestIndex>],
    handshakes: &[Handshake],
    index_of: &(dyn Fn(SourceId) -> Option<usize> + Sync),
    parts: usize,
) -> Joined {
    let all = handshakes.len();
    let per = all.div_ceil(parts.max(1)).max(1);
    let own = handshakes.get(..per).unwrap_or(handshakes);
    let rest = handshakes.get(per..).unwrap_or_default();
    // The first run's final legs get room for every run's: the others are added to them.
    let first = Piece::<RowSet>::empty(requests, (all, all), all);
    let others: Vec<(usize, &[Handshake], Piece<RowWindow>)> = rest
        .chunks(per)
        .enumerate()
        .map(|(i, run)| {
            let empty = Piece::empty(requests, (run.len(), all), run.len());
            ((i + 1) * per, run, empty)
        })
        .collect();
    std::thread::scope(|s| {
        let others: Vec<_> = others
            .into_iter()
            .map(|(from, run, empty)| {
                s.spawn(move || Piece::build(requests, run, from, index_of, empty))
            })
            .collect();
        let first = Piece::build(requests, own, 0, index_of, first);
        let others = others.into_iter().map(|other| match other.join() {
            Ok(p) => p,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        join(first, others)
    })
}

/// Consecutive runs as one: rows of any, spread over all, failures added; the final legs stay
/// per run, to be ordered per index.
fn join(first: Piece<RowSet>, others: impl Iterator<Item = Piece<RowWindow>>) -> Joined {
    let mut legs = first.legs;
    let mut finals: Vec<Vec<Finals>> = first.finals.into_iter().map(|f| vec![f]).collect();
    let (mut lo, mut hi) = first.spread;
    let mut failed = first.failed;
    for p in others {
        for (all, more) in legs.iter_mut().zip(&p.legs) {
            all.union(more);
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
