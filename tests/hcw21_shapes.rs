//! HCW log shapes from other locales, pasted excerpts and damaged copies that read wrong
//! before (helper hcw21). Each fixture under `tests/fixtures/hcw21/` names the shape it is
//! modelled on and where that shape is documented (`docs/log-formats.md` of the shared facts).

use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn load_fixture(dir: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hcw21")
        .join(dir);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load")
}

/// The msxfaq rendering of a failed Test-MigrationServerAvailability (facts §1.6: "the
/// `FINISH Time=5428,0ms Results=1 {ErrorDetail=…}` form that circulates from msxfaq is a
/// condensed rendering"): the object dump is on the FINISH line, unquoted, complete with its
/// closing brace, and carries no `Result=`. Its ErrorDetail says the call failed.
#[test]
fn a_condensed_finish_with_an_error_detail_is_a_failed_call() {
    let a = load_fixture("condensed");
    assert_eq!(a.cmdlets.len(), 1, "{:?}", a.cmdlets);
    let call = &a.cmdlets[0];
    assert_eq!(call.name, "Test-MigrationServerAvailability");
    assert_eq!(call.duration_ms, Some(5428.0));
    assert_eq!(call.outcome, CmdletOutcome::Failed, "{call:?}");
    let error = call.error.as_deref().unwrap_or("");
    assert!(
        error.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException")
            && error.ends_with("(401) Unauthorized."),
        "{error}"
    );
    assert!(
        a.findings
            .iter()
            .any(|f| f.id.to_string() == "hcw-unauthorized"),
        "{:?}",
        a.findings
            .iter()
            .map(|f| f.id.to_string())
            .collect::<Vec<_>>()
    );
}
