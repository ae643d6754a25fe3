//! The fix for `ep-hybrid-agent`: exclude front-end EWS from Extended Protection on the servers
//! the Hybrid Agent publishes, with every value of the commands taken from the logs (the server
//! that logged the failing legs or the one HCW published EWS from, the agent's endpoint, the
//! migration account), else a placeholder saying where to find it.

use super::super::DiagnoseInput;
use super::super::common::{credential_user, esc, list, named_servers};
use super::super::text::{EP_SCRIPT_DOWNLOAD, PH_ACCOUNT, PH_AGENT_ENDPOINT, PH_AGENT_SERVERS};
use crate::analyze::names::{OrgNames, is_agent_host};

/// The remedy text; `labels` are the server labels of the failing legs, `hosts` their clients,
/// `own` those of `hosts` that are the Exchange server's own address (an agent installed on it).
pub fn remedy<'a>(
    input: &DiagnoseInput<'_>,
    names: &OrgNames,
    calls: &[usize],
    labels: impl IntoIterator<Item = &'a str>,
    hosts: &[String],
    own: &[String],
) -> String {
    let labels: Vec<&str> = labels.into_iter().collect();
    let logged = named_servers(names, labels.iter().copied());
    let unnamed = labels.iter().any(|l| names.server_for_label(l).is_none());
    let published: Vec<String> = names
        .published_servers()
        .iter()
        .map(|s| s.name.clone())
        .filter(|p| !logged.contains(p))
        .collect();
    let mut servers = logged.clone();
    let mut which = Vec::new();
    if !logged.is_empty() {
        which.push(format!(
            "The failing legs here were logged by {}.",
            list(&logged)
        ));
    }
    if unnamed && !published.is_empty() {
        let lead = if logged.is_empty() {
            "The IIS log does not name its server"
        } else {
            "An IIS log that does not name its server has failing legs too"
        };
        which.push(format!(
            "{lead}; per the HCW log, EWS is published from {} (filled in below): check it \
             against TargetUri.",
            list(&published)
        ));
        servers.extend(published);
    } else if unnamed && !logged.is_empty() {
        // Without the HCW log's published servers, a log named only after its folder still
        // failed: its server belongs in the command as much as the named ones.
        let mut folders: Vec<String> = Vec::new();
        for l in labels
            .iter()
            .filter(|l| names.server_for_label(l).is_none())
        {
            let l = esc(l);
            if !folders.contains(&l) {
                folders.push(l);
            }
        }
        which.push(format!(
            "IIS logs that do not name their server have failing legs too ({}, named here after \
             their folder): add the name of the server that wrote them (filled in below as a \
             placeholder).",
            list(&folders)
        ));
        servers.extend(folders.iter().map(|f| format!("<server of the {f} logs>")));
    }
    let (server_arg, which) = if servers.is_empty() {
        (
            PH_AGENT_SERVERS.to_string(),
            "No loaded log names the server that logged the failing legs.".to_string(),
        )
    } else {
        (servers.join(", "), which.join(" "))
    };
    let endpoint = calls
        .iter()
        .filter_map(|&c| input.cmdlets[c].remote_server.as_deref())
        .find(|r| is_agent_host(r))
        .map(esc)
        .or_else(|| names.agent_endpoint.clone())
        .unwrap_or_else(|| PH_AGENT_ENDPOINT.to_string());
    let account = calls
        .iter()
        .find_map(|&c| credential_user(&input.cmdlets[c]))
        .or_else(|| names.account.clone())
        .unwrap_or_else(|| PH_ACCOUNT.to_string());
    format!(
        "Supported fix for Modern Hybrid: keep Extended Protection everywhere except front-end EWS \
         on the Exchange servers the Hybrid Agent publishes.\n\
         1. On the agent host run Get-HybridApplication (HybridManagement module): TargetUri names \
         the server(s) the agent reaches; if it is a load-balancer name, every Client Access \
         server behind it counts. {which}\n\
         2. In an elevated Exchange Management Shell (Organization Management) run the CSS-Exchange \
         script ({EP_SCRIPT_DOWNLOAD}):\n   \
         .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames {server_arg} -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   \
         This leaves Default Web Site/EWS without EP and keeps Exchange Back End/EWS and every \
         other virtual directory protected; check with -ShowExtendedProtection.\n\
         3. Microsoft's conditions: {controls}; run future CU setups with /DoNotEnableEP_FEEWS so \
         front-end EWS is not protected again.\n\
         4. Re-run HCW, or test from Exchange Online PowerShell:\n   \
         Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer {endpoint} -Credentials (Get-Credential {account})\n   \
         and check that the mrsproxy handshakes now end in 200.\n\
         Last resort only: -DisableExtendedProtection turns EP off on every virtual directory of \
         the targeted servers and removes the protection against NTLM relay (CVE-2024-21410) \
         that CU14 enabled; do not use it when the exclusion above works.",
        controls = controls(hosts, own),
    )
}

/// Microsoft's compensating controls, written for an agent on a host of its own; a failing leg
/// from the server's own address means the agent runs on the Exchange server, where allowing
/// inbound connections only from the agent host would shut out every other client.
fn controls(hosts: &[String], own: &[String]) -> String {
    let other: Vec<String> = hosts.iter().filter(|h| !own.contains(h)).cloned().collect();
    let firewall = "as compensating controls, allow inbound connections to these servers only \
                    from the Hybrid Agent host(s)";
    if own.is_empty() {
        return format!("{firewall} ({}) and host no mailboxes on them", list(hosts));
    }
    let on_server = format!(
        "the failing legs from {} came from the Exchange server's own address, so the Hybrid \
         Agent runs on the Exchange server itself: the compensating controls (inbound \
         connections only from the agent host, no mailboxes on the published servers) are \
         written for an agent on a machine of its own",
        list(own)
    );
    if other.is_empty() {
        on_server
    } else {
        format!(
            "{firewall} ({}) and host no mailboxes on them; {on_server}",
            list(&other)
        )
    }
}
