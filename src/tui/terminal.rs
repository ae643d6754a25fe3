//! Entering and leaving the terminal's full-screen mode, on every exit path.
//!
//! The panic hook restores the terminal FIRST (so the message is readable and the shell is
//! usable), then says where to report the bug, then prints the panic as usual. [`Session`]
//! restores on drop, which covers errors and early returns. A panic on a worker thread does
//! not end the app: the hook keeps the screen, stores the message, and the worker reports it
//! as a note ([`take_worker_panic`]). Mouse capture stays off so the
//! Windows console keeps its own text selection. Only a process that entered full-screen mode
//! leaves it: [`restore`] writes nothing otherwise (`watch`, `report` and `export` share the
//! signal handling and must not end their output with escape codes).

use crate::tui::error::ShellError;
use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::thread::ThreadId;

static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();
static WORKER_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// Whether the terminal is in raw mode or on the alternate screen (or on its way there).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// The terminal in full-screen mode; restored when dropped.
pub struct Session {
    /// The ratatui terminal.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Session {
    /// Installs the panic hook, switches to raw mode and the alternate screen.
    pub fn enter() -> Result<Session, ShellError> {
        let _ = UI_THREAD.set(std::thread::current().id());
        install_panic_hook();
        ENTERED.store(true, Ordering::SeqCst);
        enable_raw_mode().map_err(ShellError::Terminal)?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, Hide) {
            restore();
            return Err(ShellError::Terminal(e));
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Session { terminal }),
            Err(e) => {
                restore();
                Err(ShellError::Terminal(e))
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves the alternate screen and raw mode, once, and only when [`Session::enter`] entered
/// them (safe to call more than once, and from any thread: a no-op otherwise).
pub fn restore() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
}

/// Where users should report a crash.
pub fn report_to() -> &'static str {
    match option_env!("CARGO_PKG_REPOSITORY") {
        Some(r) if !r.is_empty() => r,
        _ => "the hcwlens issue tracker (see README)",
    }
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ui = UI_THREAD
                .get()
                .is_none_or(|id| *id == std::thread::current().id());
            if !ui {
                if let Ok(mut slot) = WORKER_PANIC.lock() {
                    *slot = Some(info.to_string());
                }
                return;
            }
            restore();
            eprintln!(
                "\nhcwlens stopped because of a bug; your terminal has been restored.\n\
                 Please report it at {} with the message below (no log contents needed).\n",
                report_to()
            );
            previous(info);
        }));
    });
}

/// The message of the last panic on a worker thread, if any (taken once).
pub fn take_worker_panic() -> Option<String> {
    WORKER_PANIC.lock().ok().and_then(|mut s| s.take())
}
