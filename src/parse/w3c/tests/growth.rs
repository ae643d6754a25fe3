//! A stream parsed beside others takes up a core that comes free: another thread then parses
//! some of its blocks, and what the sink gets is what a parse alone gives.

use super::super::share::{Cores, shared_by};
use super::*;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

/// Which threads parse blocks. The calling thread, at its second block, waits (at most
/// `PATIENCE`) until another thread has parsed one: a worker that joined takes the next block
/// meanwhile, and without one the wait runs out.
struct Parsers {
    caller: ThreadId,
    state: Arc<(Mutex<Seen>, Condvar)>,
}

#[derive(Default)]
struct Seen {
    by_caller: usize,
    by_others: usize,
}

const PATIENCE: Duration = Duration::from_secs(10);

impl BlockHook for Parsers {
    type Row = ();
    type Block = ();

    fn block(&self, _rows: &Rows<'_>, _per_row: &mut Vec<()>, _out: &mut ()) {
        let (lock, other) = &*self.state;
        let Ok(mut seen) = lock.lock() else { return };
        if std::thread::current().id() != self.caller {
            seen.by_others += 1;
            other.notify_all();
            return;
        }
        seen.by_caller += 1;
        if seen.by_caller == 2 {
            let _ = other.wait_timeout_while(seen, PATIENCE, |s| s.by_others == 0);
        }
    }
}

#[test]
fn a_stream_sharing_the_cores_takes_up_one_that_comes_free() {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return; // one core: there is none to take up
    }
    let (text, _) = big_text();
    let (alone, alone_stats) = iis(&text);
    let free = Arc::new(Cores::default());
    free.give(1);
    let state = Arc::new((Mutex::new(Seen::default()), Condvar::new()));
    let (rows, stats) = std::thread::scope(|s| {
        s.spawn(|| {
            shared_by(2, Some(free.clone()));
            let hook = Parsers {
                caller: std::thread::current().id(),
                state: state.clone(),
            };
            let mut rows = Vec::new();
            let mut sink = |_: SourceId, r: &W3cRecord<'_>| rows.push(Row::of(r));
            let stats = W3cParser::new(SourceId(0))
                .kind(SourceKind::Iis)
                .total(text.len() as u64)
                .hook(hook)
                .bytes(text.as_bytes(), &mut sink);
            (rows, stats)
        })
        .join()
        .expect("parse thread")
    });
    let seen = state.0.lock().expect("hook state");
    assert!(seen.by_caller > 1, "the text spans several blocks");
    assert!(seen.by_others > 0, "no other thread parsed a block");
    assert_eq!(rows.len(), alone.len());
    assert!(rows.iter().zip(&alone).all(|(a, b)| a == b));
    let stats = stats.expect("parsed");
    assert_eq!(
        (stats.lines, stats.events, stats.diagnostics),
        (
            alone_stats.lines,
            alone_stats.events,
            alone_stats.diagnostics
        )
    );
    assert_eq!(
        free.free(),
        1,
        "the core is given back when the stream ends"
    );
}
