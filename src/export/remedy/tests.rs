//! Remedy prose as Markdown: commands fenced, the prose around them left readable.

use super::*;

#[test]
fn inline_commands_are_lifted_into_fences() {
    let md = remedy_markdown(
        "Check the account TAILSPIN\\svc-hybrid. Then test: Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer mail.tailspin.com -Credentials (Get-Credential TAILSPIN\\svc-hybrid); when it succeeds, update the endpoint with Set-MigrationEndpoint -Credentials.",
    );
    assert_eq!(
        md,
        "Check the account TAILSPIN\\svc-hybrid. Then test:\n\n```powershell\n\
         Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer mail.tailspin.com -Credentials (Get-Credential TAILSPIN\\svc-hybrid)\n```\n\n\
         when it succeeds, update the endpoint with\n\n```powershell\nSet-MigrationEndpoint -Credentials\n```"
    );
}

#[test]
fn script_lines_in_a_list_stay_in_the_item() {
    let md = remedy_markdown(
        "Fix:\n1. On the agent host run Get-HybridApplication (HybridManagement module): it names the servers.\n2. Run the script:\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   This leaves EWS unprotected.\nLast resort only: nothing.",
    );
    assert!(
        md.contains("2. Run the script:\n\n   ```powershell\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   ```\n"),
        "{md}"
    );
    assert!(
        md.contains("Get-HybridApplication (HybridManagement module)"),
        "a bare name is not a command: {md}"
    );
    assert!(md.contains("\n\nLast resort only"), "{md}");
}

#[test]
fn pipelines_and_plain_words_end_where_they_should() {
    let md = remedy_markdown(
        "Check that MRS proxy is enabled (Get-WebServicesVirtualDirectory | Format-Table Identity,MRSProxyEnabled). Load the logs. .\\X.ps1 -PrerequisitesCheckOnly confirms it.",
    );
    assert!(
        md.contains("```powershell\nGet-WebServicesVirtualDirectory | Format-Table Identity,MRSProxyEnabled\n```"),
        "{md}"
    );
    assert!(
        md.contains("```powershell\n.\\X.ps1 -PrerequisitesCheckOnly\n```\n\nconfirms it."),
        "{md}"
    );
    assert!(md.contains("Load the logs."), "{md}");
}

#[test]
fn a_command_lifted_out_of_parentheses_leaves_none_open() {
    let md = remedy_markdown(
        "If mail.contoso.com is a typo, run HCW again and enter the external name that is published (the host of the EWS ExternalUrl: Get-WebServicesVirtualDirectory | Format-List Server,ExternalUrl).",
    );
    assert_eq!(
        md,
        "If mail.contoso.com is a typo, run HCW again and enter the external name that is \
         published, the host of the EWS ExternalUrl:\n\n```powershell\n\
         Get-WebServicesVirtualDirectory | Format-List Server,ExternalUrl\n```"
    );
}

#[test]
fn every_command_of_a_remedy_is_fenced() {
    // Resolve-DnsName beside Test-NetConnection: one fenced and not the other would read as if
    // one were prose.
    let md = remedy_markdown(
        "Check the name from outside your network: Resolve-DnsName mail.contoso.com -Server 8.8.8.8 (or nslookup mail.contoso.com 8.8.8.8). Then Test-NetConnection mail.contoso.com -Port 443.",
    );
    assert!(
        md.contains("```powershell\nResolve-DnsName mail.contoso.com -Server 8.8.8.8\n```\n\n(or nslookup mail.contoso.com 8.8.8.8). Then"),
        "{md}"
    );
    assert!(
        md.contains("```powershell\nTest-NetConnection mail.contoso.com -Port 443\n```"),
        "{md}"
    );
}
