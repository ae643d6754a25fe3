//! The report passes over lines that no sink wants (decided from a hint the parser threads work
//! out) without building their records; the explorer load (`index`) sees every line. Both must
//! find the same handshakes, counts, MRS requests and time spans on realistic traffic that
//! spans many parse blocks.

use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::generate::{GenOptions, generate_tree};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;

fn analyse(dir: &std::path::Path, index: bool) -> Analysis {
    let opts = LoadOptions {
        index,
        ..LoadOptions::default()
    };
    load(&[dir.to_path_buf()], &opts, &NoProgress).expect("load")
}

#[test]
fn skipping_unwanted_lines_changes_no_result() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed: 7,
        bytes: 12 * 1024 * 1024,
        servers: 2,
        days: 1,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let report = analyse(dir.path(), false);
    let full = analyse(dir.path(), true);

    assert!(
        report
            .handshake_summary
            .iter()
            .map(|c| c.count)
            .sum::<u64>()
            > 1000
    );
    assert_eq!(report.handshake_summary, full.handshake_summary);

    let kept: Vec<_> = full
        .handshakes
        .iter()
        .filter(|h| h.outcome != HandshakeOutcome::Success)
        .collect();
    assert!(kept.len() > 10, "the workload has failures");
    assert_eq!(report.handshakes.iter().collect::<Vec<_>>(), kept);

    assert!(!report.mrs.is_empty());
    assert_eq!(report.mrs, full.mrs);
    let spans = |a: &Analysis| a.sources.iter().map(|s| s.span).collect::<Vec<_>>();
    assert_eq!(spans(&report), spans(&full));
    let lines = |a: &Analysis| a.sources.iter().map(|s| s.stats.lines).collect::<Vec<_>>();
    assert_eq!(lines(&report), lines(&full));
}
