//! Parsing a stream on several threads while the calling thread feeds the sink in file order.
//!
//! Workers take turns at the reader: holding it, a worker reads the next block, notes its
//! sequence number and the column map in effect at its start (by applying the block's
//! `#Fields` lines to the shared state), then parses the block on its own. The calling thread
//! puts batches back in order, merges their counts and hands their records to the sink. A fixed
//! set of buffers circulates between them, which bounds memory.

mod feed;

use super::batch::{Batch, BatchParser};
use super::block::{Block, BlockReader};
use super::fields::Maps;
use super::hook::BlockHook;
use super::share::Budget;
use super::{ParseError, Target};
use crate::record::RequestSink;
use crate::source::SourceStats;
use feed::{Feed, Taken};
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::{Mutex, mpsc};
use std::thread::Scope;

/// A spare buffer pair (block text, batch storage) circulating between the threads.
type Spare<H> = (
    Vec<u8>,
    Batch<<H as BlockHook>::Row, <H as BlockHook>::Block>,
);

/// A parsed batch and its sequence number.
type Parsed<H> = (u64, Batch<<H as BlockHook>::Row, <H as BlockHook>::Block>);

/// Parses the rest of `blocks` (`maps` in effect at the reader position),
/// merging counts into `stats` (whose `lines` is the line number base).
pub(super) fn parse_rest<R, H, S>(
    blocks: &mut BlockReader<R>,
    maps: Maps,
    spare: Spare<H>,
    target: &Target<'_>,
    hook: &H,
    sink: &mut S,
    stats: &mut SourceStats,
) -> Result<(), ParseError<S::Error>>
where
    R: Read + Send,
    H: BlockHook,
    S: RequestSink<Row = H::Row, Block = H::Block>,
{
    let progress = target.progress;
    let mut budget = Budget::here();
    let feed = Mutex::new(Feed {
        blocks,
        maps,
        seq: 0,
        failed: None,
        lines: hook.counts_lines().then_some(stats.lines),
    });
    let (full_tx, full_rx) = mpsc::sync_channel::<Parsed<H>>(budget.workers + 2);
    let (empty_tx, empty_rx) = mpsc::channel::<Spare<H>>();
    let empty_rx = Mutex::new(empty_rx);
    let _ = empty_tx.send(spare);
    for _ in 0..budget.spares {
        let _ = empty_tx.send(Default::default());
    }
    let (spawned, fed) = std::thread::scope(|scope| {
        let mut crew = Crew {
            scope,
            feed: &feed,
            empty: &empty_rx,
            recycle: empty_tx,
            full: Some(full_tx),
            progress,
            hook,
            started: 0,
        };
        for _ in 0..budget.workers {
            crew.start();
        }
        let spawned = crew.started;
        if !budget.may_grow() {
            crew.close();
        }
        let fed = hand_on(&mut crew, &mut budget, &full_rx, target, sink, stats);
        // Workers waiting to send, or for a spare buffer, stop.
        drop(full_rx);
        drop(crew);
        (spawned, fed)
    });
    fed.map_err(ParseError::Sink)?;
    if spawned == 0 && budget.workers > 0 {
        return Err(ParseError::Read(io::Error::other(
            "cannot start a parser thread",
        )));
    }
    let feed = feed
        .into_inner()
        .map_err(|_| ParseError::Read(io::Error::other("W3C reader lock poisoned")))?;
    match feed.failed {
        Some(e) => Err(ParseError::Read(e)),
        None => Ok(()),
    }
}

/// The parsing threads of one stream (those its budget starts with, and one more for each core
/// that comes free while input is left) and what the calling thread shares with them.
struct Crew<'scope, 'env, 'r, R, H: BlockHook> {
    scope: &'scope Scope<'scope, 'env>,
    feed: &'scope Mutex<Feed<'r, R>>,
    empty: &'scope Mutex<mpsc::Receiver<Spare<H>>>,
    /// Spare buffers back to the workers; when it is dropped, workers waiting for one stop.
    recycle: mpsc::Sender<Spare<H>>,
    /// Held only while more workers may join: the calling thread learns that every worker is
    /// done when the last sender is gone.
    full: Option<mpsc::SyncSender<Parsed<H>>>,
    progress: &'scope dyn crate::progress::Progress,
    hook: &'scope H,
    started: usize,
}

impl<'scope, R: Read + Send, H: BlockHook> Crew<'scope, '_, '_, R, H> {
    /// Starts one more worker; false when none may join any more or the thread cannot start.
    fn start(&mut self) -> bool {
        let Some(full) = self.full.clone() else {
            return false;
        };
        let (feed, empty, progress, hook) = (self.feed, self.empty, self.progress, self.hook);
        let started = std::thread::Builder::new()
            .name(format!("w3c-parse-{}", self.started))
            .spawn_scoped(self.scope, move || work(feed, empty, &full, progress, hook))
            .is_ok();
        self.started += usize::from(started);
        started
    }

    /// No worker joins any more.
    fn close(&mut self) {
        self.full = None;
    }
}

/// What the calling thread found when it tried to parse a block itself.
enum Help<H: BlockHook> {
    Parsed(u64, Box<Batch<H::Row, H::Block>>),
    /// No spare buffer right now.
    Busy,
    /// The input is exhausted (or failed).
    Done,
}

