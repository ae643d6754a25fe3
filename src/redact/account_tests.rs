//! Accounts: one account reads as one token in every form, generic accounts stay in every form,
//! and a learned account name rewrites neither other words nor hcwlens' own text.

use super::*;

#[test]
fn one_account_one_token_in_every_form() {
    let mut r = Redactor::new();
    assert_eq!(
        r.redact(r"START Test-MigrationServerAvailability -Credentials (Get-Credential -UserName CONTOSO\jdoe.adm)"),
        "START Test-MigrationServerAvailability -Credentials (Get-Credential -UserName user-1)"
    );
    assert_eq!(
        r.redact("2024-11-05 13:23:46 10.0.5.20 POST /EWS/mrsproxy.svc - 443 jdoe.adm 10.0.9.7 - 401 1 2148074310 1"),
        "2024-11-05 13:23:46 ip-1 POST /EWS/mrsproxy.svc - 443 user-1 ip-2 - 401 1 2148074310 1"
    );
    assert_eq!(
        r.redact(r#"{"user":"jdoe.adm","reason":"An account failed to log on: user CONTOSO\\jdoe.adm, jdoe.adm@contoso.com"}"#),
        r#"{"user":"user-1","reason":"An account failed to log on: user user-1, user-1"}"#
    );
}

#[test]
fn generic_accounts_stay_in_every_form_and_their_domain_goes() {
    let mut r = Redactor::new();
    let out = r.redact(
        r#"{"user":"Guest","workstation":"WIN-L0ZZQ76PMUF","reason":"Security 4625: account disabled (0xC0000072), Negotiate, user WIN-L0ZZQ76PMUF\\Guest, logon type 3, from workstation WIN-L0ZZQ76PMUF"}"#,
    );
    assert_eq!(
        out,
        r#"{"user":"Guest","workstation":"host-1","reason":"Security 4625: account disabled (0xC0000072), Negotiate, user host-1\\Guest, logon type 3, from workstation host-1"}"#
    );
    assert_eq!(
        r.redact(r"CONTOSO\Administrator and administrator@contoso.com and admin@microsoft.com"),
        r"host-2\Administrator and administrator@host-3 and admin@microsoft.com"
    );
    r.seed(Kind::User, "Guest");
    assert_eq!(r.redact("Guest logged on"), "Guest logged on");
}

#[test]
fn an_account_named_after_its_job_does_not_rewrite_hcwlens_text() {
    let mut r = Redactor::new();
    assert_eq!(
        r.redact(r"-Credentials (Get-Credential -UserName CONTOSO\migration) as CONTOSO\hybrid"),
        r"-Credentials (Get-Credential -UserName host-1\migration) as host-1\hybrid"
    );
    r.seed(Kind::User, "mrsproxy");
    let ours = "HCW8078: Migration Endpoint could not be created. Test-MigrationServerAvailability \
                failed, going through the Hybrid Agent; run Get-HybridApplication (HybridManagement \
                module); check that the mrsproxy handshakes now end in 200 on /EWS/mrsproxy.svc. \
                [Error] ep-hybrid-agent, Modern Hybrid";
    assert_eq!(r.redact(ours), ours);
}

#[test]
fn a_learned_account_stands_alone_or_stays() {
    let mut r = Redactor::new();
    r.redact(r"CONTOSO\svcmigrate and CONTOSO\bob");
    let text = "Test-svcmigrateServer ep-svcmigrate-agent red5_svcmigrate /EWS/svcmigrate.svc \
                https://learn.microsoft.com/exchange/svcmigrate-deployment/svcmigrate-agent \
                svcmigrate.contoso bobcat bob.smith";
    let out = r.redact(text);
    assert!(
        out.starts_with(
            "Test-svcmigrateServer ep-svcmigrate-agent red5_svcmigrate /EWS/svcmigrate.svc \
             https://learn.microsoft.com/exchange/svcmigrate-deployment/svcmigrate-agent"
        ),
        "{out}"
    );
    assert_eq!(
        r.redact("svcmigrate, then (bob) and 'svcmigrate'. bob."),
        "user-1, then (user-2) and 'user-1'. user-2."
    );
}

#[test]
fn learned_labels_are_still_found_inside_words_but_not_in_cmdlet_names() {
    let mut r = Redactor::new();
    r.redact(r"MIGRATIONLAB\bob on ex01.fabrikam.com");
    assert_eq!(
        r.redact("/o=FABRIKAMMSG DC=fabrikam; MIGRATIONLAB org; Test-MigrationLabServer"),
        "/o=host-2MSG DC=host-2; host-3 org; Test-MigrationLabServer"
    );
}
