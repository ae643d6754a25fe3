//! How a stream's parse shares the machine with the streams parsed at the same time (a fan-out
//! over files): how many threads it starts and how many buffers it circulates, and the cores it
//! takes up as the fan-out's other threads run out of files — so the last file of a tree, or one
//! big file among small ones, is not left on one core while the others idle.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most parsing threads a stream starts besides its calling thread.
const MOST_WORKERS: usize = 3;

/// The cores of a fan-out that no stream uses: a fan-out thread that finds no file left gives
/// its share of the cores here, and a stream still parsed takes one for each more worker (and
/// gives it back when it ends).
#[derive(Debug, Default)]
pub(crate) struct Cores {
    free: AtomicUsize,
    /// The cores each fan-out thread's streams start with (the thread's own included).
    share: usize,
}

impl Cores {
    /// The cores of a fan-out over `streams` threads: those the threads' shares leave over.
    pub(crate) fn for_fanout(streams: usize) -> Arc<Cores> {
        let cores = machine_cores();
        let streams = streams.max(1);
        let share = (cores / streams).clamp(1, MOST_WORKERS + 1);
        Arc::new(Cores {
            free: AtomicUsize::new(cores.saturating_sub(streams * share)),
            share,
        })
    }

    /// A fan-out thread found no file left: its share of the cores is free.
    pub(crate) fn leave(&self) {
        self.give(self.share);
    }

    /// `n` cores no longer used.
    pub(crate) fn give(&self, n: usize) {
        self.free.fetch_add(n, Ordering::AcqRel);
    }

    /// Takes one free core, if there is one.
    fn take(&self) -> bool {
        self.free
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok()
    }

    /// Cores free right now.
    #[cfg(test)]
    pub(crate) fn free(&self) -> usize {
        self.free.load(Ordering::Acquire)
    }
}

/// What the streams this thread parses share the machine with.
#[derive(Debug, Clone)]
struct Share {
    /// How many streams are parsed at once (1: alone).
    by: usize,
    cores: Option<Arc<Cores>>,
}

thread_local! {
    static SHARE: RefCell<Share> = const { RefCell::new(Share { by: 1, cores: None }) };
}

/// Notes that the streams this thread parses from now on share the machine with `n - 1`
/// others parsed at the same time (a fan-out over files): each then starts fewer workers and
/// circulates fewer buffers, so the blocks in flight stay about one per core in all; `cores`
/// are the fan-out's cores that no stream uses, which a stream takes up as they come free.
pub(crate) fn shared_by(n: usize, cores: Option<Arc<Cores>>) {
    SHARE.with(|s| {
        *s.borrow_mut() = Share {
            by: n.max(1),
            cores,
        }
    });
}

/// How many streams are parsed at once with the ones this thread parses.
#[cfg(test)]
pub(crate) fn sharing() -> usize {
    SHARE.with(|s| s.borrow().by)
}

/// The free cores of the fan-out this thread parses in, if any.
#[cfg(test)]
pub(crate) fn free_here() -> Option<usize> {
    SHARE.with(|s| s.borrow().cores.as_ref().map(|c| c.free()))
}

fn machine_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A stream's threads and buffers: what it starts with, and the cores it took up since.
#[derive(Debug)]
pub(super) struct Budget {
    /// Parsing threads to start besides the calling thread.
    pub workers: usize,
    /// Buffer pairs to circulate besides the one handed in.
    pub spares: usize,
    /// Workers the stream may grow to as cores come free.
    most: usize,
    cores: Option<Arc<Cores>>,
    taken: usize,
}

impl Budget {
    /// Alone: one thread per core besides the calling thread, which parses too whenever it has
    /// nothing in order to hand on (so no core is oversubscribed), and two spare pairs so that
    /// the caller always has a batch to hand on while the workers parse. Shared with other
    /// streams: the cores divided among them, the calling thread counting as one, and one spare
    /// pair (the machine is busy with the others' blocks anyway). A stream whose share is one
    /// core starts none: its calling thread parses each block and hands it on while the block
    /// is still in its cache, and no core runs two threads.
    pub fn here() -> Budget {
        let cores = machine_cores();
        let share = SHARE.with(|s| s.borrow().clone());
        let least = usize::from(share.by == 1);
        let workers = (cores / share.by)
            .saturating_sub(1)
            .clamp(least, MOST_WORKERS);
        Budget {
            workers,
            spares: workers + if share.by > 1 { 1 } else { 2 },
            most: cores.saturating_sub(1).clamp(workers, MOST_WORKERS),
            cores: share.cores,
            taken: 0,
        }
    }

    /// Whether the stream may still take up a core.
    pub fn may_grow(&self) -> bool {
        self.cores.is_some() && self.workers + self.taken < self.most
    }

    /// Takes a core that came free, for one more worker.
    pub fn grow(&mut self) -> bool {
        let took = self.may_grow() && self.cores.as_ref().is_some_and(|c| c.take());
        self.taken += usize::from(took);
        took
    }

    /// A core taken that no worker could use after all.
    pub fn shrink(&mut self) {
        if self.taken > 0 {
            self.taken -= 1;
            if let Some(c) = &self.cores {
                c.give(1);
            }
        }
    }
}

impl Drop for Budget {
    /// The stream ended: the cores it took up are free again.
    fn drop(&mut self) {
        if let Some(c) = &self.cores {
            c.give(self.taken);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget_in(by: usize, cores: Option<Arc<Cores>>) -> Budget {
        std::thread::scope(|s| {
            s.spawn(|| {
                shared_by(by, cores);
                Budget::here()
            })
            .join()
            .expect("budget thread")
        })
    }

    #[test]
    fn a_stream_takes_up_free_cores_to_its_most_and_gives_them_back() {
        let n = machine_cores();
        let cores = Arc::new(Cores::default());
        let mut b = budget_in(n.max(2), Some(cores.clone()));
        assert_eq!(b.workers, 0);
        assert!(!b.grow(), "no core is free yet");
        cores.give(5);
        let grown = (0..5).filter(|_| b.grow()).count();
        assert_eq!(grown, n.saturating_sub(1).min(MOST_WORKERS));
        assert_eq!(cores.free(), 5 - grown);
        b.shrink();
        assert_eq!(cores.free(), 5 - grown + usize::from(grown > 0));
        drop(b);
        assert_eq!(cores.free(), 5);
    }

    #[test]
    fn alone_or_without_the_fanout_cores_a_stream_never_grows() {
        let cores = Arc::new(Cores::default());
        cores.give(4);
        let mut alone = budget_in(1, Some(cores.clone()));
        assert!(alone.workers >= 1);
        assert!(!alone.grow(), "alone, a stream already has every core");
        drop(alone);
        let mut free_of_fanout = budget_in(machine_cores().max(2), None);
        assert!(!free_of_fanout.grow());
        assert_eq!(cores.free(), 4);
    }
}
