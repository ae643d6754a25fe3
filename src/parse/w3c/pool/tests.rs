//! The pool's workers and the calling thread agree on when the input is done.

use super::*;
use crate::progress::NoProgress;
use crate::source::SourceKind;

/// A worker that finds the input done hands its buffer's storage back as a [`GONE`] batch:
/// the calling thread may be waiting for a batch while it holds a sender for workers still
/// to come (a worker that joined at the end, holding the spare buffers' lock just when the
/// calling thread looked for one, used to end silently and leave it waiting for ever).
#[test]
fn a_worker_that_finds_the_input_done_says_so() {
    let mut blocks = BlockReader::new(&b""[..], 0);
    // A reader that failed gives no more blocks.
    let feed = Mutex::new(Feed {
        blocks: &mut blocks,
        maps: Maps::new(SourceKind::Iis),
        seq: 0,
        failed: Some(io::Error::other("read failed")),
        lines: None,
    });
    let (spare_tx, spare_rx) = mpsc::channel::<Spare<super::super::NoHook>>();
    let _ = spare_tx.send(Default::default());
    let empty = Mutex::new(spare_rx);
    let (full_tx, full_rx) = mpsc::sync_channel(2);
    work(&feed, &empty, &full_tx, &NoProgress, &super::super::NoHook);
    let (seq, _storage) = full_rx.try_recv().expect("the worker said it is gone");
    assert_eq!(seq, GONE);
    assert!(full_rx.try_recv().is_err(), "nothing else");
}
