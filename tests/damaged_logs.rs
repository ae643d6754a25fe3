//! Logs a crashed or torn writer left behind: zeroed blocks (NUL padding) in front of an entry,
//! lines cut off at the end. The entries are read, and quoted as evidence, without the damage.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::Path;

fn load_dir(dir: &Path) -> Analysis {
    load(&[dir.to_path_buf()], &LoadOptions::default(), &NoProgress).expect("load")
}

/// The German run of `tests/fixtures/hcw` with `bytes` inserted before line `line` (1-based).
fn hcw_with(line: usize, bytes: &[u8]) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/de-DE-utc+1.log");
    let text = std::fs::read(path).expect("fixture");
    let at = text
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map_or(0, |(i, _)| i + 1);
    let mut out = text[..at].to_vec();
    out.extend_from_slice(bytes);
    out.extend_from_slice(&text[at..]);
    out
}

#[test]
fn an_entry_behind_a_zeroed_block_is_quoted_without_it() {
    // The failing Test-MigrationServerAvailability starts at line 30: a crash zeroed 4 KiB in
    // front of it. The finding cites it, and its evidence is the entry as logged, not 4096
    // escaped NULs before it.
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("20241105_142155.log"),
        hcw_with(30, &[0u8; 4096]),
    )
    .expect("write");
    let a = load_dir(dir.path());
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("the 401 finding");
    let ev = f
        .evidence
        .iter()
        .find(|e| e.line == 30)
        .copied()
        .expect("the call cited");
    let text = hcwlens::export::evidence_text(&a, ev).expect("its text");
    assert!(
        text.starts_with("2024.11.05 14:23:13.397 ") && !text.contains('\0'),
        "{:?}",
        &text[..text.len().min(120)]
    );
    // Every other entry is still quoted from its own line.
    for e in &a.hcw {
        let quoted = hcwlens::export::evidence_text(
            &a,
            hcwlens::analyze::finding::Evidence {
                source: e.source,
                line: e.line,
            },
        )
        .expect("quoted");
        assert!(
            quoted.starts_with("2024.11.05 "),
            "line {}: {quoted:?}",
            e.line
        );
    }
}

#[test]
fn a_log_cut_in_its_last_stamp_says_it_was_cut_off() {
    // Loaded while the wizard was still writing (or a copy cut short): the last line stops in
    // its timestamp. It is the end of the log, not a malformed line.
    let dir = tempfile::tempdir().expect("tmp");
    let whole = hcw_with(2, b"");
    let at = whole
        .windows(24)
        .position(|w| w == b"\n2024.11.05 14:23:13.397")
        .expect("the call's line")
        + 1;
    std::fs::write(
        dir.path().join("20241105_142155.log"),
        &whole[..at + "2024.11.05 14:23:1".len()],
    )
    .expect("write");
    let a = load_dir(dir.path());
    let said: Vec<&str> = a.sources[0]
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("cut off: the last line ends without a line break"),
        "{said:?}"
    );
}
