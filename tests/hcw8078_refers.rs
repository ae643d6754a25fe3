//! HCW8078 beside the finding that names its cause: the warning repeats the failed migration
//! endpoint test, so `hcw-HCW8078` points at that finding instead of saying "the real cause is
//! in the IIS logs" (wrong for a cause the IIS logs cannot show: the MRS proxy off before
//! Autodiscover found it, a name that does not resolve). Where no finding cites the same
//! failed call (an error hcwlens does not recognise, or IIS findings not tied to the call
//! because the HCW clock is off), the generic text stays.

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

const GENERIC: &str = "the real cause is in the IIS logs";

fn hcw8078(dir: &str) -> Finding {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    a.findings
        .into_iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078")
}

#[test]
fn hcw8078_points_at_the_diagnosis_of_the_same_failed_call() {
    for (dir, id) in [
        ("tests/fixtures/catalogue/no-mrsproxy", "hcw-no-mrsproxy"),
        (
            "tests/fixtures/scenarios/ep-hybrid-agent",
            "ep-hybrid-agent",
        ),
    ] {
        let f = hcw8078(dir);
        assert!(!f.explanation.contains(GENERIC), "{dir}: {}", f.explanation);
        assert!(
            f.explanation.contains(&format!("{id} names this one's")),
            "{dir}: {}",
            f.explanation
        );
        assert_eq!(
            f.remedy,
            format!("Follow {id}: it names the cause."),
            "{dir}"
        );
    }
}

#[test]
fn without_a_diagnosis_of_that_call_hcw8078_keeps_its_generic_text() {
    for dir in [
        "tests/fixtures/refusals/unrecognised-8078",
        "tests/fixtures/scenarios/hcw-clock-skew",
    ] {
        let f = hcw8078(dir);
        assert!(f.explanation.contains(GENERIC), "{dir}: {}", f.explanation);
        assert!(f.remedy.starts_with("See the other findings"), "{dir}");
    }
}
