//! Diagnoses that say exactly what the logs show (`tests/fixtures/diag26`, written by its
//! `make.py`, and the unseen26 fixtures): each test is a finding that said less, or other,
//! than its log.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::{Finding, Severity};

fn finding<'a>(a: &'a hcwlens::pipeline::Analysis, id: &str) -> &'a Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} among {:?}", a.findings))
}

#[test]
fn a_tls_failure_that_names_a_name_mismatch_says_it_and_the_host() {
    // .NET's own words end the chain: "RemoteCertificateNameMismatch". The finding says the
    // certificate does not name mail.corp.example (the host Exchange Online called), not that
    // it "is not trusted" for one of four possible reasons.
    let a = analyse("unseen26/name-mismatch");
    let f = finding(&a, "hcw-tls");
    assert_eq!(
        f.title,
        "The TLS certificate of mail.corp.example does not name mail.corp.example"
    );
    assert!(
        f.explanation.contains(
            "the names of the certificate presented for mail.corp.example (its subject and \
             subject alternative names) do not include mail.corp.example, the host Exchange \
             Online called"
        ),
        "{}",
        f.explanation
    );
    assert!(!f.explanation.contains("self-signed"), "{}", f.explanation);
    assert!(f.remedy.contains("-ext subjectAltName"), "{}", f.remedy);
    assert!(!f.remedy.contains("public CA, be valid"), "{}", f.remedy);
}

#[test]
fn a_tls_failure_that_names_its_chain_status_says_it() {
    // RemoteCertificateChainErrors (UntrustedRoot): the chain ends in a root Exchange Online
    // does not trust; the names are not in question.
    let a = analyse("diag26/chain-untrusted");
    let f = finding(&a, "hcw-tls");
    assert_eq!(
        f.title,
        "The TLS certificate of mail.fabrikam.example is from an untrusted root"
    );
    assert!(
        f.explanation.contains(
            "its chain ends in a root Exchange Online does not trust (self-signed, or issued \
             by an internal CA)"
        ),
        "{}",
        f.explanation
    );
    assert!(
        !f.explanation.contains("not in its names"),
        "{}",
        f.explanation
    );
    assert!(f.remedy.contains("-showcerts"), "{}", f.remedy);
}

#[test]
fn a_tls_failure_that_names_no_fault_keeps_the_possible_ones() {
    // Only "Could not establish trust relationship": the log does not say which fault.
    let a = analyse("diag26/trust-only");
    let f = finding(&a, "hcw-tls");
    assert_eq!(
        f.title,
        "The TLS certificate of mail.fabrikam.example is not trusted"
    );
    assert!(
        f.explanation
            .contains("self-signed or internal CA, expired, missing intermediate"),
        "{}",
        f.explanation
    );
    // A certificate was judged and refused: a TLS version the sides do not share would have
    // failed the handshake before that.
    assert!(!f.explanation.contains("TLS versions"), "{}", f.explanation);
}

#[test]
fn a_tls_handshake_that_failed_is_not_said_to_be_a_certificate_not_trusted() {
    // "Could not create SSL/TLS secure channel": the handshake failed before any certificate
    // was judged (no TLS version or cipher suite in common, a device cutting the connection).
    let a = analyse("diag26/channel-failed");
    let f = finding(&a, "hcw-tls");
    assert_eq!(
        f.title,
        "The TLS handshake with mail.fabrikam.example failed"
    );
    assert!(
        f.explanation.contains(
            "the TLS handshake failed before any certificate was judged, so the certificate is \
             not what stops it"
        ),
        "{}",
        f.explanation
    );
    assert!(f.remedy.contains("-tls1_2"), "{}", f.remedy);
}

#[test]
fn a_credentials_rejection_a_later_run_got_past_is_a_warning_said_in_the_past() {
    // Three runs in one log: the second's migration test failed on a mistyped password (the
    // mrsproxy handshakes end in SEC_E_LOGON_DENIED), the third's succeeded. Like the fixed
    // ep-hybrid-agent beside it, credentials-rejected is no open error: a warning, its
    // explanation in the past, its remedy saying nothing is to change while the credentials
    // are accepted; the report cites the run that got past it.
    let a = analyse("unseen26/three-runs");
    let f = finding(&a, "credentials-rejected");
    assert!(f.fixed_by.is_some(), "{f:?}");
    assert_eq!(f.severity, Severity::Warning, "{}", f.title);
    assert!(
        f.explanation.contains(
            "For /EWS/mrsproxy.svc these were the credentials Exchange Online used for the \
             migration endpoint"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.remedy.starts_with(
            "Nothing to change while the MRS proxy accepts these credentials; should the \
             refusals return, check the account PRAHA\\hcw.spravce in Active Directory:"
        ),
        "{}",
        f.remedy
    );
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("[Warning] [fixed by a later run] credentials-rejected"),
        "{text}"
    );
}

