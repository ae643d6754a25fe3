//! What reaches the app loop: terminal input, resizes, the loading tick and worker results.
//!
//! [`Msg::from_event`] is the one place terminal events enter; it keeps key presses only
//! (Windows consoles also report releases, which would make every key act twice).

use crate::tui::worker::WorkerMsg;
use crossterm::event::{Event, KeyEvent, KeyEventKind};

/// An input to the model.
#[derive(Debug)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// The terminal was resized to `(columns, rows)`.
    Resize(u16, u16),
    /// A slow tick while loading.
    Tick,
    /// Time to poll the followed logs (every ~1.5 s while following).
    Poll,
    /// A background job reported.
    Worker(WorkerMsg),
}

impl Msg {
    /// Converts a terminal event; ignores key releases and repeats, mouse and focus events.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            _ => None,
        }
    }
}
