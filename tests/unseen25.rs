//! Logs nobody here had seen (`tests/fixtures/unseen25`, written by its `make.py`): runs of
//! other cultures and zones that succeed or fail for reasons other than Extended Protection,
//! IIS logs of other shapes. Each test is a wrong or misleading answer hcwlens gave on them.

use crate::fixtures;

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

#[test]
fn a_401_whose_handshakes_stop_at_the_challenge_cites_them_instead_of_saying_none_match() {
    // The loaded front end logged the agent's two handshakes during the call, each only up to
    // the NTLM challenge (their third legs went to the other server behind the load balancer).
    // The finding must cite them and say where the credentials' leg went, not "No failed
    // handshake in the loaded IIS logs matches this call".
    let a = analyse("unseen25/agent-lb-half");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .unwrap_or_else(|| panic!("no hcw-unauthorized: {:?}", ids(&a)));
    assert!(
        !f.remedy.contains("No failed /EWS/mrsproxy.svc handshake"),
        "{}",
        f.remedy
    );
    assert!(
        f.remedy.contains("only up to the NTLM challenge"),
        "{}",
        f.remedy
    );
    // Through the Hybrid Agent the servers are those of its TargetUri, not of its own name.
    assert!(
        f.remedy
            .contains("the other servers behind the agent's TargetUri (Get-HybridApplication)"),
        "{}",
        f.remedy
    );
    assert!(
        f.explanation.contains(
            "logged 4 requests to /EWS/mrsproxy.svc while the call ran (from 10.50.9.5), \
             answered only with the challenges"
        ),
        "{}",
        f.explanation
    );
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Iis)
        .map(|s| s.id);
    let lines: Vec<u64> = f
        .evidence
        .iter()
        .filter(|e| Some(e.source) == iis)
        .map(|e| e.line)
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[test]
fn a_401_whose_handshake_failed_elsewhere_is_not_said_stopped_at_the_challenge() {
    // The same call whose failing leg is in the loaded log is named by it (credentials), and
    // the challenge-only sentence stays out.
    let a = analyse("unseen25/creds-upn");
    assert!(ids(&a).contains(&"credentials-rejected".to_string()));
    let text = hcwlens::report::text::render(&a);
    assert!(
        !text.contains("answered only with the challenges"),
        "{text}"
    );
}

#[test]
fn runs_read_as_utc_only_by_assumption_are_not_said_certainly_apart_from_iis() {
    // A pasted part of an HCW log names no clock: read as UTC its calls lie ten hours after
    // the IIS log, which lines up after a +10:30 shift. The reports must not state as a fact
    // that what IIS shows "did not happen while it ran", nor send the admin for other days'
    // logs without the condition.
    let a = analyse("unseen25/pasted-part");
    for (kind, text) in [
        ("text", hcwlens::report::text::render(&a)),
        ("markdown", hcwlens::report::markdown::render(&a)),
    ] {
        assert!(
            !text.contains("did not happen while it ran"),
            "{kind}: {text}"
        );
        assert!(
            text.contains(
                "Read as UTC (an HCW log names no clock), the HCW runs (2026-10-04 03:05:10 UTC"
            ),
            "{kind}: {text}"
        );
        assert!(
            text.contains("If its clock was UTC, load the IIS logs"),
            "{kind}: {text}"
        );
    }
    let json = hcwlens::report::json::render(&a);
    assert!(
        json.contains("Read as UTC (an HCW log names no clock)"),
        "{json}"
    );
}

#[test]
fn a_timeout_whose_connections_httperr_logged_arriving_is_not_blamed_on_the_network_path() {
    // Only HTTPERR was loaded (no IIS log): it shows Exchange Online's mrsproxy connections
    // arriving during the call and dropped with Timer_EntityBody. The report must cite them and
    // say the path brought them there, not "stalled somewhere on the network path (a firewall
    // or NAT rule …)" with "load the HTTPERR logs" as if none were loaded.
    let a = analyse("unseen25/httperr-only");
    let ids = ids(&a);
    assert!(!ids.contains(&"hcw-network-path".to_string()), "{ids:?}");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "mrs-unreachable")
        .unwrap_or_else(|| panic!("{ids:?}"));
    assert!(
        f.explanation
            .contains("No IIS log is loaded to show what reached IIS."),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation
            .contains("so external DNS, NAT and the inbound 443 rule are not what failed"),
        "{}",
        f.explanation
    );
    let httperr = a
        .sources
        .iter()
        .find(|s| s.kind == hcwlens::source::SourceKind::Httperr)
        .map(|s| s.id);
    let lines: Vec<u64> = f
        .evidence
        .iter()
        .filter(|e| Some(e.source) == httperr)
        .map(|e| e.line)
        .collect();
    assert_eq!(lines, vec![6, 7, 8]);
}
