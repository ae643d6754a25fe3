//! Extended Protection findings read as an Exchange admin reads them, on the diag21 stories
//! (`tests/fixtures/diag21/README.md`): two Hybrid Agent hosts, and an agent failure a later
//! run got past.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::Analysis;
use hcwlens::source::SourceKind;

fn ids(a: &Analysis) -> Vec<String> {
    a.findings.iter().map(|f| f.id.to_string()).collect()
}

fn find<'a>(a: &'a Analysis, id: &str) -> &'a Finding {
    a.findings
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(a)))
}

#[test]
fn two_agent_hosts_failing_only_on_mrsproxy_are_not_read_as_tls_offload() {
    let a = analyse("diag21/two-agents-iis");
    assert!(
        !ids(&a).iter().any(|i| i == "ep-tls-offload"),
        "mrsproxy-only failures from two addresses are the Hybrid Agent pattern too: {:?}",
        a.findings
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
    );
    let f = find(&a, "ep-hybrid-agent");
    assert!(f.title.contains("10.30.5.40 and 10.30.5.41"), "{}", f.title);
    assert!(
        !f.explanation.contains("single address"),
        "{}",
        f.explanation
    );
}

#[test]
fn two_agent_hosts_with_the_failed_call_are_one_agent_finding() {
    let a = analyse("diag21/two-agents");
    let f = find(&a, "ep-hybrid-agent");
    assert!(f.explanation.contains("10.30.5.40 and 10.30.5.41"));
    assert!(
        !ids(&a).iter().any(|i| i == "ep-tls-offload"),
        "{:?}",
        ids(&a)
    );
}

#[test]
fn agent_failures_a_later_successful_run_got_past_are_said_in_the_past() {
    // Only the successful run's HCW log is loaded; IIS still holds the earlier failures.
    let a = analyse("diag21/fixed-later-second-run");
    let f = find(&a, "ep-hybrid-agent");
    let fixed = f
        .fixed_by
        .expect("the later successful migration test got past it");
    let source = a
        .sources
        .iter()
        .find(|s| s.id == fixed.source)
        .expect("fixed_by names a loaded source");
    assert!(
        source
            .path
            .to_string_lossy()
            .ends_with("20250218_104902.log"),
        "{}",
        source.path.display()
    );
    assert!(f.title.contains("rejected"), "{}", f.title);
}

#[test]
fn failures_during_the_successful_call_itself_stay_open() {
    // partial-lb's call failed; its own failing legs come after its START and nothing later
    // succeeded, so nothing is fixed.
    let a = analyse("diag21/partial-lb");
    assert!(a.findings.iter().all(|f| f.fixed_by.is_none()));
}

#[test]
fn a_user_s_stale_password_is_not_the_migration_account_s_refusal() {
    let a = analyse("diag21/creds-mixed");
    let creds: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.id.to_string() == "credentials-rejected")
        .collect();
    let call = creds
        .iter()
        .find(|f| {
            f.explanation
                .contains("The refusal failed Test-MigrationServerAvailability")
        })
        .expect("the call's finding");
    for said in [&call.title, &call.explanation] {
        assert!(!said.contains("gus.berg"), "{said}");
        assert!(!said.contains("10.40.7.99"), "{said}");
        assert!(!said.contains("Exchange.asmx"), "{said}");
    }
    assert!(call.explanation.contains("FABRIKAM\\hcw-admin"));
    // The Mac user's refusals are still reported, as everyday noise beside it.
    let user = creds
        .iter()
        .find(|f| f.explanation.contains("10.40.7.99"))
        .expect("the user's refusals");
    assert!(
        !user.explanation.contains("mrsproxy"),
        "{}",
        user.explanation
    );
    assert_eq!(format!("{:?}", user.severity), "Info");
}

