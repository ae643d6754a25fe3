//! Logs nobody here had seen (`tests/fixtures/unseen25`, written by its `make.py`): runs of
//! other cultures and zones that succeed or fail for reasons other than Extended Protection,
//! IIS logs of other shapes. Each test is a wrong or misleading answer hcwlens gave on them.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::analyse;

fn ids(a: &hcwlens::pipeline::Analysis) -> Vec<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

#[test]
fn an_untrusted_certificate_is_said_so_though_iis_logged_no_mrsproxy_request() {
    // Exchange Online did not trust the server's certificate: TLS ended before any request, so
    // the IIS log covering the call has no mrsproxy request. That is what the certificate
    // failure looks like, not "the requests never got to IIS: firewall, NAT, DNS".
    let a = analyse("unseen25/tls-untrusted");
    let ids = ids(&a);
    assert!(ids.contains(&"hcw-tls".to_string()), "{ids:?}");
    assert!(!ids.contains(&"mrs-unreachable".to_string()), "{ids:?}");
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("firewall"), "{text}");
}

#[test]
fn a_run_with_one_call_says_one_call_in_every_report() {
    let a = analyse("unseen25/restart-mid-file");
    assert_eq!(a.cmdlets.len(), 1);
    for (kind, text) in [
        ("text", hcwlens::report::text::render(&a)),
        ("markdown", hcwlens::report::markdown::render(&a)),
        ("html", hcwlens::report::html::render(&a, false)),
    ] {
        assert!(text.contains("None (1 call in all)."), "{kind}: {text}");
        assert!(!text.contains("1 calls"), "{kind}");
    }
}

#[test]
fn a_call_whose_finish_reported_the_error_is_not_said_maybe_unfinished() {
    // Set-AuthConfig's FINISH is logged as *ERROR* with "PowerShell failed to invoke": the log
    // shows which case of an error it is, so the report does not offer "the call never
    // finished, or the log ends before its result" as other possibilities.
    let a = analyse("unseen25/oauth-8064");
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("- Set-AuthConfig error (PowerShell reported an error) at"),
        "{text}"
    );
    assert!(!text.contains("the call never finished"), "{text}");
}
