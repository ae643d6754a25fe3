//! The loop: terminal events, worker messages and slow ticks feed `update`; effects start
//! workers, copy, write files or quit; the screen is redrawn only when something changed, at
//! most ~30 times a second (each frame costs bandwidth over RDP).
//!
//! Filter scans typed live are debounced (~50 ms, the newest request of a pane wins and
//! cancels the one running). Live follow polls every ~1.5 s on the blocking pool. The clipboard
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
use crate::tui::worker::scan::FilterJob;
use crate::tui::worker::{self, Loader, SearchJob, WorkerMsg};
use crossterm::event::EventStream;
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
    let mut jobs = Jobs::new(tx.clone());
    jobs.reloader = reloader;
    worker::spawn_load(loader, tx, jobs.cancel.clone());
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
        let slow = model.is_loading() || !model.live.pending.is_empty();
        let can_poll = model.live.enabled && jobs.watch_ready() && !jobs.polling();
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
            _ = follow.tick(), if can_poll => {
                jobs.poll_follow();
                Vec::new()
            }
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
    cancel: Arc<AtomicBool>,
    latest_search: Arc<AtomicU64>,
    filter_cancel: [Option<Arc<AtomicBool>>; 2],
    pending: [Option<PendingFilter>; 2],
    clipboard: Option<Clipboard>,
    watch: Arc<Mutex<Option<Watch>>>,
    watch_ready: Arc<AtomicBool>,
    polling: Arc<AtomicBool>,
    written: Vec<PathBuf>,
    reloader: Option<Reloader>,
}

impl Jobs {
    fn new(tx: UnboundedSender<WorkerMsg>) -> Self {
        Jobs {
            tx,
            cancel: Arc::new(AtomicBool::new(false)),
            latest_search: Arc::new(AtomicU64::new(0)),
            filter_cancel: [None, None],
            pending: [None, None],
            clipboard: None,
            watch: Arc::new(Mutex::new(None)),
            watch_ready: Arc::new(AtomicBool::new(false)),
            polling: Arc::new(AtomicBool::new(false)),
            written: Vec::new(),
            reloader: None,
        }
    }

    /// Cancels every job of the current load and starts `loader`.
    fn restart(&mut self, loader: Loader) {
        self.cancel.store(true, Ordering::Relaxed);
        self.latest_search.store(u64::MAX, Ordering::Relaxed);
        for c in self.filter_cancel.iter_mut().filter_map(Option::take) {
            c.store(true, Ordering::Relaxed);
        }
        self.pending = [None, None];
        if let Ok(mut w) = self.watch.lock() {
            *w = None;
        }
        self.watch_ready.store(false, Ordering::Relaxed);
        self.cancel = Arc::new(AtomicBool::new(false));
        worker::spawn_load(loader, self.tx.clone(), self.cancel.clone());
    }

    /// Runs one effect.
    fn run(&mut self, model: &Model, effect: Effect, out: &mut dyn Write) -> Step {
        match effect {
            Effect::Quit(code) => {
                self.cancel.store(true, Ordering::Relaxed);
                self.latest_search.store(u64::MAX, Ordering::Relaxed);
                for c in self.filter_cancel.iter().flatten() {
                    c.store(true, Ordering::Relaxed);
                }
                return Step::Quit(code);
            }
            Effect::Search {
                generation,
                pane,
                regex,
            } => {
                self.latest_search.store(generation, Ordering::Relaxed);
                let job = SearchJob::new(model, generation, pane, regex);
                worker::spawn_search(job, self.tx.clone(), self.latest_search.clone());
            }
            Effect::Remerge { generation } => worker::spawn_remerge(
                model.data.clone(),
                model.clock.clone(),
                generation,
                self.tx.clone(),
            ),
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
                if let Some(c) = self.filter_cancel[pane.index()].take() {
                    c.store(true, Ordering::Relaxed);
                }
            }
            Effect::Copy { what, text } => {
                let clip = self
                    .clipboard
                    .get_or_insert_with(|| Clipboard::from_env(None));
                let result = clip.copy(&text, out);
                return Step::Reply(WorkerMsg::Copied { what, result });
            }
            Effect::Write { path, text } => {
                let logs: Vec<&Path> = model
                    .data
                    .analysis
                    .sources
                    .iter()
                    .map(|s| s.path.as_path())
                    .collect();
                let result = notes_file::write(&path, &text, &logs, &mut self.written);
                return Step::Reply(WorkerMsg::Written(result));
            }
            Effect::ReadLines { data, lines } => {
                let (shared, tx) = (model.data.clone(), self.tx.clone());
                tokio::task::spawn_blocking(move || {
                    let msg = match worker::guarded(|| read_lines(&shared, &lines)) {
                        Ok(read) => WorkerMsg::Lines { data, read },
                        Err(e) => WorkerMsg::Crashed(format!("reading lines: {e}")),
                    };
                    let _ = tx.send(msg);
                });
            }
            Effect::Build(ticket) => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let msg = match worker::guarded(|| ticket.text()) {
                        Ok(text) => WorkerMsg::Built {
                            to: ticket.to.clone(),
                            text,
                        },
                        Err(e) => WorkerMsg::Crashed(format!("building the text: {e}")),
                    };
                    let _ = tx.send(msg);
                });
            }
            Effect::StartFollow => self.start_follow(model),
            Effect::Reload { window } => {
                if let Some(r) = &self.reloader {
                    return Step::Restart(r(window));
                }
            }
        }
        Step::Done
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
            if p.full
                && let Some(old) = self.filter_cancel[i].take()
            {
                old.store(true, Ordering::Relaxed);
            }
            let cancel = Arc::new(AtomicBool::new(false));
            self.filter_cancel[i] = Some(cancel.clone());
            let job = FilterJob::new(model, pane, p.full);
            worker::spawn_filter(job, self.tx.clone(), cancel);
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

    fn polling(&self) -> bool {
        self.polling.load(Ordering::Relaxed)
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

    fn poll_follow(&self) {
        self.polling.store(true, Ordering::Relaxed);
        let (watch, polling, tx) = (self.watch.clone(), self.polling.clone(), self.tx.clone());
        tokio::task::spawn_blocking(move || {
            let updates = watch
                .lock()
                .ok()
                .and_then(|mut w| w.as_mut().map(Watch::poll))
                .unwrap_or_default();
            polling.store(false, Ordering::Relaxed);
            if !updates.is_empty() {
                let _ = tx.send(WorkerMsg::Live(updates));
            }
        });
    }
}
