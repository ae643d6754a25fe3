//! The command line: argument parsing and the headless commands (`report`, `decode`, `demo`,
//! `generate`). The explorer itself lives in [`crate::tui`].

mod demo;
mod options;
mod run;

pub use demo::DemoFiles;
pub use options::{Cli, Command, Format};
pub use run::main_with;
