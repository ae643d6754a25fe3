//! A call whose log ends inside a long error text: where a finding quotes that text shortened,
//! it still says the log ends there (helper hcw23).

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

const CUT: &str = "[cut: the log ends here]";

/// The test call timed out and the copy ends inside its ErrorDetail, several hundred characters
/// in; IIS on EX01 logged no mrsproxy request then. `mrs-unreachable` quotes the error text
/// shortened (`…`): the marker that the log ends inside it stays.
#[test]
fn a_shortened_error_text_the_log_ends_inside_keeps_its_cut_marker() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw23/cut-in-long-error");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let error = a.cmdlets[0].error.as_deref().unwrap_or("");
    assert!(
        error.chars().count() > 600 && error.ends_with(CUT),
        "{error}"
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-unreachable")
        .unwrap_or_else(|| panic!("{:?}", a.findings));
    let quoted = f
        .explanation
        .split('"')
        .nth(1)
        .unwrap_or_else(|| panic!("{}", f.explanation));
    assert!(
        quoted.contains('…') && quoted.ends_with(&format!("… {CUT}")),
        "{quoted}"
    );
    assert!(quoted.chars().count() <= 300 + CUT.len() + 2, "{quoted}");
}
