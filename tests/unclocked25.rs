//! An HCW log whose header has its Process Info table but no clock in it (a zone name hcwlens
//! does not map, no `Date Time Offset` row) is read as UTC; the report says so without
//! claiming the header is missing.

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

#[test]
fn a_header_without_a_clock_is_not_said_missing() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/unseen25/dst-spring-half/hcw/20261004_015010.log");
    let text = std::fs::read_to_string(&src).expect("fixture");
    assert!(text.contains("Process Info") && text.contains("Date Time Offset"));
    let text: String = text
        .replace(
            "Cen. Australia Standard Time",
            "Heure normale d’Australie centrale",
        )
        .split_inclusive('\n')
        .filter(|l| !l.contains("Date Time Offset"))
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let log = tmp.path().join("20261004_015010.log");
    std::fs::write(&log, text).expect("write");
    let a = load(&[log], &LoadOptions::default(), &NoProgress).expect("load");
    let report = hcwlens::report::text::render(&a);
    let line = report
        .lines()
        .find(|l| l.contains("no clock"))
        .expect("the unclocked sentence");
    assert!(!line.contains("no Process Info header"), "{line}");
    assert!(
        line.contains(
            "20261004_015010.log names no clock (no zone hcwlens knows, no Date Time Offset): \
             read as UTC"
        ),
        "{line}"
    );
}
