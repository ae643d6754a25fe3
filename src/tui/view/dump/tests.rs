use super::*;

#[test]
fn failed_outcome_breaks_into_properties_despite_inner_quotes() {
    let body = "FINISH Time=51.4s Results=1\nTestMigrationServerAvailabilityOutcome {ErrorDetail='Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed.\n   at Microsoft.Exchange.Management.Migration.X.InternalProcessEndpoint(Boolean fromAutoDiscover)' IsValid=1 Message='The connection to the server 'mail.contoso.com' could not be completed.' ObjectState='New' Result='Failed' SupportsCutover=0}";
    let out = expand(body);
    assert_eq!(out[0], "FINISH Time=51.4s Results=1");
    assert_eq!(out[1], "TestMigrationServerAvailabilityOutcome {");
    assert!(out[2].starts_with("  ErrorDetail='Microsoft.Exchange.Migration"));
    assert_eq!(
        out[3],
        "    at Microsoft.Exchange.Management.Migration.X.InternalProcessEndpoint(Boolean fromAutoDiscover)'"
    );
    assert_eq!(out[4], "  IsValid=1");
    assert_eq!(
        out[5],
        "  Message='The connection to the server 'mail.contoso.com' could not be completed.'"
    );
    assert_eq!(out[6], "  ObjectState='New'");
    assert_eq!(out[7], "  Result='Failed'");
    assert_eq!(out[8], "  SupportsCutover=0");
    assert_eq!(out[9], "}");
    assert_eq!(out.len(), 10);
}

#[test]
fn lists_stay_whole() {
    let out = expand(
        "ADWebServicesVirtualDirectory {ExtendedProtectionFlags=[] ExternalAuthenticationMethods=['Ntlm', 'WindowsIntegrated', 'OAuth'] MRSProxyEnabled=1}",
    );
    assert_eq!(
        out,
        vec![
            "ADWebServicesVirtualDirectory {",
            "  ExtendedProtectionFlags=[]",
            "  ExternalAuthenticationMethods=['Ntlm', 'WindowsIntegrated', 'OAuth']",
            "  MRSProxyEnabled=1",
            "}",
        ]
    );
}

#[test]
fn non_dumps_and_unclosed_dumps_pass_through() {
    let text = "Stopping IIS Admin Service {maybe}\nFoo {Bar='x'";
    assert_eq!(
        expand(text),
        vec!["Stopping IIS Admin Service {maybe}", "Foo {Bar='x'"]
    );
    assert_eq!(expand("plain line"), vec!["plain line"]);
    assert!(expand("").is_empty());
}

proptest::proptest! {
    #[test]
    fn never_panics_and_keeps_non_dump_text(s in "\\PC{0,200}") {
        let out = expand(&s);
        if !s.contains(" {") {
            let joined = out.join("\n");
            proptest::prop_assert_eq!(joined, s.lines().collect::<Vec<_>>().join("\n"));
        }
    }
}
