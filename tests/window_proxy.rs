//! The time window covers Exchange HttpProxy logs too: a file wholly outside it is skipped
//! from its two ends (not read), and rows of a read file outside it are dropped, as IIS rows
//! are.

use crate::fixtures;

use fixtures::copy_dir;
use hcwlens::pipeline::window::{Window, WindowMode};
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::UtcMs;
use std::path::Path;

fn at(h: u32, mi: u32) -> UtcMs {
    UtcMs::from_civil(2024, 11, 5, h, mi, 0, 0).expect("civil")
}

#[test]
fn httpproxy_files_and_rows_outside_the_window_are_left_out() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/httpproxy/front-end-view");
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&fixture, dir.path());
    let ews = dir.path().join("EX01/HttpProxy/Ews");
    let hour13 = std::fs::read_to_string(ews.join("HttpProxy_2024110513-1.LOG")).expect("read");
    let evening = hour13.replace("2024-11-05T13:", "2024-11-05T20:");
    let late = ews.join("HttpProxy_2024110520-1.LOG");
    std::fs::write(&late, evening).expect("write");

    let w = Window {
        since: Some(at(13, 0)),
        until: Some(at(13, 24)),
    };
    let opts = LoadOptions {
        index: true,
        window: WindowMode::Given(w),
        ..LoadOptions::default()
    };
    let a = load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    let report = a.window.as_ref().expect("window");
    assert!(
        report
            .skipped
            .iter()
            .any(|p| p.ends_with("HttpProxy_2024110520-1.LOG")),
        "the evening file is skipped: {:?}",
        report.skipped
    );
    assert!(
        !a.sources
            .iter()
            .any(|s| s.path.ends_with("HttpProxy_2024110520-1.LOG")),
        "and not loaded"
    );
    assert!(!a.proxy.is_empty(), "the 13:00 file is read");
    assert!(
        a.proxy.iter().all(|r| w.contains(r.ts)),
        "rows outside the window: {:?}",
        a.proxy.iter().map(|r| r.ts.rfc3339()).collect::<Vec<_>>()
    );
    assert!(
        report.requests_outside > 0,
        "the 13:25 rows are counted out"
    );
}
