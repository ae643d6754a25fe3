//! Extended Protection is named for the Hybrid Agent only on the agent's own evidence: a failed
//! call whose mrsproxy handshakes ended otherwise is explained by them, not by another client's
//! channel-binding failures elsewhere on EWS.

use crate::fixtures;

use fixtures::{analyse, analyse_with};
use hcwlens::pipeline::{Analysis, LoadOptions, Selector};
use hcwlens::source::SourceKind;

fn names_the_agent_for_ep(a: &Analysis) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| {
            let said = format!("{} {} {}", f.title, f.explanation, f.remedy);
            f.id.to_string() == "ep-hybrid-agent"
                || (said.contains("Hybrid Agent") && said.contains("SEC_E_BAD_BINDINGS"))
        })
        .map(|f| f.id.to_string())
        .collect()
}

#[test]
fn a_refused_agent_call_beside_a_mac_client_failing_ep_is_a_credentials_story() {
    let a = analyse("audit20/agent-denied");
    let ids: Vec<String> = a.findings.iter().map(|f| f.id.to_string()).collect();
    assert!(
        !ids.iter().any(|i| i == "ep-hybrid-agent"),
        "no mrsproxy handshake ended in SEC_E_BAD_BINDINGS, yet: {ids:?}"
    );
    let cred = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "credentials-rejected")
        .expect("credentials-rejected");
    assert!(
        cred.explanation
            .contains("Test-MigrationServerAvailability")
    );
    for f in &a.findings {
        let said = format!("{} {} {}", f.title, f.explanation, f.remedy);
        assert!(
            !(said.contains("Hybrid Agent") && said.contains("SEC_E_BAD_BINDINGS")),
            "{} names the Hybrid Agent for Extended Protection: {said}",
            f.id
        );
        assert!(!said.contains("Follow ep-hybrid-agent"), "{}: {said}", f.id);
    }
    // The Mac client's failures on Exchange.asmx are still reported, as what they are.
    let ep: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.explanation.contains("10.40.7.99"))
        .map(|f| f.title.as_str())
        .collect();
    assert!(!ep.is_empty(), "{ids:?}");
}

#[test]
fn with_the_hcw_clock_an_hour_off_the_mac_client_is_still_not_the_agent() {
    let options = LoadOptions {
        skews: vec![(Selector::Kind(SourceKind::Hcw), 3_600_000)],
        ..LoadOptions::default()
    };
    let a = analyse_with("audit20/agent-denied", &options);
    assert!(
        a.handshakes.iter().all(|h| h.cmdlet.is_none()),
        "the skew must leave the call unlinked for this test to mean anything"
    );
    assert_eq!(names_the_agent_for_ep(&a), Vec::<String>::new());
}

#[test]
fn one_client_s_failures_speak_of_one_client() {
    let a = analyse("audit20/agent-denied");
    let offload = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-tls-offload")
        .expect("ep-tls-offload");
    assert!(
        offload.explanation.contains("from 1 client address for")
            && offload.explanation.contains("the client's tokens"),
        "{}",
        offload.explanation
    );
}
