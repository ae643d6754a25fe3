//! Ending by signal: the terminal closing (SIGHUP), `kill` (SIGTERM), Ctrl-C outside raw mode;
//! on Windows Ctrl-Break and the console window closing, logoff or shutdown. Without this the
//! process would die on the spot, leaving the demo's temporary folder behind and, for SIGTERM,
//! the terminal in raw mode. A watcher thread waits for the signal, runs the cleanup, restores
//! the terminal if the explorer had taken it over (nothing is written otherwise), takes the
//! standard output lock so that a line printed whole under it (each `watch` line) is not cut in
//! half, and exits with 128 + the signal number (Unix) or 1 (Windows).

/// Watches for termination signals for the rest of the process; `cleanup` runs before exit.
/// The handlers are installed before this returns, so no signal slips through afterwards.
pub fn on_termination(cleanup: impl FnOnce() + Send + 'static) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let watched = {
        let _inside = rt.enter();
        Signals::install()
    };
    let Some(mut signals) = watched else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("hcwlens-signals".into())
        .spawn(move || {
            let code = rt.block_on(signals.next());
            cleanup();
            crate::tui::terminal::restore();
            // Waits for a line being printed to be complete and keeps other threads from starting
            // another: the exit (which flushes what is buffered) happens under the lock. A
            // writer blocked on a full pipe delays the exit until its reader reads or goes.
            let _stdout = std::io::stdout().lock();
            std::process::exit(code);
        });
    // Without the watcher the app still runs; only the cleanup on a signal is lost.
    drop(spawned);
}

#[cfg(unix)]
struct Signals([tokio::signal::unix::Signal; 3]);

#[cfg(unix)]
impl Signals {
    fn install() -> Option<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Some(Signals([
            signal(SignalKind::hangup()).ok()?,
            signal(SignalKind::terminate()).ok()?,
            signal(SignalKind::interrupt()).ok()?,
        ]))
    }

    /// Waits for the first signal; its exit status.
    async fn next(&mut self) -> i32 {
        let [hup, term, int] = &mut self.0;
        tokio::select! {
            _ = hup.recv() => 128 + 1,
            _ = term.recv() => 128 + 15,
            _ = int.recv() => 128 + 2,
        }
    }
}

#[cfg(windows)]
struct Signals {
    close: tokio::signal::windows::CtrlClose,
    brk: tokio::signal::windows::CtrlBreak,
    c: tokio::signal::windows::CtrlC,
    logoff: tokio::signal::windows::CtrlLogoff,
    shutdown: tokio::signal::windows::CtrlShutdown,
}

#[cfg(windows)]
impl Signals {
    fn install() -> Option<Signals> {
        use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close, ctrl_logoff, ctrl_shutdown};
        Some(Signals {
            close: ctrl_close().ok()?,
            brk: ctrl_break().ok()?,
            c: ctrl_c().ok()?,
            logoff: ctrl_logoff().ok()?,
            shutdown: ctrl_shutdown().ok()?,
        })
    }

    /// Waits for the console to close, log off, shut down, or Ctrl-Break / Ctrl-C outside raw
    /// mode; the exit status.
    async fn next(&mut self) -> i32 {
        tokio::select! {
            _ = self.close.recv() => 1,
            _ = self.brk.recv() => 1,
            _ = self.c.recv() => 1,
            _ = self.logoff.recv() => 1,
            _ = self.shutdown.recv() => 1,
        }
    }
}

#[cfg(not(any(unix, windows)))]
struct Signals;

#[cfg(not(any(unix, windows)))]
impl Signals {
    fn install() -> Option<Signals> {
        None
    }

    async fn next(&mut self) -> i32 {
        1
    }
}
