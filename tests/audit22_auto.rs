//! `--auto` without an HCW log loads "the last day of the logs". The handshakes are in the IIS
//! logs, so that day is the last day the IIS logs cover: an HTTP.sys error log, which rolls by
//! size and whose last line is often a later `Timer_ConnectionIdle`, must not choose a day
//! without any IIS log and leave every IIS log out.
//!
//! Fixture `tests/fixtures/audit22/auto-no-hcw/`: a copied server tree with IIS logs of
//! 2024-11-03, -04 and -05 (a failed mrsproxy handshake each day) and an HTTPERR log whose lines
//! run from 2024-11-01 to 2024-11-09.

use hcwlens::discover::{self, Layout};
use std::path::PathBuf;

fn tree() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit22/auto-no-hcw")
}

#[test]
fn without_an_hcw_log_the_last_day_of_the_iis_logs_is_loaded() {
    let sel = discover::select(&discover::discover(&Layout::tree(&tree())));
    let names: Vec<String> = sel
        .load
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"u_ex241105.log".to_string()),
        "the last IIS day left out: {names:?} ({})",
        sel.summary
    );
    assert!(!names.contains(&"u_ex241103.log".to_string()), "{names:?}");
    assert!(
        sel.summary.contains("outside 2024-11-05"),
        "{}",
        sel.summary
    );
}
