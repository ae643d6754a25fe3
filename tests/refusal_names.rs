//! Remedies of refusals name what the logs name: the server a refusing IIS line logged
//! (`s-computername`) or that HCW configured, one command per server, and the mail domain an
//! Autodiscover test looked up; the placeholder stays when no log names the value, and a log
//! folder (`W3SVC1`, a ticket copy's folder) is never taken for a server.

use crate::fixtures;

use fixtures::fixture;
use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn finding(paths: &[PathBuf], id: &str) -> Finding {
    let all = load(paths, &LoadOptions::default(), &NoProgress)
        .expect("load")
        .findings;
    all.iter()
        .find(|f| f.id.to_string() == id)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no {id} among {:?}",
                all.iter().map(|f| f.id.to_string()).collect::<Vec<_>>()
            )
        })
}

fn enable(server: &str) -> String {
    format!(
        "Set-WebServicesVirtualDirectory -Identity '{server}\\EWS (Default Web Site)' \
         -MRSProxyEnabled $true"
    )
}

#[test]
fn mrs_refused_enables_the_mrs_proxy_on_each_server_that_logged_the_403() {
    let f = finding(&[fixture("refusals/forbidden-farm")], "mrs-refused");
    assert!(f.remedy.contains(&enable("EXC01")), "{}", f.remedy);
    assert!(f.remedy.contains(&enable("EXC02")), "{}", f.remedy);
    assert!(!f.remedy.contains("<Server>"), "{}", f.remedy);
    assert!(!f.remedy.contains("W3SVC1\\EWS"), "{}", f.remedy);
    assert!(!f.remedy.contains("ticket-4711"), "{}", f.remedy);
}

#[test]
fn a_log_folder_alone_is_no_server_name() {
    // The IIS log logs no s-computername and no HCW log names its folder's server.
    let f = finding(&[fixture("catalogue/forbidden/EXMUC01")], "mrs-refused");
    assert!(f.remedy.contains(&enable("<Server>")), "{}", f.remedy);
    assert!(!f.remedy.contains("EXMUC01\\EWS"), "{}", f.remedy);
}

#[test]
fn the_failed_calls_403_names_the_server_whose_iis_line_refused_it() {
    let f = finding(&[fixture("refusals/forbidden-hcw")], "hcw-no-endpoint");
    // HCW reset IIS on EXF01; the 403 was logged by EXF02.
    assert!(f.remedy.contains(&enable("EXF02")), "{}", f.remedy);
    assert!(!f.remedy.contains("<Server>"), "{}", f.remedy);
    assert!(!f.remedy.contains("EXF01\\EWS"), "{}", f.remedy);
}

#[test]
fn no_mrsproxy_checks_each_server_hcw_published_ews_from() {
    let f = finding(&[fixture("refusals/no-mrsproxy")], "hcw-no-mrsproxy");
    for server in ["EXG01", "EXG02"] {
        assert!(f.remedy.contains(&enable(server)), "{}", f.remedy);
        assert!(
            f.remedy.contains(&format!(
                "Get-ADComputer {server} -Properties adminCount,memberOf"
            )),
            "{}",
            f.remedy
        );
    }
    assert!(!f.remedy.contains("<Server>"), "{}", f.remedy);
    // The wizard's own machine is not a server behind the published name.
    assert!(!f.remedy.contains("EXCHI01"), "{}", f.remedy);
}

#[test]
fn autodiscover_looks_up_the_tested_mailboxs_domain() {
    let f = finding(&[fixture("refusals/autodiscover")], "hcw-autodiscover");
    assert!(
        f.remedy
            .contains("Resolve-DnsName autodiscover.tailspin-toys.co.uk -Server 8.8.8.8"),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("<mail domain>"), "{}", f.remedy);
    assert!(
        f.remedy.contains("(Get-Credential TAILSPIN\\migadmin)"),
        "{}",
        f.remedy
    );
}