#[test]
fn a_call_no_request_reached_is_not_blamed_on_earlier_ep_failures() {
    // The loaded run failed with 503 and no mrsproxy request reached the IIS log that covers
    // it; the agent's EP failures are from two hours before (a run whose log is not loaded).
    let a = analyse("diag21/agent-down-old-ep");
    let ep = find(&a, "ep-hybrid-agent");
    for said in [&ep.title, &ep.explanation] {
        assert!(
            !said.contains("Test-MigrationServerAvailability (20250218_101902.log"),
            "{said}"
        );
        assert!(!said.contains("503"), "{said}");
        assert!(!said.contains("clock offset"), "{said}");
    }
    assert!(
        ep.evidence.iter().all(|e| a
            .sources
            .iter()
            .any(|s| s.id == e.source && s.kind == SourceKind::Iis)),
        "the EP finding cites only IIS lines"
    );
    let w = find(&a, "hcw-HCW8078");
    assert!(w.remedy.contains("Follow mrs-unreachable"), "{}", w.remedy);
    find(&a, "mrs-unreachable");
}

#[test]
fn the_agent_pattern_without_its_call_does_not_say_no_call_was_loaded() {
    // A failed call was loaded; it just did not fail on these legs.
    let a = analyse("diag21/agent-down-old-ep");
    let ep = find(&a, "ep-hybrid-agent");
    assert!(
        !ep.explanation.contains("No failing HCW call was loaded"),
        "{}",
        ep.explanation
    );
}

#[test]
fn hcw8078_follows_the_split_legs_that_failed_its_call() {
    let a = analyse("diag21/split-agent-mac-ep");
    let split = find(&a, "ntlm-split-connection");
    assert!(
        split
            .explanation
            .contains("Test-MigrationServerAvailability (20250218_101902.log:11"),
        "the split finding names the call it failed: {}",
        split.explanation
    );
    let w = find(&a, "hcw-HCW8078");
    assert!(
        w.remedy.contains("Follow ntlm-split-connection"),
        "{}",
        w.remedy
    );
    // The Mac client's EP failures are not the call's.
    let ep = find(&a, "ep-tls-offload");
    assert!(!ep.explanation.contains("Test-MigrationServerAvailability"));
}

#[test]
fn refusals_inside_the_failed_call_are_said_to_be_its_own() {
    // FBEX1 rejects the agent on EP, FBEX2's HTTP.sys answers 503 AppOffline, both during the
    // one failed call: the refusals are part of that call's failure.
    let a = analyse("diag21/ep-and-apppool");
    find(&a, "ep-hybrid-agent");
    let r = find(&a, "mrs-refused");
    assert!(
        !r.explanation
            .contains("no wizard call in the loaded logs explains them"),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation
            .contains("Test-MigrationServerAvailability (20250218_101902.log:11"),
        "{}",
        r.explanation
    );
}

#[test]
fn a_mac_client_is_not_the_agent_when_the_agent_s_server_was_not_loaded() {
    // The call failed with 401; the server the agent publishes was not collected; the loaded
    // server holds only a Mac Outlook client failing EP on Exchange.asmx.
    let a = analyse("diag21/agent-elsewhere-mac-ep");
    for f in &a.findings {
        let said = format!("{} {} {}", f.title, f.explanation, f.remedy);
        assert!(
            !(said.contains("10.40.7.99") && said.contains("Hybrid Agent")),
            "{} makes the Mac client the Hybrid Agent: {said}",
            f.id
        );
        assert!(!said.contains("Follow ep-hybrid-agent"), "{}: {said}", f.id);
    }
    // The Mac client's failures are still reported, as what they are.
    find(&a, "ep-tls-offload");
}

#[test]
fn legs_from_an_iis_log_that_ends_before_the_call_are_not_a_clock_offset() {
    // The IIS log ends two hours before the call: no clock is wrong, the log is of another
    // time.
    let a = analyse("diag21/iis-of-another-time");
    let ep = find(&a, "ep-hybrid-agent");
    assert!(
        !ep.explanation.contains("check the clock offset"),
        "{}",
        ep.explanation
    );
    assert!(
        ep.explanation.contains("No loaded IIS log covers"),
        "{}",
        ep.explanation
    );
}

#[test]
fn tls_offload_marks_a_server_named_after_its_log_folder_as_the_other_findings_do() {
    let a = analyse("diag21/agent-and-offload");
    let f = find(&a, "ep-tls-offload");
    assert!(
        f.explanation
            .contains("IIS on FBEX1 (named after the log folder) logged"),
        "{}",
        f.explanation
    );
}
