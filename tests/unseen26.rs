//! Logs nobody here had seen (`tests/fixtures/unseen26`, written by its `make.py`): cultures
//! and zones not tried before, Exchange 2016's two sites side by side, runs that fail on
//! something other than Extended Protection, a front end that crashed and restarted. Each test
//! is a wrong or misleading answer hcwlens gave on them.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::source::SourceKind;

#[test]
fn a_line_a_crash_cut_and_the_restart_header_glued_to_its_nuls_are_two_things() {
    // AMSEX01 crashed while writing line 28 (cut after `200`, 12 KiB of NULs follow) and IIS,
    // restarted, wrote its new header right after the NULs, `#Software:` glued to them. The cut
    // line is said cut by the crash, not read with the header's words as its codes ("sc-substatus
    // "Microsoft" … 2 values beyond the 15 of #Fields ignored").
    let a = analyse("unseen26/crash-restart");
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Iis)
        .expect("IIS log");
    let said: Vec<(u64, &str)> = iis
        .stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert!(
        said.iter()
            .all(|(_, why)| !why.contains("beyond the") && !why.contains("is not a number")),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|(line, why)| *line == 28
            && why.starts_with(
                "cut off: the server stopped in the middle of the line, and 12288 NUL bytes follow"
            )),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|(line, why)| *line == 28
            && why.starts_with("read, but NUL bytes come before this directive")),
        "{said:#?}"
    );
    // No request was made of the header's words.
    assert!(
        a.handshakes
            .iter()
            .flat_map(|h| h.legs.iter())
            .all(|l| l.fields.status != 0),
        "a leg without a status"
    );
}

#[test]
fn an_error_the_run_ends_in_is_not_said_to_have_let_the_wizard_go_on() {
    // HCW could not open its Exchange Online PowerShell session: Get-OrganizationConfig's
    // FINISH is an *ERROR*, then the exception and HCW8999, and the log ends. Nothing says the
    // wizard went on: the finding says it stopped there (or the log was copied before).
    let a = analyse("unseen26/exo-powershell");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-error-10277")
        .expect("hcw-error-10277");
    assert!(!f.explanation.contains("went on, but"), "{}", f.explanation);
    assert!(
        f.explanation
            .contains("HCW logged nothing but errors after it: the wizard stopped there"),
        "{}",
        f.explanation
    );
}

#[test]
fn hcw8078_of_runs_in_one_log_says_which_warning_each_cause_is_of() {
    // Three runs appended to one HCW log: the first fails Extended Protection, the second on a
    // mistyped password, each with its HCW8078. Naming the log for each cause ("ep-hybrid-agent
    // names the cause in X.log, credentials-rejected the one in X.log") says nothing: the
    // warnings are told apart by their lines.
    let a = analyse("unseen26/three-runs");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-HCW8078")
        .expect("hcw-HCW8078");
    assert!(
        f.explanation.contains(
            "ep-hybrid-agent names the cause of the warning at 20261119_091003.log:15, \
             credentials-rejected that of the one at 20261119_091003.log:33, from the same \
             failed calls"
        ),
        "{}",
        f.explanation
    );
}

#[test]
fn a_request_written_behind_a_torn_writes_nuls_on_the_same_line_is_read() {
    // OSLEX1's line 19 lost its end to a torn write (12 KiB of NULs from inside its last
    // value) and IIS went on behind them: the next request, 10.66.3.8's anonymous leg, is on
    // the same physical line. It is read as the request it is (not the cut part with the
    // request's values beyond it), and the cut part is said cut, not read too: rows are found
    // by their line, one request a line.
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        &[fixtures::fixture("unseen26/torn-write")],
        &hcwlens::pipeline::LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .filter(|r: &serde_json::Value| r["hcwlens"]["line"] == 19)
        .collect();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["source"]["ip"], "10.66.3.8", "{rows:#?}");
    assert_eq!(
        rows[0]["@timestamp"], "2026-12-03T09:02:23.000Z",
        "{rows:#?}"
    );
    assert_eq!(rows[0]["hcwlens"]["iis"]["substatus"], 2, "{rows:#?}");
    let a = analyse("unseen26/torn-write");
    let iis = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Iis)
        .expect("IIS log");
    assert!(
        iis.stats.diagnostics.iter().any(|d| d.line == 19
            && d.reason
                .starts_with("cut off: 12288 NUL bytes follow its first part")),
        "{:#?}",
        iis.stats.diagnostics
    );
}

#[test]
fn the_hybrid_agent_as_the_caller_ends_no_clause_with_a_comma() {
    // Only EX16A's Back End log came with the HCW log: the (401) is read from HCW alone, and
    // its explanation names Exchange Online going through the agent at the end of a clause,
    // where "Exchange Online, through the Hybrid Agent," left "Agent, (the server offered …)".
    let case = fixtures::fixture("unseen26/fe-be-2016");
    let a = fixtures::load_all(&[case.join("hcw"), case.join("EX16A/W3SVC2")]);
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-unauthorized")
        .expect("hcw-unauthorized");
    assert!(
        f.explanation.contains(
            "rejected the Windows authentication of Exchange Online, through the Hybrid Agent \
             (the server offered 'Negotiate,NTLM'). From the HCW log alone"
        ),
        "{}",
        f.explanation
    );
}

#[test]
fn a_call_that_failed_before_any_request_suggests_no_clock_skew() {
    // The migration test failed setting up TLS (the certificate does not name the host): no
    // request of it can be in IIS. A move batch's mrsproxy requests 100 s before it are other
    // traffic, not the call's requests seen through a clock 102 s off.
    let a = analyse("unseen26/name-mismatch");
    assert!(a.findings.iter().any(|f| f.id.to_string() == "hcw-tls"));
    assert_eq!(a.skew, None);
}
