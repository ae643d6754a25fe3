//! diag21 stories whose findings were read and found right (`tests/fixtures/diag21/README.md`):
//! they keep them right.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::pipeline::Analysis;

fn ids(a: &Analysis) -> Vec<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

fn said(a: &Analysis, id: &str) -> String {
    a.findings
        .iter()
        .filter(|f| f.id.to_string() == id)
        .map(|f| format!("{} {} {}", f.title, f.explanation, f.remedy))
        .collect()
}

#[test]
fn a_successful_run_beside_a_mac_client_failing_ep_is_no_hybrid_failure() {
    let a = analyse("diag21/users-only");
    assert_eq!(ids(&a), vec!["ep-tls-offload"]);
    let s = said(&a, "ep-tls-offload");
    assert!(
        s.contains("10.40.7.99") && !s.contains("Hybrid Agent"),
        "{s}"
    );
}

#[test]
fn classic_hybrid_behind_a_tls_ending_device_is_not_the_healthy_agent() {
    let a = analyse("diag21/classic-lb-agent");
    assert_eq!(ids(&a), vec!["ep-tls-offload", "hcw-HCW8078"]);
    let s = said(&a, "ep-tls-offload");
    assert!(s.contains("10.30.9.5") && !s.contains("10.30.5.40"), "{s}");
    assert!(said(&a, "hcw-HCW8078").contains("Follow ep-tls-offload"));
}

#[test]
fn the_agent_and_a_device_breaking_users_are_two_findings() {
    let a = analyse("diag21/agent-and-offload");
    let agent = said(&a, "ep-hybrid-agent");
    assert!(
        agent.contains("10.30.5.40") && !agent.contains("10.30.9."),
        "{agent}"
    );
    let device = said(&a, "ep-tls-offload");
    assert!(
        device.contains("10.30.9.5") && !device.contains("10.30.5.40"),
        "{device}"
    );
    assert!(said(&a, "hcw-HCW8078").contains("Follow ep-hybrid-agent: it names the cause."));
}

#[test]
fn each_run_s_warning_follows_its_own_cause() {
    let a = analyse("diag21/ep-then-credentials");
    let w = said(&a, "hcw-HCW8078");
    assert!(
        w.contains(
            "ep-hybrid-agent names the cause in 20250218_101902.log, credentials-rejected the one \
             in 20250218_104902.log"
        ),
        "{w}"
    );
    let cred = said(&a, "credentials-rejected");
    assert!(
        cred.contains("20250218_104902.log:11") && !cred.contains("101902"),
        "{cred}"
    );
}

#[test]
fn idle_connections_closed_by_http_sys_are_not_a_cause() {
    let a = analyse("diag21/ep-httperr-idle");
    assert_eq!(ids(&a), vec!["ep-hybrid-agent", "hcw-HCW8078"]);
    assert!(!said(&a, "ep-hybrid-agent").contains("Timer_ConnectionIdle"));
}

#[test]
fn a_mac_looping_on_the_challenge_during_the_call_is_not_the_call_s_cause() {
    let a = analyse("diag21/stuck-mac-during-call");
    assert!(said(&a, "hcw-HCW8078").contains("Follow credentials-rejected"));
    let cred = said(&a, "credentials-rejected");
    assert!(!cred.contains("10.40.7.99"), "{cred}");
    assert!(said(&a, "ntlm-stuck-client").contains("not what fails the hybrid migration test"));
}
