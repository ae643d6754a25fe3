//! Progress of a load over many files: the bytes done summed across the files parsed in
//! parallel, and forwarded to the caller's progress (and its cancel).

use crate::progress::Progress;
use crate::source::SourceInfo;
use std::sync::atomic::{AtomicU64, Ordering};

/// Sums bytes done across files and forwards them to the caller's progress.
pub(in crate::pipeline) struct ByteTracker<'a> {
    inner: &'a dyn Progress,
    total: u64,
    done: AtomicU64,
}

impl<'a> ByteTracker<'a> {
    pub(in crate::pipeline) fn new(inner: &'a dyn Progress, total: u64) -> Self {
        ByteTracker {
            inner,
            total,
            done: AtomicU64::new(0),
        }
    }
    pub(in crate::pipeline) fn add(&self, bytes: u64) {
        let now = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.inner.report(now.min(self.total), self.total);
    }
    pub(in crate::pipeline) fn source_loaded(&self, info: &SourceInfo) {
        self.inner.source_loaded(info);
    }
}

/// Per-file progress that forwards deltas to the tracker.
pub(super) struct FileProgress<'a, 'b> {
    tracker: &'a ByteTracker<'b>,
    last: AtomicU64,
}

impl<'a, 'b> FileProgress<'a, 'b> {
    pub(super) fn new(tracker: &'a ByteTracker<'b>) -> Self {
        FileProgress {
            tracker,
            last: AtomicU64::new(0),
        }
    }
}

impl Progress for FileProgress<'_, '_> {
    fn report(&self, done: u64, _total: u64) {
        let prev = self.last.swap(done, Ordering::Relaxed);
        self.tracker.add(done.saturating_sub(prev));
    }
    fn is_cancelled(&self) -> bool {
        self.tracker.inner.is_cancelled()
    }
}
