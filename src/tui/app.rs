//! The loop: terminal events, worker messages and a slow tick (only while loading) feed
//! `update`; effects start workers or quit; the screen is redrawn only when something changed,
//! at most ~30 times a second (each frame costs bandwidth over RDP).

use crate::tui::effect::Effect;
use crate::tui::model::{Model, Settings};
use crate::tui::msg::Msg;
use crate::tui::update::handle;
use crate::tui::view::view;
use crate::tui::worker::{self, Loader, SearchJob, WorkerMsg};
use crossterm::event::EventStream;
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::time::{Instant, MissedTickBehavior};

const FRAME: Duration = Duration::from_millis(33);
const LOADING_TICK: Duration = Duration::from_millis(250);

/// Runs the app until the user quits; returns the exit code.
pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    settings: Settings,
    loader: Loader,
) -> Result<i32, String> {
    let size = terminal.size().map_err(|e| e.to_string())?;
    let mut model = Model::new(settings, (size.width, size.height));
    let (tx, mut rx) = unbounded_channel::<WorkerMsg>();
    let jobs = Jobs {
        tx: tx.clone(),
        cancel: Arc::new(AtomicBool::new(false)),
        latest_search: Arc::new(AtomicU64::new(0)),
    };
    worker::spawn_load(loader, tx, jobs.cancel.clone());
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(LOADING_TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut last_draw = Instant::now();
    let mut first = true;
    loop {
        let due = if first {
            Instant::now()
        } else {
            last_draw + FRAME
        };
        let effects = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(event)) => match Msg::from_event(event) {
                    Some(msg) => {
                        dirty = true;
                        handle(&mut model, msg)
                    }
                    None => Vec::new(),
                },
                Some(Err(e)) => return Err(format!("reading the terminal failed: {e}")),
                None => return Ok(0),
            },
            Some(msg) = rx.recv() => {
                dirty = true;
                handle(&mut model, Msg::Worker(msg))
            }
            _ = tick.tick(), if model.is_loading() => {
                dirty = true;
                handle(&mut model, Msg::Tick)
            }
            () = tokio::time::sleep_until(due), if dirty => {
                terminal
                    .draw(|frame| view(&model, frame))
                    .map_err(|e| format!("drawing failed: {e}"))?;
                last_draw = Instant::now();
                dirty = false;
                first = false;
                Vec::new()
            }
        };
        for effect in effects {
            if let Some(code) = jobs.run(&model, effect) {
                return Ok(code);
            }
        }
    }
}

struct Jobs {
    tx: UnboundedSender<WorkerMsg>,
    cancel: Arc<AtomicBool>,
    latest_search: Arc<AtomicU64>,
}

impl Jobs {
    /// Runs one effect; `Some(code)` means quit.
    fn run(&self, model: &Model, effect: Effect) -> Option<i32> {
        match effect {
            Effect::Quit(code) => {
                self.cancel.store(true, Ordering::Relaxed);
                self.latest_search.store(u64::MAX, Ordering::Relaxed);
                return Some(code);
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
        }
        None
    }
}
