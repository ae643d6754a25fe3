//! The explorer: what the Exchange admin sees on an RDP console or over SSH.
//!
//! Data moves one way (the Elm architecture):
//!
//! ```text
//! terminal / worker ─► Msg ─► keymap ─► Action ─► update(&mut Model) ─► Vec<Effect>
//!                                                        │                   │
//!                              view(&Model, &mut Frame) ◄┘      app loop runs them (workers)
//! ```
//!
//! - [`model`]: all state; [`update`]: the only place it changes (pure, tested without a
//!   terminal); [`view`]: draws it; [`keymap`]: keys as data (`keymap.toml`), also feeding help
//!   and the status hints; [`app`]: the loop with render coalescing, filter debounce, the
//!   clipboard and the follow tick; [`worker`]: loading, search, filter scans and re-merges;
//!   [`live`]: following growing logs; [`terminal`]: enter/restore and the panic hook.
//! - Filters narrow a pane in one place ([`model::filter`], positions in `model/position.rs`);
//!   scans report which rows matched, never positions, so re-merges and appended rows keep
//!   the view right. Marks and copies name things, not positions ([`model::marks`]); the text
//!   comes from [`crate::export`], the path used from [`clipboard`].
//! - Windows console rules: key presses only ([`msg`]), 16 named colours and plain box drawing
//!   ([`view::theme`]), no mouse capture, `NO_COLOR` honoured.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod decode;
pub mod effect;
pub mod error;
pub mod keymap;
pub mod layout;
pub mod live;
pub mod local_zone;
pub mod model;
pub mod msg;
pub mod notes_file;
pub mod terminal;
pub mod ticket;
pub mod update;
pub mod view;
pub mod worker;

use crate::pipeline::LoadOptions;
use error::ShellError;
use keymap::Keymap;
use model::Settings;
use std::path::PathBuf;

/// Opens the explorer on `paths` (files or folders) and runs until the user quits.
///
/// Loading runs in the background; the screen answers keys meanwhile. Returns the process exit
/// code (0, or 1 when the logs could not be loaded); `Err` when the terminal cannot be used.
pub fn run(
    paths: Vec<PathBuf>,
    load: LoadOptions,
    title: String,
    notes_dir: Option<PathBuf>,
) -> Result<i32, ShellError> {
    run_annotated(paths, load, title, notes_dir, std::sync::Arc::new(|_| {}))
}

/// [`run`], with `annotate` applied to every load's analysis (`--auto` adds what it found):
/// the same load as for paths, so the explorer follows the logs and `T` widens the window.
pub fn run_annotated(
    paths: Vec<PathBuf>,
    load: LoadOptions,
    title: String,
    notes_dir: Option<PathBuf>,
    annotate: worker::Annotate,
) -> Result<i32, ShellError> {
    let reloader: app::Reloader = {
        let (paths, load, annotate) = (paths.clone(), load.clone(), annotate.clone());
        Box::new(move |window| {
            let opts = LoadOptions {
                window,
                ..load.clone()
            };
            worker::annotated_loader(paths.clone(), opts, annotate.clone())
        })
    };
    start(
        worker::annotated_loader(paths, load, annotate),
        Some(reloader),
        title,
        notes_dir,
    )
}

/// Opens the explorer on whatever `loader` produces (the pipeline, or prepared data). Notes
/// (`w`, `W`) go to `notes_dir`, else to the user's documents folder.
pub fn run_with(
    loader: worker::Loader,
    title: String,
    notes_dir: Option<PathBuf>,
) -> Result<i32, ShellError> {
    start(loader, None, title, notes_dir)
}

fn start(
    loader: worker::Loader,
    reloader: Option<app::Reloader>,
    title: String,
    notes_dir: Option<PathBuf>,
) -> Result<i32, ShellError> {
    let mut settings = settings(title);
    settings.notes_dir = notes_dir.or_else(notes_file::default_dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(ShellError::Runtime)?;
    let result = {
        let mut session = terminal::Session::enter()?;
        runtime.block_on(app::run(&mut session.terminal, settings, loader, reloader))
    };
    runtime.shutdown_background();
    result
}

/// Where the user's keymap is read from: the per-user config folder, which on Windows is
/// `%APPDATA%\hcwlens\config\keymap.toml` (roaming, so it follows the admin between servers).
pub fn keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "hcwlens").map(|d| d.config_dir().join("keymap.toml"))
}

/// Settings from the environment: `NO_COLOR`, the local zone, the user keymap.
fn settings(title: String) -> Settings {
    let mut s = Settings::new(title);
    s.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    s.local_zone = local_zone::detect();
    let path = keymap_path();
    let user = path
        .as_ref()
        .and_then(|p| match std::fs::read_to_string(p) {
            Ok(text) => Some(Ok(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(Err(format!("{}: {e}", p.display()))),
        });
    let mut warnings = Vec::new();
    let text = match user {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            warnings.push(e);
            None
        }
        None => None,
    };
    let (keymap, w) = Keymap::load(text.as_deref());
    warnings.extend(w);
    s.keymap = keymap;
    s.keymap_path = path.map(|p| p.display().to_string());
    s.warnings = warnings;
    s
}
