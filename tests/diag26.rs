//! Diagnoses that say exactly what the logs show (`tests/fixtures/diag26`, written by its
//! `make.py`, and the unseen26 fixtures): each test is a finding that said less, or other,
//! than its log.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::Finding;

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
}
