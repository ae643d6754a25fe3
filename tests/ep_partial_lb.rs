//! A load balancer spreads the Hybrid Agent's calls over two servers and only one of them
//! rejects the agent's channel binding (`tests/fixtures/diag21/partial-lb`): the finding says
//! which server accepted the same host meanwhile, so the admin changes the one that differs.

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

fn diag21(parts: &[&str]) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diag21");
    parts.iter().map(|p| root.join(Path::new(p))).collect()
}

fn agent_finding(a: &Analysis) -> &Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .unwrap_or_else(|| panic!("no ep-hybrid-agent: {:?}", a.findings))
}

#[test]
fn the_server_that_accepted_the_agent_meanwhile_is_named() {
    let a = load(
        &diag21(&["partial-lb"]),
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let f = agent_finding(&a);
    let said = &f.explanation;
    assert!(said.contains("IIS on FBEX2"), "{said}");
    assert!(said.contains("accepted"), "{said}");
    // The rejecting server is still the one the remedy is about.
    assert!(said.contains("IIS on FBEX1"), "{said}");
    // The accepted request is cited, so a ticket shows it beside the rejected legs.
    let cited = |folder: &str| {
        f.evidence.iter().any(|e| {
            a.sources
                .iter()
                .find(|s| s.id == e.source)
                .is_some_and(|s| s.path.components().any(|c| c.as_os_str() == folder))
        })
    };
    assert!(cited("FBEX2"), "{:?}", f.evidence);
    assert!(cited("FBEX1"), "{:?}", f.evidence);
}

#[test]
fn nothing_is_said_of_another_server_when_only_one_is_loaded() {
    let a = load(
        &diag21(&["partial-lb/FBEX1", "partial-lb/hcw"]),
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let said = &agent_finding(&a).explanation;
    assert!(!said.contains("FBEX2"), "{said}");
    assert!(!said.contains("accepted"), "{said}");
}
