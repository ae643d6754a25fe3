//! The per-value helpers against the plain per-item way.

use super::super::common::{distinct, distinct_of, esc, iis_on, server_name};
use crate::analyze::names::OrgNames;
use proptest::prelude::*;

const VALUES: [&str; 5] = ["EX02/W3SVC1", "b\u{1b}x", "EX01/W3SVC1", "a", "EX01/W3SVC1"];

proptest! {
    #[test]
    fn values_per_distinct_item_equal_values_per_item(
        picks in proptest::collection::vec((0usize..5, any::<bool>()), 0..40),
    ) {
        // The same text at one address (a shared key) or at another (an equal key of its own).
        let copies: Vec<String> = VALUES.iter().map(|s| s.to_string()).collect();
        let items: Vec<&str> = picks
            .iter()
            .map(|&(i, copy)| if copy { copies[i].as_str() } else { VALUES[i] })
            .collect();
        prop_assert_eq!(
            distinct_of(items.iter().copied(), esc),
            distinct(items.iter().map(|s| esc(s)))
        );
        prop_assert_eq!(
            distinct_of(items.iter().copied(), server_name),
            distinct(items.iter().map(|s| server_name(s)))
        );
        let names = OrgNames::default();
        let folders = distinct(items.iter().map(|s| server_name(s)));
        let on = iis_on(&names, items.iter().copied());
        prop_assert!(folders.iter().all(|f| on.contains(f.as_str())), "{}", on);
    }
}

#[test]
fn a_server_known_by_its_address_is_not_called_a_folder() {
    let names = OrgNames::default();
    assert_eq!(
        iis_on(&names, ["10.0.0.5"]),
        "IIS on 10.0.0.5 (its address: the log names no server)"
    );
    assert_eq!(
        iis_on(&names, ["EX01/W3SVC1", "fe80::1", "10.0.0.5", "EX01"]),
        "IIS on EX01 and on 10.0.0.5 and fe80::1 (their addresses: the logs name no server)"
    );
}

#[test]
fn a_server_is_named_once_whichever_folder_named_it() {
    // One server's logs in different folders (its site folder, its HTTPERR folder), one of
    // them naming it in its lines: the sentence names the server once.
    let names = OrgNames::default();
    assert_eq!(iis_on(&names, ["EX01/HTTPERR", "EX01"]), "IIS on EX01");
    assert_eq!(iis_on(&names, ["ex01/W3SVC1", "EX01"]), "IIS on EX01");
    assert_eq!(
        iis_on(&names, ["EX01/W3SVC1", "ex01/HTTPERR", "EX02\\W3SVC2"]),
        "IIS on EX01 and EX02 (named after the log folders)"
    );
    assert_eq!(
        iis_on(&names, ["EX01/HTTPERR", "EX02"]),
        "IIS on EX02 and on EX01 (named after the log folder)"
    );
    assert_eq!(server_name("EX02\\HTTPERR"), "EX02");
}

#[test]
fn the_mail_domain_is_the_one_of_the_tested_mailbox() {
    use super::super::common::mail_domain;
    use crate::analyze::cmdlet::CmdletOutcome;
    use crate::analyze::correlate::testcalls::tmsa;
    let with = |args: &str| {
        let mut c = tmsa(
            crate::time::UtcMs(0),
            1000,
            CmdletOutcome::Failed,
            "AutoDiscover failed",
            "",
            1,
        );
        c.command = format!("Test-MigrationServerAvailability -ExchangeRemoteMove: $true {args}");
        mail_domain(&c)
    };
    assert_eq!(
        with("-Autodiscover: $true -EmailAddress 'Admin@Contoso.DE' -Credentials (x)").as_deref(),
        Some("contoso.de")
    );
    assert_eq!(
        with("-EmailAddress: admin@fabrikam.co.uk").as_deref(),
        Some("fabrikam.co.uk")
    );
    assert_eq!(
        with("-EmailAddressPolicyEnabled: $true -EmailAddress 'a@northwind.com'").as_deref(),
        Some("northwind.com")
    );
    assert_eq!(with("-EmailAddress 'admin'"), None);
    assert_eq!(with("-EmailAddress 'admin@localhost'"), None);
    assert_eq!(with("-RemoteServer 'mail.contoso.com'"), None);
}
