//! A `.boot` belongs to the run of its stamp (`YYYYMMDD_HHMMSS`, the run's start), whether that
//! run is its own `.log` or appended in another (helper runs22b).

use hcwlens::analyze::overview::runs::{RunOutcome, runs};
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

/// `20261105_091203.log` holds run 1 (failed) and run 2 (appended, started 10:30:01 by its Boot
/// Configuration, passed); the `.boot` of each was loaded beside it. Two runs, each with its
/// `.boot`, not a third "incomplete" run made of run 2's `.boot` alone.
#[test]
fn the_boot_of_an_appended_run_joins_that_run() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/runs22b/boot-of-appended-run");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let r = runs(&a, &|_| 0);
    let said: Vec<(String, String, usize)> = r
        .iter()
        .map(|r| (r.name.clone(), r.outcome_words(), r.sources.len()))
        .collect();
    assert_eq!(r.len(), 2, "{said:?}");
    assert_eq!(r[0].outcome, RunOutcome::Failed, "{said:?}");
    assert_eq!(r[1].outcome, RunOutcome::Succeeded, "{said:?}");
    let boot = |name: &str| {
        a.sources
            .iter()
            .find(|s| s.path.file_name().is_some_and(|f| f == name))
            .map(|s| s.id)
            .expect(name)
    };
    assert!(
        r[0].sources.contains(&boot("20261105_091203.boot")),
        "{said:?}"
    );
    assert!(
        r[1].sources.contains(&boot("20261105_103001.boot")),
        "{said:?}"
    );
    assert!(
        !r[0].sources.contains(&boot("20261105_103001.boot")),
        "{said:?}"
    );
    // Run 2's span starts with its bootstrapper, as run 1's does.
    assert_eq!(r[1].start.rfc3339(), "2026-11-05T10:30:01.514Z", "{said:?}");
    assert!(r[1].holds(boot("20261105_103001.boot"), 1));
}
