//! A failed migration endpoint test whose error hcwlens does not recognise: HCW logs the
//! MRSProxy task's exception as `*ERROR* 10165` and then `WARNING 10026 … HCW8078` with the same
//! exception. The report leads with the specific `hcw-HCW8078`, citing both entries, and does
//! not repeat the exception as a generic `hcw-error-10165`; an unrelated uncoded `*ERROR*` of
//! the same run keeps its own finding.

use hcwlens::analyze::finding::Severity;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

#[test]
fn an_unrecognised_endpoint_failure_is_one_hcw8078_finding() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refusals/unrecognised-8078");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let ids: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    assert!(!ids.contains(&"hcw-error-10165".to_string()), "{ids:?}");
    // The same cause is quoted by one finding only.
    let quoting: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.explanation.contains("content type text/html"))
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(quoting.len(), 1, "{quoting:?}");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078");
    // HCW logged the failure as *ERROR*: the finding is an error, above the warnings.
    assert_eq!(f.severity, Severity::Error);
    let lines: Vec<u64> = f.evidence.iter().map(|e| e.line).collect();
    assert_eq!(
        lines,
        vec![27, 33],
        "the *ERROR* 10165 and the HCW8078 warning"
    );
    assert!(
        f.explanation
            .contains("*ERROR* 10165 (20250310_110012.log:27)"),
        "{}",
        f.explanation
    );
    // Another error of the run is not taken for the same failure.
    assert!(ids.contains(&"hcw-error-10296".to_string()), "{ids:?}");
}
