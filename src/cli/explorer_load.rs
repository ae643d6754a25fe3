//! `report --explorer-load`: the explorer's whole load without a terminal, timed (what the
//! benchmarks measure as the explorer's load).

use super::run::fail;
use crate::pipeline;
use crate::progress::NoProgress;
use std::io::Write;
use std::path::PathBuf;

/// The explorer's whole load (pipeline with index, lookups, merged timeline) without a terminal:
/// prints the rows indexed and the seconds until the explorer would be ready.
pub(super) fn explorer_load_only(paths: &[PathBuf], mut opts: pipeline::LoadOptions) -> i32 {
    // What the explorer loads: the index and every handshake (the text report's listing
    // would park abandoned ones).
    opts.index = true;
    opts.listed = None;
    let start = std::time::Instant::now();
    match crate::tui::worker::load(paths, &opts, &NoProgress) {
        Ok(loaded) => {
            let secs = start.elapsed().as_secs_f64();
            let (data, timeline) = &*loaded;
            let requests = &data.analysis.requests;
            let rows: usize = requests.iter().map(|i| i.len()).sum();
            let index: usize = requests.iter().map(|i| i.heap_bytes()).sum();
            let _ = writeln!(
                std::io::stdout(),
                "explorer load: {rows} rows, index {:.1} MB, merged order {:.1} MB, \
                 {} handshakes, {secs:.3} s",
                index as f64 / 1e6,
                timeline.merged.heap_bytes() as f64 / 1e6,
                data.analysis.handshakes.len()
            );
            // The process ends next; freeing the loaded data piece by piece is wasted time.
            std::mem::forget(loaded);
            0
        }
        Err(e) => fail(&e.to_string()),
    }
}
