//! The command line: argument parsing and the headless commands (`report`, `decode`, `demo`,
//! `generate`, `completions`). The explorer itself lives in [`crate::tui`].

mod demo;
mod options;
mod run;
mod signals;
mod suggest;

pub use demo::DemoFiles;
pub use options::{Cli, ClockArgs, Command, Format, WindowArgs};
pub use run::main_with;