/// The calling thread: hands batches to the sink in file order, merging their counts; while the
/// next one is not ready it parses a block itself, if a buffer is free; stops when the workers
/// are done, the job is cancelled or the sink stops or fails.
fn hand_on<R, H, S>(
    crew: &mut Crew<'_, '_, '_, R, H>,
    budget: &mut Budget,
    full: &mpsc::Receiver<Parsed<H>>,
    target: &Target<'_>,
    sink: &mut S,
    stats: &mut SourceStats,
) -> Result<(), S::Error>
where
    R: Read + Send,
    H: BlockHook,
    S: RequestSink<Row = H::Row, Block = H::Block>,
{
    let mut parser = BatchParser::default();
    let mut pending = BTreeMap::new();
    let mut next = 0u64;
    let mut input_left = true;
    loop {
        if input_left && budget.grow() {
            if crew.start() {
                // The new worker's buffers.
                let _ = crew.recycle.send(Default::default());
            } else {
                budget.shrink();
            }
        }
        while let Some(batch) = pending.remove(&next) {
            next += 1;
            let go_on = super::emit::emit(&batch, stats.lines, target, sink)?;
            super::emit::merge(stats, &batch.stats);
            if target.report(batch.end, false) || !go_on {
                return Ok(());
            }
            let _ = crew.recycle.send(batch.recycle());
        }
        let arrived = match full.try_recv() {
            Ok(got) => got,
            // No worker left (or none started): the rest is parsed here.
            Err(mpsc::TryRecvError::Disconnected) if !input_left => return Ok(()),
            Err(_) => {
                let help = if input_left {
                    parse_one(crew, &mut parser)
                } else {
                    Help::Done
                };
                if let Help::Parsed(seq, batch) = help {
                    (seq, *batch)
                } else {
                    if matches!(help, Help::Done) {
                        input_left = false;
                        crew.close();
                    }
                    match full.recv() {
                        Ok(got) => got,
                        Err(_) => return Ok(()),
                    }
                }
            }
        };
        if arrived.0 == GONE {
            let _ = crew.recycle.send((Vec::new(), arrived.1));
        } else {
            pending.insert(arrived.0, arrived.1);
        }
    }
}

/// Parses the next block on the calling thread when a spare buffer is free right now.
fn parse_one<R: Read, H: BlockHook>(
    crew: &Crew<'_, '_, '_, R, H>,
    parser: &mut BatchParser,
) -> Help<H> {
    let spare = match crew.empty.try_lock() {
        Ok(rx) => rx.try_recv(),
        Err(_) => return Help::Busy,
    };
    let Ok((buf, spare)) = spare else {
        return Help::Busy;
    };
    let taken = crew.feed.lock().ok().and_then(|mut feed| feed.take(buf));
    match taken {
        Some(taken) => Help::Parsed(
            taken.seq,
            Box::new(parse_taken(parser, taken, crew.hook, spare)),
        ),
        None => {
            let _ = crew.recycle.send((Vec::new(), spare));
            Help::Done
        }
    }
}

/// Parses one taken block into `batch` (reusing its storage).
fn parse_taken<H: BlockHook>(
    parser: &mut BatchParser,
    taken: Taken,
    hook: &H,
    mut batch: Batch<H::Row, H::Block>,
) -> Batch<H::Row, H::Block> {
    let Taken {
        block,
        maps,
        first_line,
        ..
    } = taken;
    batch.first_line = first_line;
    match block {
        Block::Data { data, base } => parser.parse(data, base, maps, hook, &mut batch),
        Block::Overlong { base, head } => BatchParser::overlong(&head, base, hook, &mut batch),
    }
    batch
}

/// One worker: take a spare buffer, read the next block into it, parse it, send it on; until
/// the input ends, the calling thread stops listening, or the job is cancelled. A worker that
/// stops while the calling thread listens says so with a [`GONE`] batch (its buffer's storage):
/// the calling thread may hold a sender for workers still to come, so it cannot learn that every
/// worker is done from the channel alone, and may be waiting for one.
fn work<R: Read, H: BlockHook>(
    feed: &Mutex<Feed<'_, R>>,
    empty: &Mutex<mpsc::Receiver<Spare<H>>>,
    full: &mpsc::SyncSender<Parsed<H>>,
    progress: &dyn crate::progress::Progress,
    hook: &H,
) {
    let mut parser = BatchParser::default();
    let left = loop {
        if progress.is_cancelled() {
            break Default::default();
        }
        let spare = match empty.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        // The calling thread is done.
        let Ok((buf, spare)) = spare else { return };
        let taken = match feed.lock() {
            Ok(mut feed) => feed.take(buf),
            Err(_) => None,
        };
        let Some(taken) = taken else {
            break spare;
        };
        let seq = taken.seq;
        let batch = parse_taken(&mut parser, taken, hook, spare);
        if full.send((seq, batch)).is_err() {
            return;
        }
    };
    let _ = full.send((GONE, left));
}

/// The sequence number of a worker's last batch: no block, only storage handed back.
const GONE: u64 = u64::MAX;

#[cfg(test)]
mod tests;
