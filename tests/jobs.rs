//! One job type: a job that panics reaches the explorer as a message, and the explorer keeps
//! answering keys.

#[path = "support/scenario.rs"]
mod scenario;

use hcwlens::tui::model::NoteLevel;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use hcwlens::tui::worker::WorkerMsg;
use hcwlens::tui::worker::job::{self, JobCtx, JobKind};
use scenario::*;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tokio::sync::mpsc::unbounded_channel;

#[test]
fn a_panicking_search_job_becomes_a_warning_and_keys_still_work() {
    let mut m = model(100, 30);
    let (tx, mut rx) = unbounded_channel();
    let ctx = JobCtx::new(JobKind::Search, Arc::new(AtomicBool::new(false)), tx);
    job::run(&ctx, |_| -> Option<WorkerMsg> {
        panic!("index out of range")
    });
    let msg = rx.try_recv().expect("the crash is reported");
    handle(&mut m, Msg::Worker(msg));
    let note = m.note.clone().expect("a message");
    assert_eq!(note.level, NoteLevel::Warn);
    assert!(note.text.starts_with("search: "), "{}", note.text);
    let before = m.panes[m.focus.index()].cursor;
    press(&mut m, &["j"]);
    assert_ne!(m.panes[m.focus.index()].cursor, before, "keys still answer");
}
