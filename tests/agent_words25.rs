//! `hcw-unauthorized` through the Hybrid Agent names the servers whose IIS logs tell the causes
//! apart by the agent's TargetUri, not as "the servers behind <guid>.msappproxy.net" (the
//! agent's own name is no Exchange server's; its remedy already said TargetUri).

use crate::fixtures;

use fixtures::analyse;

#[test]
fn through_the_agent_the_servers_to_read_are_named_by_its_target_uri() {
    let a = analyse("unseen25/agent-lb-half");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("hcw-unauthorized");
    assert!(
        f.explanation.contains(
            "The IIS logs (W3SVC1) of the Exchange servers the Hybrid Agent publishes (its \
             TargetUri, Get-HybridApplication) tell them apart"
        ),
        "{}",
        f.explanation
    );
    assert!(
        !f.explanation.contains("servers behind 8c1d4e2a"),
        "{}",
        f.explanation
    );
}
