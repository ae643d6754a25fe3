//! `hcwlens export PATHS --format jsonl [--out FILE]`: the JSON Lines stream for a SIEM,
//! written to standard output or a file, within the report's time window (`--since`,
//! `--until`, `--all`, by default the HCW runs' span ± 1 h (first start to last end) when the IIS logs span more than a day;
//! an active window is said on standard error). Exit status 0 when written (a closed pipe, as
//! with `| head`, is not an error), 2 for unreadable input, a bad window or an output that
//! cannot be written.

use super::options::{ClockArgs, WindowArgs};
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines: one object per request, HCW call and finding (Elastic Common Schema names).
    Jsonl,
}

fn fail(msg: &str) -> i32 {
    let _ = writeln!(std::io::stderr(), "hcwlens: {msg}");
    2
}

/// Runs the export and returns the exit status.
pub fn run(
    paths: &[PathBuf],
    format: ExportFormat,
    out: Option<&Path>,
    clock: &ClockArgs,
    window: &WindowArgs,
) -> i32 {
    let ExportFormat::Jsonl = format;
    let mut opts = clock.load_options(false);
    opts.window = match window.mode() {
        Ok(m) => m,
        Err(e) => return fail(&e),
    };
    let summary = match out {
        Some(path) => {
            let file = match std::fs::File::create(path) {
                Ok(f) => f,
                Err(e) => return fail(&format!("{}: cannot write: {e}", path.display())),
            };
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            crate::export::jsonl::export(paths, &opts, &mut w)
        }
        None => {
            let mut w = std::io::stdout().lock();
            crate::export::jsonl::export(paths, &opts, &mut w)
        }
    };
    match summary {
        Ok(s) => {
            for k in &s.skipped {
                let _ = writeln!(
                    std::io::stderr(),
                    "hcwlens: skipped {}: {}",
                    crate::escape::escape_control(&k.path.display().to_string()),
                    crate::escape::escape_control(&k.reason)
                );
            }
            if let Some(w) = &s.window {
                let _ = writeln!(std::io::stderr(), "hcwlens: {}", w.summary());
            }
            match s.write_error {
                None => 0,
                Some((std::io::ErrorKind::BrokenPipe, _)) => 0,
                Some((_, e)) => fail(&format!("cannot write the export: {e}")),
            }
        }
        Err(e) => fail(&e.to_string()),
    }
}
