//! Parsing a stream on several threads while the calling thread feeds the sink in file order.
//!
//! Workers take turns at the reader: holding it, a worker reads the next block, notes its
//! sequence number and the column map in effect at its start (by applying the block's
//! `#Fields` lines to the shared state), then parses the block on its own. The calling thread
//! puts batches back in order, merges their counts and hands their records to the sink. A fixed
//! set of buffers circulates between them, which bounds memory.

use super::Target;
use super::batch::{Batch, BatchParser, scan_directives};
use super::block::{Block, BlockReader};
use super::fields::Maps;
use crate::record::RequestSink;
use crate::source::SourceStats;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::{Mutex, mpsc};

/// The reader and what is known at its current position.
struct Feed<'r, R> {
    blocks: &'r mut BlockReader<R>,
    maps: Maps,
    seq: u64,
    failed: Option<io::Error>,
}

/// A block taken from the feed.
struct Taken {
    seq: u64,
    block: Block,
    maps: Maps,
}

impl<R: Read> Feed<'_, R> {
    fn take(&mut self, buf: Vec<u8>) -> Option<Taken> {
        if self.failed.is_some() {
            return None;
        }
        let block = match self.blocks.next(buf) {
            Ok(Some(block)) => block,
            Ok(None) => return None,
            Err(e) => {
                self.failed = Some(e);
                return None;
            }
        };
        let maps = self.maps.clone();
        if let Block::Data { data, .. } = &block {
            scan_directives(data, &mut self.maps);
        }
        let seq = self.seq;
        self.seq += 1;
        Some(Taken { seq, block, maps })
    }
}

/// How many parsing threads to start: one per core besides the calling thread, which parses
/// too whenever it has nothing in order to hand on (so no core is oversubscribed).
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() - 1).clamp(1, 3))
}

/// A spare buffer pair (block text, batch storage) circulating between the threads.
type Spare = (Vec<u8>, Batch);

