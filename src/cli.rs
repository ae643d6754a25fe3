//! The command line: argument parsing and the headless commands (`report`, `export`, `decode`, `demo`,
//! `generate`, `completions`). The explorer itself lives in [`crate::tui`].

mod demo;
mod export;
mod options;
mod run;
mod signals;
mod suggest;

pub use demo::DemoFiles;
pub use options::{Cli, ClockArgs, Command, Format};
pub use run::main_with;
