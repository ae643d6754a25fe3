//! A failure a later run got past is fixed whether that run is its own file or appended after
//! the failing run in the same file, and the report cites the run that got past it so the
//! admin can tell which (helper runs22b).

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn load_fixture(dir: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/runs22b")
        .join(dir);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load")
}

fn finding<'a>(a: &'a Analysis, id: &str) -> &'a hcwlens::analyze::finding::Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("{id} in {:?}", a.findings))
}

/// Run 1 timed out, logged `*ERROR* 10165` and HCW8078; run 2, appended in the same file, got
/// past the test call and its Hybrid workflow passed without HCW8078: both findings are fixed,
/// by run 2 (its call at 10:31:10, its workflow's end at 10:31:38), not by run 1's own PASSED.
#[test]
fn an_hcw_code_and_an_error_of_run_one_are_fixed_by_run_two_of_the_same_file() {
    let a = load_fixture("fixed-in-same-file");
    let code = finding(&a, "hcw-HCW8078").fixed_by;
    let path = finding(&a, "hcw-network-path").fixed_by;
    assert_eq!(
        code.map(|x| (x.time.rfc3339(), x.line)),
        Some(("2026-11-05T10:31:38.705Z".to_string(), Some(57))),
        "{code:?}"
    );
    assert_eq!(
        path.map(|x| (x.time.rfc3339(), x.line)),
        Some(("2026-11-05T10:31:38.705Z".to_string(), Some(57))),
        "{path:?}"
    );
}

/// The report names the line of the run that got past it, not the file alone that both runs
/// share.
#[test]
fn the_report_cites_the_line_of_the_later_run_in_the_same_file() {
    let a = load_fixture("fixed-in-same-file");
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains(
            "Fixed by a later run: 20261105_091203.log:57 got past it at 2026-11-05 10:31:38 UTC"
        ),
        "{text}"
    );
}
