//! What a refusal of `/EWS/mrsproxy.svc` means and what to do is one table
//! (`src/analyze/findings/refusal.rs`): `mrs-refused` (the IIS lines on their own) and the
//! finding about the failed wizard call word a status's cause and fix alike, with the fixes
//! `log-formats.md` names (§4.1, §6 rows 4, 7, 8, 10, 11).

use crate::fixtures;

use fixtures::{findings, iis_only};
use hcwlens::analyze::finding::Finding;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn catalogue(name: &str) -> PathBuf {
    root().join("catalogue").join(name)
}

fn find(all: &[Finding], id: &str) -> Finding {
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

/// The cause `mrs-refused` gives for its only status: between ` UTC: ` (the last time) and
/// `. These requests`.
fn refused_cause(f: &Finding) -> &str {
    let after = f
        .explanation
        .split_once(" UTC: ")
        .map(|(_, r)| r)
        .expect("cause");
    after
        .split_once(". These requests")
        .map(|(c, _)| c)
        .expect("end of cause")
}

#[test]
fn the_iis_refusal_and_the_failed_call_give_the_same_cause_and_fix() {
    let cases = [
        ("method-not-allowed", "hcw-method-not-allowed", "405"),
        ("request-too-large", "hcw-request-too-large", "413"),
        ("forbidden-ip", "hcw-no-endpoint", "403.6"),
    ];
    for (case, id, code) in cases {
        let alone = find(&findings(&iis_only(&catalogue(case))), "mrs-refused");
        let with_call = find(&findings(&[catalogue(case)]), id);
        let prefix = format!("{code}: ");
        let fix = alone
            .remedy
            .lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("{case}: no {code} line in {}", alone.remedy));
        assert!(
            with_call.remedy.contains(fix),
            "{case}: the fixes differ:\n{}\n---\n{}",
            fix,
            with_call.remedy
        );
        let cause = refused_cause(&alone);
        assert!(
            with_call.explanation.contains(cause),
            "{case}: the causes differ:\n{cause}\n---\n{}",
            with_call.explanation
        );
    }
}

#[test]
fn a_503_from_behind_the_published_name_says_start_the_stopped_pool() {
    let all = findings(&[root().join("hcw/diag/server-error")]);
    let f = find(&all, "hcw-server-error");
    // A 503 is mostly a stopped pool (503.0, log-formats.md §4.1): recycling does not start it.
    assert!(
        f.remedy
            .contains("Start-WebAppPool MSExchangeServicesAppPool if it is stopped"),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("Restart-WebAppPool"), "{}", f.remedy);
    assert!(f.remedy.contains("Logging\\HttpProxy\\Ews"), "{}", f.remedy);
}

#[test]
fn no_mrsproxy_check_reads_the_value_format_table_prints() {
    let all = findings(&[catalogue("no-mrsproxy")]);
    let f = find(&all, "hcw-no-mrsproxy");
    // Format-Table prints the Boolean as True/False; 0 is how HCW's own dump writes it.
    assert!(
        f.remedy
            .contains("Format-Table Server,Identity,MRSProxyEnabled; where it is False:"),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("where it is 0"), "{}", f.remedy);
}

#[test]
fn a_500_on_mrsproxy_sends_the_admin_to_the_httpproxy_log() {
    let all = findings(&[root().join("refusals/server-error")]);
    let f = find(&all, "mrs-refused");
    assert!(f.title.contains("500 Internal Server Error"), "{}", f.title);
    // Exchange's HttpProxy module logs its own 500 0 0 (log-formats.md §4.1): its log has the
    // reason, and the MRS proxy is not the only place the error can come from.
    assert!(
        f.explanation.contains("HttpProxy module"),
        "{}",
        f.explanation
    );
    assert!(f.remedy.contains("Logging\\HttpProxy\\Ews"), "{}", f.remedy);
    assert!(
        f.explanation.starts_with("IIS on EXB01 answered"),
        "{}",
        f.explanation
    );
}

/// A logon that succeeded and a request the server then refused with 403: the ticket text
/// said "NTLM handshake succeeded … The client logged on as …" and never named the 403.
#[test]
fn the_ticket_of_a_logon_refused_with_403_names_the_refusal() {
    let a = hcwlens::pipeline::load(
        &[std::path::PathBuf::from(
            "tests/fixtures/refusals/forbidden-farm",
        )],
        &hcwlens::pipeline::LoadOptions {
            index: true,
            ..Default::default()
        },
        &hcwlens::progress::NoProgress,
    )
    .expect("load");
    let refused: Vec<_> = a
        .handshakes
        .iter()
        .filter(|h| {
            h.refused_after_logon()
                .is_some_and(|l| (l.status, l.substatus_code()) == (403, Some(0)))
        })
        .collect();
    assert!(
        !refused.is_empty(),
        "the fixture holds a logon refused with 403"
    );
    let md = hcwlens::export::handshake_markdown(
        refused[0],
        &a.sources,
        &hcwlens::time::ZoneSpec::Fixed(0),
        None,
    );
    assert!(
        md.starts_with("### NTLM handshake succeeded, request REFUSED — HTTP 403.0"),
        "{md}"
    );
    assert!(
        md.contains("Then the server refused the request: HTTP 403.0 ("),
        "{md}"
    );
}
