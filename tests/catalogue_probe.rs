//! Catalogue probe: failure signatures of the hybrid failure catalogue that hcwlens diagnosed
//! wrongly, too surely, or not at all (fixtures in `tests/fixtures/catalogue/`). Each test pins
//! the diagnosis an Exchange admin expects: the finding id, the server named from the logs, the
//! supported remedy, and no contradiction between the evidence and the advice.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::Analysis;

fn ids(a: &Analysis) -> Vec<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

fn finding<'a>(a: &'a Analysis, id: &str) -> &'a Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} among {:?}", ids(a)))
}

/// The IIS lines a finding cites (evidence from W3C sources).
fn iis_lines(a: &Analysis, f: &Finding) -> usize {
    f.evidence
        .iter()
        .filter(|e| {
            a.sources
                .iter()
                .any(|s| s.id == e.source && s.kind == hcwlens::source::SourceKind::Iis)
        })
        .count()
}

#[test]
fn method_not_allowed_names_the_missing_svc_handler_and_cites_the_iis_405() {
    let a = analyse("catalogue/method-not-allowed");
    let f = finding(&a, "hcw-method-not-allowed");
    assert!(f.title.contains("(405)"), "{}", f.title);
    assert!(f.remedy.contains("svc-Integrated"), "{}", f.remedy);
    assert!(
        f.explanation.contains("IIS on EX2010A"),
        "{}",
        f.explanation
    );
    assert_eq!(iis_lines(&a, f), 2);
    assert!(
        !ids(&a).iter().any(|i| i.starts_with("hcw-error")),
        "{:?}",
        ids(&a)
    );
}

#[test]
fn request_too_large_through_the_agent_cites_the_server_that_answered_413() {
    let a = analyse("catalogue/request-too-large");
    let f = finding(&a, "hcw-request-too-large");
    assert!(f.title.contains("(413)"), "{}", f.title);
    assert!(
        f.explanation.contains("IIS on EXLON02"),
        "{}",
        f.explanation
    );
    assert!(f.explanation.contains("413 0 0"), "{}", f.explanation);
    assert!(f.remedy.contains("uploadReadAheadSize"), "{}", f.remedy);
    assert_eq!(iis_lines(&a, f), 3);
    assert_eq!(ids(&a), vec!["hcw-request-too-large"]);
}

