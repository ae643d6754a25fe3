//! `S` in the explorer applies the suggested HCW clock skew to the logs it is about: when the
//! suggestion names a machine (runs of several machines loaded), only that machine's logs move.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::source::{SourceId, SourceKind};
use hcwlens::tui::model::Model;
use std::path::PathBuf;

const CASE: &str = "tests/fixtures/hcw23/skew-two-machines";

fn hcw_sources(m: &Model) -> Vec<(String, SourceId)> {
    m.data
        .analysis
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .map(|s| {
            (
                s.path
                    .file_name()
                    .expect("test I/O")
                    .to_string_lossy()
                    .into_owned(),
                s.id,
            )
        })
        .collect()
}

fn note(m: &Model) -> String {
    m.note.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

/// The case with its HCW log cut into two logs, one per run (EX01's, then EX02's).
fn runs_in_two_logs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let case = explorer::repo(CASE);
    let text = std::fs::read_to_string(case.join("20261105_142008.log")).expect("log");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Run 2 begins with its own "Current Time Zone" line 1.
    let second = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.contains("Current Time Zone"))
        .map(|(i, _)| i)
        .expect("a second run");
    std::fs::write(
        dir.path().join("20261105_142008.log"),
        lines[..second].concat(),
    )
    .expect("test I/O");
    std::fs::write(
        dir.path().join("20261105_154102.log"),
        lines[second..].concat(),
    )
    .expect("test I/O");
    fixtures::copy_dir(&case.join("CAS1"), &dir.path().join("CAS1"));
    dir
}

#[test]
fn a_skew_of_one_machine_moves_only_that_machine_s_hcw_log() {
    let dir = runs_in_two_logs();
    let mut m = explorer::loaded(&[PathBuf::from(dir.path())], (120, 32));
    let skew = m.data.analysis.skew.clone().expect("a suggestion");
    assert_eq!(
        (skew.offset_ms, skew.machine.as_deref()),
        (95_000, Some("EX02"))
    );
    scenario::press(&mut m, &["S"]);
    let offsets: Vec<(String, i64)> = hcw_sources(&m)
        .into_iter()
        .map(|(n, id)| (n, m.clock.offset(id)))
        .collect();
    assert_eq!(
        offsets,
        [
            ("20261105_142008.log".to_string(), 0),
            ("20261105_154102.log".to_string(), 95_000)
        ],
        "{}",
        note(&m)
    );
    assert!(
        note(&m).contains("HCW clock of EX02 shifted by +1 min 35 s"),
        "{}",
        note(&m)
    );
}

#[test]
fn a_log_holding_another_machine_s_runs_too_is_left_and_the_note_says_how_to_apply_it() {
    let mut m = explorer::loaded(&[explorer::repo(CASE)], (120, 32));
    scenario::press(&mut m, &["S"]);
    let offsets: Vec<i64> = hcw_sources(&m)
        .into_iter()
        .map(|(_, id)| m.clock.offset(id))
        .collect();
    assert_eq!(offsets, [0], "{}", note(&m));
    let said = note(&m);
    assert!(
        said.contains("also holds another machine's runs: not shifted"),
        "{said}"
    );
    assert!(said.contains("--skew EX02=+95s"), "{said}");
}
