//! The text report keeps only what it prints (`LoadOptions::listed`): abandoned handshakes
//! are parked without their strings and only those a finding or the cross-server join may read,
//! or the first listed, are built. Its text and Markdown must stay byte for byte what a load
//! that keeps every handshake writes, on every scenario and on generated multi-server traffic
//! where the load balancer splits legs over servers.

use hcwlens::generate::{GenOptions, generate_tree};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::report::{self, LISTED_HANDSHAKES};
use std::path::{Path, PathBuf};

fn analyse(paths: &[PathBuf], listed: Option<usize>) -> Analysis {
    let opts = LoadOptions {
        listed,
        ..LoadOptions::default()
    };
    load(paths, &opts, &NoProgress).expect("load")
}

/// Text and Markdown of both loads are equal; returns (kept, not kept) of the lean load.
fn same_reports(paths: &[PathBuf]) -> (usize, u64) {
    let full = analyse(paths, None);
    let lean = analyse(paths, Some(LISTED_HANDSHAKES));
    assert_eq!(full.handshakes_unkept, 0);
    assert_eq!(
        report::text::render(&lean),
        report::text::render(&full),
        "text report of {paths:?}"
    );
    assert_eq!(
        report::markdown::render(&lean),
        report::markdown::render(&full),
        "Markdown report of {paths:?}"
    );
    assert_eq!(
        lean.handshakes.len() as u64 + lean.handshakes_unkept,
        full.handshakes.len() as u64,
        "every handshake is kept or counted"
    );
    (lean.handshakes.len(), lean.handshakes_unkept)
}

#[test]
fn generated_four_servers_report_the_same_while_keeping_less() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 3,
        bytes: 24 << 20,
        servers: 4,
        days: 1,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let (kept, unkept) = same_reports(&[dir.path().to_path_buf()]);
    assert!(
        kept > LISTED_HANDSHAKES,
        "failures and their challenges are kept"
    );
    assert!(
        unkept > kept as u64,
        "most abandoned handshakes are only counted: {kept} kept, {unkept} not"
    );
}

#[test]
fn every_scenario_reports_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let mut n = 0;
    for e in std::fs::read_dir(&root).expect("scenarios") {
        let path = e.expect("entry").path();
        if path.is_dir() {
            same_reports(&[path]);
            n += 1;
        }
    }
    assert!(n >= 5, "{n} scenarios");
}