#[test]
fn request_too_large_refused_by_http_sys_cites_httperr_and_names_the_server_not_its_folder() {
    let a = analyse("catalogue/request-too-large-httperr");
    let f = finding(&a, "hcw-request-too-large");
    assert!(
        f.explanation.contains(
            "HTTP.sys (HTTPERR) on EXLON03 (named after the log folder) refused 2 requests"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("413 EntityTooLarge"),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("HTTPERR ("), "{}", f.explanation);
    assert_eq!(
        f.evidence.len(),
        3,
        "the 10349 entry and the two HTTPERR lines"
    );
}

#[test]
fn a_failed_autodiscover_test_gets_a_finding() {
    let a = analyse("catalogue/autodiscover");
    let f = finding(&a, "hcw-autodiscover");
    assert!(f.remedy.contains("-RemoteServer"), "{}", f.remedy);
    assert!(f.remedy.contains("autodiscover."), "{}", f.remedy);
    assert_eq!(f.evidence.len(), 2, "the call's START and FINISH");
}

#[test]
fn no_mrsproxy_found_points_at_mrsproxy_and_protected_groups() {
    let a = analyse("catalogue/no-mrsproxy");
    let f = finding(&a, "hcw-no-mrsproxy");
    assert!(f.title.contains("mail.adatum.com"), "{}", f.title);
    assert!(f.remedy.contains("-MRSProxyEnabled $true"), "{}", f.remedy);
    assert!(f.remedy.contains("KB 2975731"), "{}", f.remedy);
    assert!(f.remedy.contains("adminCount"), "{}", f.remedy);
    assert!(
        !ids(&a).iter().any(|i| i.starts_with("hcw-error")),
        "{:?}",
        ids(&a)
    );
}

#[test]
fn forbidden_says_mrs_proxy_disabled_and_cites_the_iis_403() {
    let a = analyse("catalogue/forbidden");
    let f = finding(&a, "hcw-no-endpoint");
    assert!(f.title.contains("(403) Forbidden"), "{}", f.title);
    assert!(f.title.contains("disabled"), "{}", f.title);
    assert!(
        f.explanation.contains("IIS on EXMUC01"),
        "{}",
        f.explanation
    );
    assert_eq!(iis_lines(&a, f), 2);
    assert!(f.remedy.contains("-MRSProxyEnabled $true"), "{}", f.remedy);
}

#[test]
fn forbidden_with_an_iis_substatus_names_that_setting_not_mrs_proxy() {
    let a = analyse("catalogue/forbidden-ip");
    let f = finding(&a, "hcw-no-endpoint");
    assert!(
        f.title.contains("403.6 (IP address rejected)"),
        "{}",
        f.title
    );
    assert!(!f.title.contains("disabled"), "{}", f.title);
    assert!(
        f.remedy.contains("IP Address and Domain Restrictions"),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("-MRSProxyEnabled"), "{}", f.remedy);
    assert!(
        f.explanation.contains("IIS on EXAMS01"),
        "{}",
        f.explanation
    );
}

#[test]
fn refused_agent_registration_is_diagnosed_with_its_following_error() {
    let a = analyse("catalogue/agent-registration");
    assert_eq!(ids(&a), vec!["hcw-agent-registration"]);
    let f = &a.findings[0];
    assert!(f.title.contains("Application_NotFound"), "{}", f.title);
    assert!(f.remedy.contains("Get-HybridApplication"), "{}", f.remedy);
    assert_eq!(
        f.evidence.len(),
        2,
        "the 10333 answer and the *ERROR* after it"
    );
}

#[test]
fn httperr_drops_do_not_send_the_admin_to_dns_and_the_inbound_firewall() {
    let a = analyse("catalogue/httperr-dropped");
    let f = finding(&a, "mrs-unreachable");
    assert!(
        f.explanation.contains("Timer_EntityBody"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("did reach EXFRA01"),
        "{}",
        f.explanation
    );
    assert!(
        !f.explanation
            .contains("inbound TCP 443 from Exchange Online blocked"),
        "{}",
        f.explanation
    );
    assert!(!f.remedy.contains("verify external DNS"), "{}", f.remedy);
    assert!(f.remedy.contains("TLS inspection"), "{}", f.remedy);
}

#[test]
fn httperr_app_offline_is_the_ews_app_pool_not_the_network() {
    let a = analyse("catalogue/httperr-apppool");
    let f = finding(&a, "mrs-unreachable");
    assert!(
        f.explanation.contains("EWS application pool"),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("path MTU"), "{}", f.explanation);
    assert!(
        !f.explanation.contains("inbound TCP 443"),
        "{}",
        f.explanation
    );
    assert!(
        f.remedy
            .contains("Start-WebAppPool MSExchangeServicesAppPool"),
        "{}",
        f.remedy
    );
    assert!(f.remedy.starts_with("On EXKHI02"), "{}", f.remedy);
}

#[test]
fn an_agent_timeout_does_not_blame_an_inbound_firewall_rule() {
    let a = analyse("catalogue/agent-timeout");
    let f = finding(&a, "hcw-network-path");
    assert!(
        !f.explanation.contains("NAT rule for inbound 443"),
        "{}",
        f.explanation
    );
    assert!(f.explanation.contains("TargetUri"), "{}", f.explanation);
}

#[test]
fn an_hcw_code_title_drops_the_dash_after_the_code() {
    let a = analyse("catalogue/hcw8064");
    let f = finding(&a, "hcw-HCW8064");
    assert!(
        f.title.starts_with("HCW8064: The HCW has completed"),
        "{}",
        f.title
    );
}
