//! The loop: terminal events, worker messages and slow ticks feed `update`; effects start
//! workers, copy, write files or quit; the screen is redrawn only when something changed, at
//! most ~30 times a second (each frame costs bandwidth over RDP).
//!
//! Filter scans typed live are debounced (~50 ms, the newest request of a pane wins and
//! cancels the one running). Live follow polls every ~1.5 s, one poll at a time; the poll's
//! job also builds the next data ([`crate::tui::worker::follow`]). The clipboard
//! is opened once, after the first frame, and kept (on X11 its owner serves the text); OSC 52
//! goes to the terminal ratatui draws on, between frames.

use crate::tui::clipboard::Clipboard;
use crate::tui::effect::Effect;
use crate::tui::error::ShellError;
use crate::tui::live::Watch;
use crate::tui::model::lines::read as read_lines;
use crate::tui::model::pane::PaneId;
use crate::tui::model::{Model, Settings};
use crate::tui::msg::Msg;
use crate::tui::notes_file;
use crate::tui::update::handle;
use crate::tui::view::view;
use crate::tui::worker::follow::{self, FollowJob};
use crate::tui::worker::job::{self, JobCtx, JobKind, Slots};
use crate::tui::worker::scan::FilterJob;
use crate::tui::worker::{self, Loader, SearchJob, WorkerMsg};
use crossterm::event::EventStream;
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::time::{Instant, MissedTickBehavior};

const FRAME: Duration = Duration::from_millis(33);
const SLOW_TICK: Duration = Duration::from_millis(250);
const DEBOUNCE: Duration = Duration::from_millis(50);
const FOLLOW_EVERY: Duration = Duration::from_millis(1500);

/// Runs the app until the user quits; returns the exit code.
pub async fn run<B: Backend + Write>(
    terminal: &mut Terminal<B>,
    settings: Settings,
    loader: Loader,
    reloader: Option<Reloader>,
) -> Result<i32, ShellError> {
    let size = terminal
        .size()
        .map_err(|e| ShellError::TerminalRead(e.to_string()))?;
    let mut model = Model::new(settings.clone(), (size.width, size.height));
    let (tx, mut rx) = unbounded_channel::<WorkerMsg>();
    let mut jobs = Jobs::new(tx);
    jobs.reloader = reloader;
    jobs.load(loader);
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(SLOW_TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut follow = tokio::time::interval(FOLLOW_EVERY);
    follow.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut last_draw = Instant::now();
    let mut first = true;
    loop {
        let due = if first {
            Instant::now()
        } else {
            last_draw + FRAME
        };
        let filter_due = jobs.next_filter_due();
        let slow = model.is_loading();
        let can_poll = model.live.enabled && !model.live.polling && jobs.watch_ready();
        let effects = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(event)) => match Msg::from_event(event) {
                    Some(msg) => {
                        dirty = true;
                        handle(&mut model, msg)
                    }
                    None => Vec::new(),
                },
                Some(Err(e)) => return Err(ShellError::TerminalRead(e.to_string())),
                None => return Ok(0),
            },
            Some(msg) = rx.recv() => {
                dirty = true;
                handle(&mut model, Msg::Worker(msg))
            }
            _ = tick.tick(), if slow => {
                dirty = true;
                handle(&mut model, Msg::Tick)
            }
            () = tokio::time::sleep_until(filter_due.unwrap_or(due)), if filter_due.is_some() => {
                jobs.start_due_filters(&model);
                Vec::new()
            }
            _ = follow.tick(), if can_poll => handle(&mut model, Msg::Poll),
            () = tokio::time::sleep_until(due), if dirty => {
                terminal
                    .draw(|frame| view(&model, frame))
                    .map_err(|e| ShellError::Draw(e.to_string()))?;
                last_draw = Instant::now();
                dirty = false;
                first = false;
                jobs.open_clipboard();
                Vec::new()
            }
        };
        let mut queue = effects;
        while !queue.is_empty() {
            let mut more = Vec::new();
            for effect in queue {
                match jobs.run(&model, effect, terminal.backend_mut()) {
                    Step::Quit(code) => return Ok(code),
                    Step::Restart(loader) => {
                        // A fresh explorer on the new load; the old one's jobs are cancelled.
                        let size = terminal
                            .size()
                            .map_err(|e| ShellError::TerminalRead(e.to_string()))?;
                        model = Model::new(settings.clone(), (size.width, size.height));
                        jobs.restart(loader);
                        dirty = true;
                    }
                    Step::Reply(msg) => {
                        dirty = true;
                        more.extend(handle(&mut model, Msg::Worker(msg)));
                    }
                    Step::Done => {}
                }
            }
            queue = more;
        }
    }
}

/// Builds a load of the same paths with another time window (`T` widens it).
pub type Reloader = Box<dyn Fn(crate::pipeline::window::WindowMode) -> Loader + Send>;

/// What running an effect led to.
enum Step {
    Quit(i32),
    Restart(Loader),
    Reply(WorkerMsg),
    Done,
}

/// A filter scan waiting for its debounce.
#[derive(Debug, Clone, Copy)]
struct PendingFilter {
    full: bool,
    due: Instant,
}

struct Jobs {
    tx: UnboundedSender<WorkerMsg>,
    slots: Slots,
    pending: [Option<PendingFilter>; 2],
    clipboard: Option<Clipboard>,
    watch: Arc<Mutex<Option<Watch>>>,
    watch_ready: Arc<AtomicBool>,
    written: Vec<PathBuf>,
    reloader: Option<Reloader>,
}

impl Jobs {
    fn new(tx: UnboundedSender<WorkerMsg>) -> Self {
        Jobs {
            tx,
            slots: Slots::default(),
            pending: [None, None],
            clipboard: None,
            watch: Arc::new(Mutex::new(None)),
            watch_ready: Arc::new(AtomicBool::new(false)),
            written: Vec::new(),
            reloader: None,
        }
    }

