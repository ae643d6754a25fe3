//! Extended Protection findings read as an Exchange admin reads them, on the diag21 stories
//! (`tests/fixtures/diag21/README.md`): two Hybrid Agent hosts, and an agent failure a later
//! run got past.

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn fixture(name: &str) -> Analysis {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diag21")
        .join(name);
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load fixture")
}

fn ids(a: &Analysis) -> Vec<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

fn find<'a>(a: &'a Analysis, id: &str) -> &'a Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(a)))
}

#[test]
fn two_agent_hosts_failing_only_on_mrsproxy_are_not_read_as_tls_offload() {
    let a = fixture("two-agents-iis");
    assert!(
        !ids(&a).iter().any(|i| i == "ep-tls-offload"),
        "mrsproxy-only failures from two addresses are the Hybrid Agent pattern too: {:?}",
        a.findings
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
    );
    let f = find(&a, "ep-hybrid-agent");
    assert!(f.title.contains("10.30.5.40 and 10.30.5.41"), "{}", f.title);
    assert!(
        !f.explanation.contains("single address"),
        "{}",
        f.explanation
    );
}

#[test]
fn two_agent_hosts_with_the_failed_call_are_one_agent_finding() {
    let a = fixture("two-agents");
    let f = find(&a, "ep-hybrid-agent");
    assert!(f.explanation.contains("10.30.5.40 and 10.30.5.41"));
    assert!(
        !ids(&a).iter().any(|i| i == "ep-tls-offload"),
        "{:?}",
        ids(&a)
    );
}
