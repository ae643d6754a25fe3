//! A log that ends inside a call's ErrorDetail, before its `Result=`: the call failed, as the
//! exception it logged says, and where its error text is shown it says the log ends there
//! (helper runs22b; the outcome kept as the hcw21 pass made it, so its diagnosis fires).

use hcwlens::analyze::cmdlet::CmdletOutcome;
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
/// `Result=` never was. Failed, with its text, and said cut.
#[test]
fn a_call_whose_log_ends_inside_its_error_detail_is_failed_and_said_cut() {
    let a = load_fixture("cut-in-error-detail");
    let call = &a.cmdlets[0];
    let error = call.error.as_deref().unwrap_or("");
    assert_eq!(call.outcome, CmdletOutcome::Failed, "{error}");
    assert!(error.ends_with("[cut: the log ends here]"), "{error}");
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("[cut: the log ends here]"), "{text}");
    // No Result= was logged: the outcome is not said to be read from one.
    assert!(!text.contains("its result says Failed"), "{text}");
    assert!(
        text.contains("failed (its output says so; the log ends inside its error text)"),
        "{text}"
    );
}