    /// Cancels every job of the current load and starts `loader`.
    fn restart(&mut self, loader: Loader) {
        self.slots.cancel_all();
        self.pending = [None, None];
        // A fresh slot: a poll still running holds the old one (no waiting for its lock here).
        self.watch = Arc::new(Mutex::new(None));
        self.watch_ready.store(false, Ordering::Relaxed);
        self.load(loader);
    }

    /// Starts a load job (a newer one cancels it).
    fn load(&mut self, loader: Loader) {
        let ctx = self.job(JobKind::Load, true);
        job::spawn(ctx, move |ctx| worker::load_job(loader, ctx));
    }

    /// Runs one effect.
    fn run(&mut self, model: &Model, effect: Effect, out: &mut dyn Write) -> Step {
        match effect {
            Effect::Quit(code) => {
                self.slots.cancel_all();
                return Step::Quit(code);
            }
            Effect::Search {
                generation,
                pane,
                regex,
            } => {
                let job = SearchJob::new(model, generation, pane, regex);
                let ctx = self.job(JobKind::Search, true);
                job::spawn(ctx, move |ctx| worker::search_job(&job, ctx));
            }
            Effect::Remerge { generation } => {
                let (data, clock) = (model.data.clone(), model.clock.clone());
                let ctx = self.job(JobKind::Merge, true);
                job::spawn(ctx, move |_| worker::remerge_job(&data, clock, generation));
            }
            Effect::Filter { pane, full, delay } => {
                let slot = &mut self.pending[pane.index()];
                let full = full || slot.is_some_and(|p| p.full);
                let due = if delay {
                    Instant::now() + DEBOUNCE
                } else {
                    Instant::now()
                };
                *slot = Some(PendingFilter { full, due });
                if !delay {
                    self.start_due_filters(model);
                }
            }
            Effect::CancelFilter { pane } => {
                self.pending[pane.index()] = None;
                self.slots.cancel(JobKind::Filter(pane));
            }
            Effect::Copy { what, text } => {
                let clip = self
                    .clipboard
                    .get_or_insert_with(|| Clipboard::from_env(None));
                let result = clip.copy(&text, out);
                return Step::Reply(WorkerMsg::Copied { what, result });
            }
            Effect::Write { path, name, text } => {
                let logs: Vec<&Path> = model
                    .data
                    .analysis
                    .sources
                    .iter()
                    .map(|s| s.path.as_path())
                    .collect();
                let result = notes_file::write(&path, &name, &text, &logs, &mut self.written);
                return Step::Reply(WorkerMsg::Written(result));
            }
            Effect::ReadLines { data, lines } => {
                // Not replaced: each read fills lines the view still waits for.
                let shared = model.data.clone();
                let ctx = self.job(JobKind::Lines, false);
                job::spawn(ctx, move |_| {
                    let read = read_lines(&shared, &lines);
                    Some(WorkerMsg::Lines { data, read })
                });
            }
            Effect::Build(ticket) => {
                let ctx = self.job(JobKind::Ticket, false);
                job::spawn(ctx, move |_| {
                    let text = ticket.text();
                    let to = ticket.to.clone();
                    Some(WorkerMsg::Built { to, text })
                });
            }
            Effect::StartFollow => self.start_follow(model),
            Effect::Poll => {
                let (job, watch) = (FollowJob::new(model), self.watch.clone());
                let ctx = self.job(JobKind::Follow, true);
                job::spawn(ctx, move |_| Some(follow::poll_job(&job, &watch)));
            }
            Effect::Reload { window } => {
                if let Some(r) = &self.reloader {
                    return Step::Restart(r(window));
                }
            }
        }
        Step::Done
    }

    /// A new job of `kind` (replacing the running one when `replace`).
    fn job(&mut self, kind: JobKind, replace: bool) -> JobCtx {
        JobCtx::new(kind, self.slots.start(kind, replace), self.tx.clone())
    }

    fn next_filter_due(&self) -> Option<Instant> {
        self.pending.iter().flatten().map(|p| p.due).min()
    }

    /// Starts the filter scans whose debounce is over, cancelling older scans of their pane.
    fn start_due_filters(&mut self, model: &Model) {
        let now = Instant::now();
        for pane in PaneId::ALL {
            let i = pane.index();
            let Some(p) = self.pending[i].filter(|p| p.due <= now) else {
                continue;
            };
            self.pending[i] = None;
            // A full scan replaces the one running; an appended scan runs beside it.
            let ctx = self.job(JobKind::Filter(pane), p.full);
            let job = FilterJob::new(model, pane, p.full);
            job::spawn(ctx, move |ctx| worker::filter_job(&job, ctx));
        }
    }

    /// Opens the clipboard once, after the first frame (it can take a moment to fail).
    fn open_clipboard(&mut self) {
        if self.clipboard.is_none() {
            self.clipboard = Some(Clipboard::from_env(None));
        }
    }

    fn watch_ready(&self) -> bool {
        self.watch_ready.load(Ordering::Relaxed)
    }

    fn start_follow(&self, model: &Model) {
        let data = model.data.clone();
        let (watch, ready, tx) = (
            self.watch.clone(),
            self.watch_ready.clone(),
            self.tx.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let w = Watch::take(&data);
            drop(data);
            let n = w.as_ref().map_or(0, Watch::len);
            // Polled even with no file followed yet: new logs in the loaded folders join.
            let any = w.is_some();
            if let Ok(mut slot) = watch.lock() {
                *slot = w;
            }
            ready.store(any, Ordering::Relaxed);
            let _ = tx.send(WorkerMsg::Following(n));
        });
    }
}
