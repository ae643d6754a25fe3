//! One job type for the explorer's background work (the load, search, filter scans, re-merges,
//! live follow polls, line reads, ticket texts): each job has a kind, and the newest job of a kind
//! wins (starting one cancels the one before through its flag); progress is throttled to one
//! message every ~80 ms; a panic becomes a [`WorkerMsg::Crashed`] message, never a dead UI.
//!
//! [`run`] is the plain blocking body (tests call it directly); [`spawn`] runs it on tokio's
//! blocking pool.

use crate::tui::model::pane::PaneId;
use crate::tui::worker::{PROGRESS_EVERY, WorkerMsg, guarded};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;
use tokio::sync::mpsc::UnboundedSender;

/// What a job does; one job of a kind is current at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Loading the logs.
    Load,
    /// A regex search over a pane.
    Search,
    /// A filter scan of a pane.
    Filter(PaneId),
    /// Re-merging the IIS rows after an offset changed.
    Merge,
    /// One live follow poll.
    Follow,
    /// Reading lines for the view.
    Lines,
    /// Building a ticket text.
    Ticket,
}

impl JobKind {
    /// How a crash of this job is named in the message.
    pub fn name(self) -> &'static str {
        match self {
            JobKind::Load => "loading",
            JobKind::Search => "search",
            JobKind::Filter(_) => "filter",
            JobKind::Merge => "re-merge",
            JobKind::Follow => "live follow",
            JobKind::Lines => "reading lines",
            JobKind::Ticket => "building the text",
        }
    }
}

/// The cancel flags of the current job of each kind.
#[derive(Debug, Default)]
pub struct Slots {
    current: HashMap<JobKind, Arc<AtomicBool>>,
}

impl Slots {
    /// A flag for a new job of `kind`. With `replace` the job before it is cancelled (newest
    /// wins); without, it runs on (an appended filter scan leaves the full scan running).
    pub fn start(&mut self, kind: JobKind, replace: bool) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Some(old) = self.current.insert(kind, flag.clone())
            && replace
        {
            old.store(true, Ordering::Relaxed);
        }
        flag
    }

    /// Cancels the current job of `kind`.
    pub fn cancel(&mut self, kind: JobKind) {
        if let Some(old) = self.current.remove(&kind) {
            old.store(true, Ordering::Relaxed);
        }
    }

    /// Cancels every job (quit, reload).
    pub fn cancel_all(&mut self) {
        for (_, flag) in self.current.drain() {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

/// What a running job sees: its cancel flag and the channel, with throttled progress. Shared
/// by the threads of one job (the load reports from several).
#[derive(Debug)]
pub struct JobCtx {
    kind: JobKind,
    cancel: Arc<AtomicBool>,
    tx: UnboundedSender<WorkerMsg>,
    start: Instant,
    /// Microseconds after `start` of the last progress message.
    last: AtomicU64,
}

impl JobCtx {
    /// A job of `kind` stopped by `cancel`, reporting to `tx`.
    pub fn new(kind: JobKind, cancel: Arc<AtomicBool>, tx: UnboundedSender<WorkerMsg>) -> Self {
        JobCtx {
            kind,
            cancel,
            tx,
            start: Instant::now(),
            last: AtomicU64::new(0),
        }
    }

    /// The job's kind.
    pub fn kind(&self) -> JobKind {
        self.kind
    }

    /// True once a newer job of the kind started (or the job was cancelled).
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag, for bodies that poll it themselves.
    pub fn flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Sends a progress message, at most one every ~80 ms (none in the first 80 ms).
    pub fn progress(&self, msg: impl FnOnce() -> WorkerMsg) {
        let now = u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX);
        let last = self.last.load(Ordering::Relaxed);
        let every = u64::try_from(PROGRESS_EVERY.as_micros()).unwrap_or(u64::MAX);
        // One thread wins the slot; the others skip this report.
        if now.saturating_sub(last) >= every
            && self
                .last
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            let _ = self.tx.send(msg());
        }
    }

    /// Sends a message now, unthrottled (a milestone such as a source loaded).
    pub fn send(&self, msg: WorkerMsg) {
        let _ = self.tx.send(msg);
    }
}

/// Runs a job body: its answer is sent unless the job was cancelled meanwhile; a panic is
/// sent as [`WorkerMsg::Crashed`] naming the job.
pub fn run(ctx: &JobCtx, body: impl FnOnce(&JobCtx) -> Option<WorkerMsg>) {
    let msg = match guarded(|| body(ctx)) {
        Ok(Some(msg)) if !ctx.cancelled() => msg,
        Ok(_) => return,
        Err(e) => WorkerMsg::Crashed(ctx.kind, format!("{}: {e}", ctx.kind.name())),
    };
    let _ = ctx.tx.send(msg);
}

/// Runs a job on the blocking pool.
pub fn spawn(ctx: JobCtx, body: impl FnOnce(&JobCtx) -> Option<WorkerMsg> + Send + 'static) {
    tokio::task::spawn_blocking(move || run(&ctx, body));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::mpsc::unbounded_channel;

    #[test]
    fn a_panicking_job_reports_a_crash_naming_it() {
        let (tx, mut rx) = unbounded_channel();
        let ctx = JobCtx::new(JobKind::Search, Arc::new(AtomicBool::new(false)), tx);
        run(&ctx, |_| -> Option<WorkerMsg> { panic!("boom") });
        match rx.try_recv() {
            Ok(WorkerMsg::Crashed(JobKind::Search, text)) => {
                assert!(text.starts_with("search: "), "{text}")
            }
            other => panic!("expected a crash message, got {other:?}"),
        }
    }

    #[test]
    fn the_newest_job_of_a_kind_wins() {
        let (tx, mut rx) = unbounded_channel();
        let mut slots = Slots::default();
        let first = slots.start(JobKind::Merge, true);
        let second = slots.start(JobKind::Merge, true);
        let other = slots.start(JobKind::Search, true);
        assert!(
            first.load(Ordering::Relaxed),
            "the older merge is cancelled"
        );
        assert!(!second.load(Ordering::Relaxed));
        assert!(!other.load(Ordering::Relaxed), "other kinds run on");
        run(
            &JobCtx::new(JobKind::Merge, first.clone(), tx.clone()),
            |_| Some(WorkerMsg::Following(1)),
        );
        assert!(
            rx.try_recv().is_err(),
            "a cancelled job's answer is dropped"
        );
        run(&JobCtx::new(JobKind::Merge, second.clone(), tx), |_| {
            Some(WorkerMsg::Following(2))
        });
        assert!(matches!(rx.try_recv(), Ok(WorkerMsg::Following(2))));
        let appended = slots.start(JobKind::Filter(PaneId::Iis), true);
        let _more = slots.start(JobKind::Filter(PaneId::Iis), false);
        assert!(
            !appended.load(Ordering::Relaxed),
            "an appended scan leaves it running"
        );
        slots.cancel_all();
        assert!(second.load(Ordering::Relaxed) && other.load(Ordering::Relaxed));
    }

    #[test]
    fn progress_is_throttled() {
        let (tx, mut rx) = unbounded_channel();
        let ctx = JobCtx::new(JobKind::Search, Arc::new(AtomicBool::new(false)), tx);
        for _ in 0..1000 {
            ctx.progress(|| WorkerMsg::Following(0));
        }
        assert!(rx.try_recv().is_err(), "no progress within the first 80 ms");
    }
}
