//! One job type: a job that panics reaches the explorer as a message, and the explorer keeps
//! answering keys; the load is such a job (throttled progress, a newer load cancels it, a
//! panic is a failed load).

use crate::scenario;

use hcwlens::progress::Progress;
use hcwlens::tui::model::load::LoadState;
use hcwlens::tui::model::{Model, NoteLevel, Settings};
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use hcwlens::tui::worker::WorkerMsg;
use hcwlens::tui::worker::job::{self, JobCtx, JobKind, Slots};
use hcwlens::tui::worker::{Loader, load_job};
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

#[test]
fn a_panicking_load_is_a_failed_load_and_keys_still_work() {
    let mut m = Model::new(Settings::new("t"), (80, 24));
    let (tx, mut rx) = unbounded_channel();
    let ctx = JobCtx::new(JobKind::Load, Arc::new(AtomicBool::new(false)), tx);
    let loader: Loader = Box::new(|_: &dyn Progress| panic!("parser bug"));
    job::run(&ctx, |ctx| load_job(loader, ctx));
    let msg = rx.try_recv().expect("the crash is reported");
    assert!(
        matches!(msg, WorkerMsg::Crashed(JobKind::Load, _)),
        "{msg:?}"
    );
    handle(&mut m, Msg::Worker(msg));
    assert!(
        matches!(&m.load, LoadState::Failed(text) if text.starts_with("loading: ")),
        "{:?}",
        m.load
    );
    let note = m.note.clone().expect("a message");
    assert_eq!(note.level, NoteLevel::Warn);
    assert!(
        note.text.starts_with("Load failed: loading: "),
        "{}",
        note.text
    );
    // The note is too long for the status line at 80 columns: the first `q` closes its box.
    assert_eq!(press(&mut m, &["q"]), None, "closes the message box");
    assert_eq!(
        press(&mut m, &["q"]),
        Some(1),
        "quits with the failed-load code"
    );
}

#[test]
fn load_progress_goes_through_the_job_throttled_and_a_newer_load_cancels_it() {
    let (tx, mut rx) = unbounded_channel();
    let mut slots = Slots::default();
    let ctx = JobCtx::new(JobKind::Load, slots.start(JobKind::Load, true), tx);
    let info = analysis().sources[0].clone();
    let started = std::time::Instant::now();
    let loader: Loader = Box::new(move |p: &dyn Progress| {
        p.source_loaded(&info);
        for done in 0..100_000 {
            p.report(done, 100_000);
        }
        assert!(!p.is_cancelled());
        Err(hcwlens::error::Error::NotFound("x".into()).into())
    });
    job::run(&ctx, |ctx| load_job(loader, ctx));
    let elapsed = started.elapsed().as_millis() as usize;
    let msgs: Vec<WorkerMsg> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
    let progress = msgs
        .iter()
        .filter(|m| matches!(m, WorkerMsg::Progress { .. }))
        .count();
    assert!(
        progress <= 1 + elapsed / 80,
        "{progress} progress messages in {elapsed} ms"
    );
    assert!(matches!(msgs.first(), Some(WorkerMsg::SourceLoaded(_))));
    assert!(matches!(msgs.last(), Some(WorkerMsg::Loaded(Err(_)))));

    // A reload starts a newer load: the older one sees it is cancelled, and its answer is
    // dropped.
    let (tx, mut rx) = unbounded_channel();
    let old = JobCtx::new(JobKind::Load, slots.start(JobKind::Load, true), tx);
    let _newer = slots.start(JobKind::Load, true);
    let loader: Loader = Box::new(|p: &dyn Progress| {
        assert!(p.is_cancelled());
        Err(hcwlens::error::Error::NotFound("x".into()).into())
    });
    job::run(&old, |ctx| load_job(loader, ctx));
    assert!(rx.try_recv().is_err(), "a cancelled load says nothing");
}
