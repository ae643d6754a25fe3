//! What the Hybrid Agent's host got on the MRS proxy after the last Extended Protection
//! rejection (`tests/fixtures/ep25/make.py`, `diag21/ep-then-credentials`): accepted since by
//! the server that rejected it, the rejection is history; refused only for its credentials
//! since, the rejection is in doubt; rejected again, or accepted by another server only, it
//! stands.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::{Finding, Severity};
use hcwlens::pipeline::Analysis;

fn ep(a: &Analysis) -> &Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("ep-hybrid-agent")
}

#[test]
fn accepted_since_by_the_rejecting_server_is_said_in_the_past() {
    let a = analyse("ep25/accepted-since");
    let f = ep(&a);
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.title.starts_with("Extended Protection rejected"),
        "{}",
        f.title
    );
    assert!(
        f.explanation.contains(
            "After the last rejection (2025-03-04 09:20:14 UTC) IIS on FBEX1 (named after the \
             log folder) accepted 3 mrsproxy requests from 10.30.5.40 (HTTP 2xx, the first at \
             2025-03-04 09:50:11 UTC): Extended Protection no longer rejects them there"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.remedy
            .starts_with("Nothing to change while these requests succeed"),
        "{}",
        f.remedy
    );
    // The first accepted request is cited after the rejected legs.
    let lines: Vec<u64> = f.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines.len(), 6 + 3, "{lines:?}");
}

#[test]
fn rejected_again_after_being_accepted_stands() {
    let a = analyse("ep25/accepted-then-again");
    let f = ep(&a);
    assert!(
        f.title.starts_with("Extended Protection rejects"),
        "{}",
        f.title
    );
    assert!(!f.explanation.contains("After the last rejection"));
    assert!(f.remedy.starts_with("Supported fix"), "{}", f.remedy);
}

#[test]
fn another_server_accepting_later_says_nothing_of_the_rejecting_one() {
    let a = analyse("ep25/accepted-elsewhere-later");
    let f = ep(&a);
    assert!(
        f.title.starts_with("Extended Protection rejects"),
        "{}",
        f.title
    );
    assert!(!f.explanation.contains("After the last rejection"));
}

#[test]
fn refused_for_the_credentials_since_leaves_the_rejection_in_doubt_below_them() {
    let a = analyse("diag21/ep-then-credentials");
    let f = ep(&a);
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.title
            .starts_with("Extended Protection blocked the Hybrid Agent"),
        "{}",
        f.title
    );
    assert!(
        f.explanation.contains(
            "After the last rejection (2025-02-18 09:20:13 UTC) no request from 10.30.5.40 was \
             rejected for its binding: 2 later mrsproxy handshakes (2025-02-18 09:50:11 UTC to \
             2025-02-18 09:50:13 UTC) ended in 2148074252 (0x8009030C SEC_E_LOGON_DENIED) \
             instead"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("does not prove"),
        "{}",
        f.explanation
    );
    assert!(
        f.remedy.starts_with("First fix the credentials"),
        "{}",
        f.remedy
    );
    // The open cause comes first.
    let ids: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    assert_eq!(
        ids,
        vec!["credentials-rejected", "ep-hybrid-agent", "hcw-HCW8078"]
    );
}
