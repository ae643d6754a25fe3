//! The command line: argument parsing and the headless commands (`report`, `export`, `watch`,
//! `decode`, `demo`, `generate`, `completions`). The explorer itself lives in [`crate::tui`].

mod auto;
mod demo;
mod explorer_load;
mod export;
mod options;
mod print;
mod run;
mod signals;
mod suggest;
mod watch;

pub use demo::DemoFiles;
pub use options::{Cli, ClockArgs, Command, Format, WindowArgs};
pub use run::main_with;
