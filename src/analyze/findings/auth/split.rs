//! `ntlm-split-connection`: SEC_E_INVALID_TOKEN on the final leg, the server got the last NTLM
//! message without its challenge because the client's legs went over other connections or to
//! other servers; quoted with the other half where one is found ([`super::halves`]).

use super::super::DiagnoseInput;
use super::super::census::Census;
use super::super::common::{
    Draft, MAX_HANDSHAKES, call_desc, display_site, distinct_of, esc, failed_mrs_calls,
    handshake_label, linked_to, list, named_servers, org_names,
};
use super::super::text::{SPLIT_BLOG, SSPI_DOC, code_label};
use super::final_server;
use super::halves::Halves;
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::analyze::handshake::{Handshake, SEC_E_INVALID_TOKEN};

pub fn split_connection(input: &DiagnoseInput<'_>, census: &Census) -> Option<Finding> {
    let hs = input.handshakes;
    let failed = census.failed_with(hs, |c| c == SEC_E_INVALID_TOKEN);
    if failed.is_empty() {
        return None;
    }
    // The failed calls whose window holds split legs: they failed the calls.
    let calls: Vec<usize> = failed_mrs_calls(input)
        .into_iter()
        .filter(|&c| failed.iter().any(|&h| linked_to(&hs[h], &[c])))
        .collect();
    let for_calls = !calls.is_empty();
    let mut index = Halves::new(hs, &census.abandoned_ntlm);
    // A handshake joined across servers (`split`) holds both halves itself. Only the first
    // pairs are quoted, so the search stops there.
    let halves: Vec<(usize, &Handshake)> = failed
        .iter()
        .filter_map(|&h| match hs[h].split {
            Some(_) => Some((h, &hs[h])),
            None => index.other_half(&hs[h]).map(|o| (h, o)),
        })
        .take(MAX_HANDSHAKES / 2)
        .collect();
    let severity = if for_calls {
        Severity::Error
    } else if !halves.is_empty() || failed.len() >= 3 {
        Severity::Warning
    } else {
        Severity::Info
    };
    let names = org_names(input);
    let clients = distinct_of(
        failed
            .iter()
            .map(|&h| crate::wording::client(&hs[h].client)),
        esc,
    );
    let uris = distinct_of(failed.iter().map(|&h| hs[h].uri.as_str()), esc);
    let mut d = Draft::new(FindingId::NtlmSplitConnection, severity);
    d.title = format!(
        "NTLM legs split across connections or servers: SEC_E_INVALID_TOKEN on {} ({} handshake{})",
        list(&uris),
        failed.len(),
        if failed.len() == 1 { "" } else { "s" }
    );
    let mut why = format!(
        "{} logged {} final NTLM leg{} for {} from {} ending in 401 1 {}. The server received \
         the last NTLM message without the challenge it belongs to: NTLM needs all its messages \
         on one TCP connection to one server, so this happens when the client's requests travel \
         on different connections or reach different servers. ",
        super::iis_on_final(input, &names, &failed),
        failed.len(),
        if failed.len() == 1 { "" } else { "s" },
        list(&uris),
        list(&clients),
        code_label(SEC_E_INVALID_TOKEN),
    );
    if let Some(&(h, o)) = halves.first() {
        // Each server by its site where its machine logs in several, as `IIS on` names them.
        let challenge = handshake_label(input, o, false);
        let last = handshake_label(input, &hs[h], true);
        why.push_str(&format!(
            "For example, the challenge for {} from {} was issued by {} and the final leg \
             reached {} moments later. ",
            esc(&hs[h].uri),
            esc(crate::wording::client(&hs[h].client)),
            display_site(&names, &challenge),
            display_site(&names, &last)
        ));
    }
    why.push_str(
        "Typical causes: a load balancer without affinity that spreads one client's requests \
         over several servers, or a proxy/load balancer that pools or multiplexes connections \
         to Exchange.",
    );
    if for_calls {
        let affected: Vec<String> = calls
            .iter()
            .map(|&c| call_desc(input.sources, &input.cmdlets[c]))
            .collect();
        why.push_str(&format!(
            " These failures fall into the window of {}, which failed: Exchange Online's MRS \
             requests are affected.",
            list(&affected)
        ));
        for &c in &calls {
            d.call(&input.cmdlets[c]);
        }
    }
    d.explanation = why;
    let named = named_servers(&names, failed.iter().map(|&h| final_server(&hs[h])));
    let servers = if named.is_empty() {
        "these servers".to_string()
    } else {
        list(&named)
    };
    d.remedy = format!(
        "On the load balancer in front of {servers}: use source-IP or cookie affinity, or \
         layer-4 (TCP) persistence, for the Exchange virtual services; turn off connection \
         pooling/multiplexing towards Exchange (for example OneConnect-style profiles). \
         Alternatively let clients use Kerberos (Negotiate with an alternate service account), \
         which authenticates in a single round trip."
    );
    for &(h, o) in halves.iter().take(MAX_HANDSHAKES / 2) {
        if !std::ptr::eq(o, &hs[h]) {
            d.handshake(o);
        }
        d.handshake(&hs[h]);
    }
    for &h in failed.iter().take(MAX_HANDSHAKES) {
        d.handshake(&hs[h]);
    }
    d.references = vec![SPLIT_BLOG, SSPI_DOC];
    d.build()
}
