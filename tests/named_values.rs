//! Remedies name what the HCW run itself names, and keep the placeholder otherwise: the
//! Extended Protection script of `hcw-unauthorized` gets the servers HCW published EWS from
//! (`-ExchangeServerNames WGBEX02, WGBEX01`: the EWS directory it chose, the server it reset
//! IIS on), `hcw-autodiscover`'s direct test gets the external host of that directory. Another
//! organisation's run loaded beside it (fabrikam) lends neither; a run that names nothing keeps
//! `<EWS external host>`.

use crate::report_json;

use report_json::finding;

#[test]
fn the_ep_script_names_the_servers_the_run_published_ews_from() {
    let f = finding(
        "tests/fixtures/dedupe/names/unauthorized",
        "hcw-unauthorized",
    );
    assert!(
        f.remedy
            .contains("-ExchangeServerNames WGBEX02, WGBEX01 -ExcludeVirtualDirectories"),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("FABEX07"), "{}", f.remedy);
    assert!(!f.remedy.contains("<servers behind"), "{}", f.remedy);
}

#[test]
fn the_direct_test_names_the_ews_external_host_the_run_chose() {
    let f = finding(
        "tests/fixtures/dedupe/names/autodiscover",
        "hcw-autodiscover",
    );
    assert!(
        f.remedy.contains(
            "Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer \
             mail.tailspin-toys.co.uk -Credentials"
        ),
        "{}",
        f.remedy
    );
    assert!(!f.remedy.contains("fabrikam"), "{}", f.remedy);
}

#[test]
fn a_run_that_names_no_ews_host_keeps_the_placeholder() {
    let f = finding("tests/fixtures/refusals/autodiscover", "hcw-autodiscover");
    assert!(
        f.remedy.contains("-RemoteServer <EWS external host>"),
        "{}",
        f.remedy
    );
}

/// The Autodiscover test names the mailbox it looked up (`-EmailAddress`): the remedy tests
/// that mailbox, not "the migration account's mailbox" the admin then has to look up.
#[test]
fn the_autodiscover_remedy_names_the_mailbox_the_failed_test_looked_up() {
    let f = finding("tests/fixtures/refusals/autodiscover", "hcw-autodiscover");
    assert!(
        f.remedy
            .contains("Outlook Autodiscover) for the mailbox migration.admin@Tailspin-Toys.co.uk"),
        "{}",
        f.remedy
    );
    assert!(
        !f.remedy.contains("migration account's mailbox"),
        "{}",
        f.remedy
    );
}
