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

/// Pointing at the diagnosis, HCW8078 says its exception once, there: the code, the time and
/// the pointer, in the finding and in its ticket text, not the exception text again.
#[test]
fn hcw8078_that_points_at_a_diagnosis_does_not_repeat_its_exception() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue/no-mrsproxy");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078");
    let exception = "No MRSProxy was found running";
    assert!(!f.explanation.contains(exception), "{}", f.explanation);
    assert!(!f.explanation.contains("Exception"), "{}", f.explanation);
    let md =
        hcwlens::export::finding_markdown(f, &a.sources, &hcwlens::time::ZoneSpec::Fixed(0), &a);
    assert!(!md.contains(exception), "{md}");
    assert!(
        md.contains("HCW8078 Migration Endpoint could not be created."),
        "{md}"
    );
    assert!(md.contains("at 2025-03-15"), "{md}");
    assert!(md.contains("Follow hcw-no-mrsproxy"), "{md}");
    let text = hcwlens::report::text::render(&a);
    let own = text
        .split("hcw-HCW8078")
        .nth(1)
        .and_then(|s| s.split("\n\n\n").next())
        .unwrap_or_default();
    assert!(!own.is_empty() && !own.contains(exception), "{own}");
    let html = hcwlens::report::html::render(&a, false);
    let own = html
        .split("hcw-HCW8078 · ")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_default();
    assert!(
        own.contains("HCW8078 Migration Endpoint could not be created."),
        "{own}"
    );
    assert!(!own.contains(exception), "{own}");
    // The diagnosis itself still quotes it.
    let d = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-no-mrsproxy")
        .expect("hcw-no-mrsproxy");
    let md =
        hcwlens::export::finding_markdown(d, &a.sources, &hcwlens::time::ZoneSpec::Fixed(0), &a);
    assert!(md.contains(exception), "{md}");
}

#[test]
fn two_runs_failed_alike_are_named_as_two() {
    // Each run's warning repeats its own failed call, both of one cause: "names this one's,
    // from the same failed call" spoke of one warning where the finding cites two.
    let log = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/catalogue/no-mrsproxy/hcw/20250315_085812.log");
    let text = std::fs::read_to_string(log).expect("fixture");
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("20250315_085812.log"), &text).expect("write");
    // The rerun: the same failure, another log (a line feed more, so not a copy).
    std::fs::write(tmp.path().join("20250316_085812.log"), text + "\n").expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078");
    assert_eq!(f.evidence.len(), 2, "{f:#?}");
    assert!(
        f.explanation
            .contains("hcw-no-mrsproxy names their cause, from the same failed calls."),
        "{}",
        f.explanation
    );
    assert_eq!(f.remedy, "Follow hcw-no-mrsproxy: it names the cause.");
}

#[test]
fn hcw8078_that_points_at_a_diagnosis_cites_its_references_not_extended_protection() {
    // Pointing at "no MRS proxy was found", HCW8078 still cited the Extended Protection and
    // Hybrid Agent pages, as if either had a part in it.
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue/no-mrsproxy");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let find = |id: &str| {
        a.findings
            .iter()
            .find(|f| f.id.to_string() == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let (f, cause) = (find("hcw-HCW8078"), find("hcw-no-mrsproxy"));
    assert!(
        !f.references
            .iter()
            .any(|r| r.contains("ExchangeEPDoc") || r.contains("hybrid-agent")),
        "{:?}",
        f.references
    );
    for r in &cause.references {
        assert!(f.references.contains(r), "{r} not in {:?}", f.references);
    }
}
