//! A log that ends inside a call's ErrorDetail, before its `Result=`: the call's outcome is
//! unknown, and where its error text is shown it says the log ends there (helper runs22b).

use hcwlens::analyze::cmdlet::{CmdletOutcome, log_ends_in};
use hcwlens::analyze::overview::runs::{RunOutcome, runs};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn load_fixture(dir: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/runs22b")
        .join(dir);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load")
}

/// The copy ends at `… returned an error: (4`: the ErrorDetail was being written, its
/// `Result=` never was. Not "failed (its result says Failed)": no result in the log.
#[test]
fn a_call_whose_log_ends_inside_its_error_detail_has_no_result() {
    let a = load_fixture("cut-in-error-detail");
    let call = &a.cmdlets[0];
    let error = call.error.as_deref().unwrap_or("");
    assert_eq!(call.outcome, CmdletOutcome::Error, "{error}");
    assert!(log_ends_in(call), "{error}");
    assert_eq!(
        error,
        "the log ends inside this call's ErrorDetail, before its Result=: \
         no Result= logged, outcome unknown"
    );
    let r = runs(&a, &|_| 0);
    assert_eq!(r[0].outcome, RunOutcome::Incomplete, "{:?}", r[0]);
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("its result says Failed"), "{text}");
    assert!(
        text.contains("the log ends inside this call's ErrorDetail"),
        "{text}"
    );
}