#[test]
fn every_finding_a_later_run_fixed_is_no_error() {
    // Whatever its kind: an HCW-only class (hcw-network-path), an HCW code, a finding on
    // mrsproxy requests alone.
    for case in ["unseen26/three-runs", "runs22b/fixed-in-same-file"] {
        let a = analyse(case);
        let fixed: Vec<&Finding> = a.findings.iter().filter(|f| f.fixed_by.is_some()).collect();
        assert!(!fixed.is_empty(), "{case}: nothing fixed");
        for f in fixed {
            assert_ne!(f.severity, Severity::Error, "{case}: {} {}", f.id, f.title);
        }
    }
}

/// The call detail's line on the IIS handshakes of the first call named `name` in `m`.
fn during_line(m: &hcwlens::tui::model::Model, name: &str, session: &str) -> String {
    let c = m
        .data
        .analysis
        .cmdlets
        .iter()
        .position(|c| c.name == name && c.session.as_deref() == Some(session))
        .unwrap_or_else(|| panic!("no {name} in {session}"));
    let theme = hcwlens::tui::view::theme::Theme::new(false);
    crate::explorer::text(&[hcwlens::tui::view::detail::call_handshakes(m, c, &theme)])
}

#[test]
fn a_call_that_ran_in_exchange_online_is_not_said_to_lack_a_matched_handshake() {
    // The demo: Get-OrganizationConfig and Get-MigrationEndpoint ran in the tenant session and
    // call nothing on-premises: "No IIS handshake matched to this call" read as if one were
    // missing. The migration test, which makes Exchange Online call the MRS proxy, keeps
    // counting its handshakes.
    let m = crate::explorer::loaded(&[crate::explorer::repo("assets/demo")], (120, 40));
    for name in ["Get-OrganizationConfig", "Get-MigrationEndpoint"] {
        let said = during_line(&m, name, "Tenant");
        assert_eq!(
            said,
            "This call ran in Exchange Online (Session=Tenant) and does not reach the \
             on-premises IIS",
            "{name}"
        );
    }
    let test = during_line(&m, "Test-MigrationServerAvailability", "Tenant");
    assert!(test.contains("during this call"), "{test}");
}

#[test]
fn a_skew_names_the_calls_it_lines_up_by_what_they_are() {
    // Three runs, HCW read an hour off: the calls lined up are migration tests and the
    // New-MigrationEndpoint that created the endpoint, which is no "test call".
    let options = hcwlens::pipeline::LoadOptions {
        skews: vec![(
            hcwlens::pipeline::Selector::Kind(hcwlens::source::SourceKind::Hcw),
            3_600_000,
        )],
        ..Default::default()
    };
    let a = fixtures::analyse_with("unseen26/three-runs", &options);
    let s = a.skew.as_ref().expect("a skew suggested");
    let said = hcwlens::analyze::skew::skew_sentence(s, &a.sources);
    assert!(
        said.contains(
            "the HCW calls line up with IIS after a shift of -1 h (4 of 4 calls to \
             Test-MigrationServerAvailability or New-MigrationEndpoint line up after the shift)"
        ),
        "{said}"
    );
    assert!(!said.contains("test call"), "{said}");
}

#[test]
fn a_call_that_makes_no_mrs_call_is_not_said_to_lack_a_matched_handshake() {
    // The demo: Get-ExchangeServer ran in the on-premises session (remote PowerShell, whose
    // requests IIS may log under /PowerShell): handshakes are matched only to the calls that
    // make Exchange Online reach the MRS proxy, so "No IIS handshake matched to this call"
    // read as if one were missing.
    let m = crate::explorer::loaded(&[crate::explorer::repo("assets/demo")], (120, 40));
    let said = during_line(&m, "Get-ExchangeServer", "OnPremises");
    assert_eq!(
        said,
        "IIS handshakes are matched only to the calls that make Exchange Online reach the MRS \
         proxy (Test-MigrationServerAvailability, the migration endpoint and batch cmdlets): \
         not this one"
    );
}
