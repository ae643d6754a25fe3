//! `ep-tls-offload`: SEC_E_BAD_BINDINGS for many clients or virtual directories means TLS is
//! terminated in front of Exchange (offloading load balancer, reverse proxy, inspecting device).
//! The finding names the address(es) that carried the failing handshakes: the `c-ip` a proxy
//! connected from when X-Forwarded-For named the real client, else the `c-ip` itself. A failing
//! HCW call that named a published host (classic hybrid) is cited here too: one address
//! carrying its failures is then the device that ends TLS, not the Hybrid Agent.

use super::super::DiagnoseInput;
use super::super::common::{
    Draft, MAX_HANDSHAKES, calls_failed, distinct, distinct_of, esc, handshake_label, iis_on,
    is_ews, list, org_names, vdir,
};
use super::super::text::{EP_DOC, EP_SCRIPT_DOC, SSPI_DOC, code_label};
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::analyze::handshake::SEC_E_BAD_BINDINGS;

/// Whether failures spread beyond one Hybrid-Agent-like source: outside EWS on several
/// virtual directories, or from three or more client addresses.
pub fn offload_is_clear(input: &DiagnoseInput<'_>, legs: &[usize]) -> bool {
    let hs = input.handshakes;
    let vdirs = distinct_of(legs.iter().map(|&h| hs[h].uri.as_str()), vdir);
    let clients = distinct_of(legs.iter().map(|&h| hs[h].client.as_str()), str::to_string);
    let outside_ews = legs.iter().any(|&h| !is_ews(&hs[h].uri));
    (outside_ews && vdirs.len() >= 2) || clients.len() >= 3
}

pub fn tls_offload(input: &DiagnoseInput<'_>, legs: &[usize], calls: &[usize]) -> Option<Finding> {
    let hs = input.handshakes;
    let clear = offload_is_clear(input, legs) || !calls.is_empty();
    // Named as every finding names a server (the load's one name for its machine, a folder's
    // name marked as such).
    let names = org_names(input);
    let labels: Vec<String> = legs
        .iter()
        .map(|&h| handshake_label(input, &hs[h], false))
        .collect();
    let servers = iis_on(&names, labels.iter().map(String::as_str));
    let clients = distinct_of(
        legs.iter().map(|&h| crate::wording::client(&hs[h].client)),
        esc,
    );
    let carriers = distinct_of(
        legs.iter().map(|&h| {
            hs[h]
                .via
                .as_deref()
                .unwrap_or(crate::wording::client(&hs[h].client))
        }),
        esc,
    );
    let proxied = legs.iter().any(|&h| hs[h].via.is_some());
    let mut vdirs = distinct_of(legs.iter().map(|&h| hs[h].uri.as_str()), |u| esc(&vdir(u)));
    vdirs.sort_by_key(|v| v.to_ascii_lowercase());
    let n = legs.len();
    let severity = if clear {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = Draft::new(FindingId::EpTlsOffload, severity);
    let title = |is: &str| {
        format!(
            "TLS {is} terminated in front of Exchange: SEC_E_BAD_BINDINGS on {} ({n} handshake{})",
            list(&vdirs),
            if n == 1 { "" } else { "s" }
        )
    };
    d.title = title("is");
    d.title_fixed = Some(title("was"));
    let mut why = String::new();
    if !calls.is_empty() {
        let remotes = distinct(
            calls
                .iter()
                .filter_map(|&c| input.cmdlets[c].remote_server.as_deref())
                .map(esc),
        );
        let how = format!(
            " against {}, a published name and not the Hybrid Agent's endpoint (classic \
             hybrid: Exchange Online connects to it directly)",
            list(&remotes)
        );
        why.push_str(&calls_failed(&mut d, input, calls, &how));
    }
    // A log without c-ip names no address: one "address" there is every client.
    let unlogged = legs.iter().any(|&h| hs[h].client.is_empty());
    why.push_str(&format!(
        "{} logged {n} NTLM handshake{} from {} for {} that ended in \
         401 1 {}: the channel binding in the {} does not match the TLS connection \
         Exchange sees, so Extended Protection rejects {}. ",
        servers,
        if n == 1 { "" } else { "s" },
        match clients.len() {
            _ if unlogged => "addresses the log does not name (no c-ip)".to_string(),
            1 => "1 client address".to_string(),
            k => format!("{k} client addresses"),
        },
        list(&vdirs),
        code_label(SEC_E_BAD_BINDINGS),
        match (clients.len(), n) {
            _ if unlogged => "clients' tokens",
            (1, 1) => "client's token",
            (1, _) => "client's tokens",
            _ => "clients' tokens",
        },
        if n == 1 { "it" } else { "them" },
    ));
    let lead = if clear && calls.is_empty() {
        why.push_str("The failures are not limited to the MRS proxy of a Hybrid Agent: ");
        "this"
    } else {
        "This"
    };
    why.push_str(&format!(
        "{lead} happens when TLS is terminated between the client and Exchange (SSL offloading \
         on a load balancer, a reverse proxy or WAF, a TLS-inspecting firewall or antivirus) and \
         a new TLS session, often with another certificate, is opened to Exchange. Extended \
         Protection does not support SSL offloading; SSL bridging is supported only when the \
         device presents the same certificate as Exchange.",
    ));
    if proxied {
        why.push_str(&format!(
            " X-Forwarded-For names the clients; the connections to Exchange came from {}: \
             {} the device in the middle that terminates TLS.",
            list(&carriers),
            if carriers.len() == 1 {
                "that address is"
            } else {
                "those addresses are"
            }
        ));
    } else if unlogged {
        why.push_str(
            " The log names no client address (no c-ip), so it cannot show where the failing \
             connections came from: log the Client IP Address field to find the device in the \
             middle.",
        );
    } else if carriers.len() == 1 {
        why.push_str(&format!(
            " All of them came from {}: that address is the device in the middle (a load \
             balancer or proxy) or a machine whose security software inspects TLS.",
            carriers[0]
        ));
    } else {
        why.push_str(&format!(
            " The failing connections came from {}.",
            list(&carriers)
        ));
    }
    d.explanation = why;
    d.remedy = "Fix the device in the middle, not Exchange: publish Exchange with TLS \
                pass-through (layer 4), or with SSL bridging that re-encrypts using the same \
                certificate as the Exchange servers; exclude Exchange from TLS inspection on \
                firewalls and client security software. Do not disable Extended Protection to \
                make offloading work: it is what protects Exchange against NTLM relay \
                (CVE-2024-21410). .\\ExchangeExtendedProtectionManagement.ps1 \
                -PrerequisitesCheckOnly confirms the TLS settings are consistent across servers."
        .to_string();
    for &h in legs.iter().take(MAX_HANDSHAKES) {
        d.handshake(&hs[h]);
    }
    d.references = vec![EP_DOC, EP_SCRIPT_DOC, SSPI_DOC];
    d.build()
}
