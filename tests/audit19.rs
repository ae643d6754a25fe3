//! A fresh admin's reading of logs unlike the other fixtures (tests/fixtures/audit19): an HCW
//! run from India (UTC+05:30, 12-hour clock) against a Hybrid Agent installed on the Exchange
//! server itself (IPv6, the legs logged from the server's own address), IIS restarted by the
//! wizard's ResetIIS between the two attempts (a second header block mid-file) and HTTP.sys
//! refusing requests while the application pools were down.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn fixture(parts: &[&str]) -> Analysis {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for p in parts {
        dir = dir.join(p);
    }
    load(&[dir], &LoadOptions::default(), &NoProgress).expect("load fixture")
}

fn remedy(a: &Analysis, id: &str) -> String {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} finding"))
        .remedy
        .clone()
}

#[test]
fn an_agent_on_the_exchange_server_is_not_told_to_firewall_the_server_to_itself() {
    let a = fixture(&["audit19", "agent-on-server"]);
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(
        !r.contains("only from the Hybrid Agent host(s) (2001:db8:10::21)"),
        "the agent's address is the server's own: allowing inbound only from it shuts out \
         every client\n{r}"
    );
    assert!(
        r.contains("2001:db8:10::21") && r.contains("own address"),
        "the remedy says the legs came from the server's own address\n{r}"
    );
    // An agent on its own host keeps Microsoft's compensating controls as written.
    let a = fixture(&["scenarios", "ep-hybrid-agent"]);
    let r = remedy(&a, "ep-hybrid-agent");
    assert!(
        r.contains("only from the Hybrid Agent host(s) (10.10.8.40)"),
        "{r}"
    );
}