/// Parses the rest of `blocks` (`maps` in effect at the reader position),
/// merging counts into `stats` (whose `lines` is the line number base).
pub(super) fn parse_rest<R: Read + Send>(
    blocks: &mut BlockReader<R>,
    maps: Maps,
    spare: Spare,
    target: &Target<'_>,
    sink: &mut dyn RequestSink,
    stats: &mut SourceStats,
) -> io::Result<()> {
    let (progress, chunks) = (target.progress, target.chunks);
    let workers = workers();
    let feed = Mutex::new(Feed {
        blocks,
        maps,
        seq: 0,
        failed: None,
    });
    let (full_tx, full_rx) = mpsc::sync_channel::<(u64, Batch)>(workers + 2);
    let (empty_tx, empty_rx) = mpsc::channel::<Spare>();
    let empty_rx = Mutex::new(empty_rx);
    let _ = empty_tx.send(spare);
    for _ in 0..workers + 2 {
        let _ = empty_tx.send(Default::default());
    }
    let spawned = std::thread::scope(|scope| {
        let mut spawned = 0;
        for k in 0..workers {
            let full_tx = full_tx.clone();
            let (feed, empty_rx) = (&feed, &empty_rx);
            let worker = std::thread::Builder::new()
                .name(format!("w3c-parse-{k}"))
                .spawn_scoped(scope, move || {
                    work(feed, empty_rx, &full_tx, progress, chunks)
                });
            spawned += usize::from(worker.is_ok());
        }
        drop(full_tx);
        let shared = Shared {
            feed: &feed,
            empty: &empty_rx,
            recycle: empty_tx,
        };
        hand_on(&shared, &full_rx, target, sink, stats);
        drop(full_rx);
        drop(shared);
        spawned
    });
    if spawned == 0 {
        return Err(io::Error::other("cannot start a parser thread"));
    }
    let feed = feed
        .into_inner()
        .map_err(|_| io::Error::other("W3C reader lock poisoned"))?;
    match feed.failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// What the calling thread shares with the workers.
struct Shared<'a, 'r, R> {
    feed: &'a Mutex<Feed<'r, R>>,
    empty: &'a Mutex<mpsc::Receiver<Spare>>,
    recycle: mpsc::Sender<Spare>,
}

/// What the calling thread found when it tried to parse a block itself.
enum Help {
    Parsed(u64, Box<Batch>),
    /// No spare buffer right now.
    Busy,
    /// The input is exhausted (or failed).
    Done,
}

/// The calling thread: hands batches to the sink in file order, merging their counts; while the
/// next one is not ready it parses a block itself, if a buffer is free; stops when the workers
/// are done or the job is cancelled.
fn hand_on<R: Read>(
    shared: &Shared<'_, '_, R>,
    full: &mpsc::Receiver<(u64, Batch)>,
    target: &Target<'_>,
    sink: &mut dyn RequestSink,
    stats: &mut SourceStats,
) {
    let mut parser = BatchParser::with_chunks(target.chunks);
    let mut pending = BTreeMap::new();
    let mut next = 0u64;
    let mut input_left = true;
    loop {
        while let Some(batch) = pending.remove(&next) {
            next += 1;
            super::emit(&batch, stats.lines, target, sink);
            super::merge(stats, &batch.stats);
            if target.report(batch.end, false) {
                return;
            }
            let _ = shared.recycle.send(batch.recycle());
        }
        let arrived = match full.try_recv() {
            Ok(got) => got,
            Err(mpsc::TryRecvError::Disconnected) => return,
            Err(mpsc::TryRecvError::Empty) => {
                let help = if input_left {
                    parse_one(shared, &mut parser)
                } else {
                    Help::Done
                };
                if let Help::Parsed(seq, batch) = help {
                    (seq, *batch)
                } else {
                    input_left &= !matches!(help, Help::Done);
                    match full.recv() {
                        Ok(got) => got,
                        Err(_) => return,
                    }
                }
            }
        };
        pending.insert(arrived.0, arrived.1);
    }
}

/// Parses the next block on the calling thread when a spare buffer is free right now.
fn parse_one<R: Read>(shared: &Shared<'_, '_, R>, parser: &mut BatchParser) -> Help {
    let spare = match shared.empty.try_lock() {
        Ok(rx) => rx.try_recv(),
        Err(_) => return Help::Busy,
    };
    let Ok((buf, spare)) = spare else {
        return Help::Busy;
    };
    let taken = shared.feed.lock().ok().and_then(|mut feed| feed.take(buf));
    match taken {
        Some(Taken { seq, block, maps }) => {
            Help::Parsed(seq, Box::new(parse_taken(parser, block, maps, spare)))
        }
        None => {
            let _ = shared.recycle.send((Vec::new(), spare));
            Help::Done
        }
    }
}

/// Parses one taken block into `batch` (reusing its storage).
fn parse_taken(parser: &mut BatchParser, block: Block, maps: Maps, mut batch: Batch) -> Batch {
    match block {
        Block::Data { data, base } => parser.parse(data, base, maps, &mut batch),
        Block::Overlong { base, head } => BatchParser::overlong(&head, base, &mut batch),
    }
    batch
}

/// One worker: take a spare buffer, read the next block into it, parse it, send it on; until
/// the input ends, the calling thread stops listening, or the job is cancelled.
fn work<R: Read>(
    feed: &Mutex<Feed<'_, R>>,
    empty: &Mutex<mpsc::Receiver<Spare>>,
    full: &mpsc::SyncSender<(u64, Batch)>,
    progress: &dyn crate::progress::Progress,
    chunks: Option<super::batch::ChunkSpec>,
) {
    let mut parser = BatchParser::with_chunks(chunks);
    while !progress.is_cancelled() {
        let spare = match empty.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((buf, spare)) = spare else { return };
        let taken = match feed.lock() {
            Ok(mut feed) => feed.take(buf),
            Err(_) => None,
        };
        let Some(Taken { seq, block, maps }) = taken else {
            return;
        };
        let batch = parse_taken(&mut parser, block, maps, spare);
        if full.send((seq, batch)).is_err() {
            return;
        }
    }
}
