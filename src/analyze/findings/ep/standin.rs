//! Which channel-binding failures on other EWS paths may stand in for the Hybrid Agent's when a
//! failed call's own mrsproxy legs are not in the loaded logs (the server the agent publishes
//! was not collected, or the clocks disagree): none while some mrsproxy handshake failed
//! otherwise (it tells the call's story), and never those of an end user's mail client or
//! browser, which the agent does not send (its requests carry no user agent on mrsproxy and a
//! service's on free/busy). Legs of another time stand in for a call either because the
//! clocks disagree (an IIS log covers the call) or because no loaded IIS log covers the call
//! ([`covers_a_call`]), and the finding says which.

use super::super::DiagnoseInput;
use crate::analyze::correlate::call_window;
use crate::analyze::handshake::SEC_E_BAD_BINDINGS;
use crate::analyze::mrs::is_mrsproxy;
use crate::source::SourceKind;

/// The handshakes of `ews_bb` that may stand in for the agent's.
pub fn stand_ins(input: &DiagnoseInput<'_>, ews_bb: &[usize]) -> Vec<usize> {
    if mrs_failed_otherwise(input) {
        return Vec::new();
    }
    let hs = input.handshakes;
    ews_bb
        .iter()
        .copied()
        .filter(|&h| !is_user_client(&hs[h].user_agent))
        .collect()
}

/// Whether some loaded IIS log spans the window of one of the calls.
pub fn covers_a_call(input: &DiagnoseInput<'_>, calls: &[usize]) -> bool {
    calls.iter().any(|&c| {
        let (start, end) = call_window(&input.cmdlets[c]);
        input.sources.iter().any(|s| {
            s.kind == SourceKind::Iis && s.span.is_some_and(|(a, b)| a <= start && b >= end)
        })
    })
}

/// Some mrsproxy handshake failed on something else than the channel binding.
fn mrs_failed_otherwise(input: &DiagnoseInput<'_>) -> bool {
    input
        .handshakes
        .iter()
        .any(|h| h.failure_code.is_some_and(|c| c != SEC_E_BAD_BINDINGS) && is_mrsproxy(&h.uri))
}

/// User agents of end users' mail clients and browsers (IIS writes spaces as `+`).
const USER_CLIENTS: &[&str] = &[
    "microsoft+office",
    "microsoft office",
    "microsoft+outlook",
    "microsoft outlook",
    "macoutlook",
    "outlook-ios",
    "outlook-android",
    "appleexchangewebservices",
    "mozilla/",
];

/// Whether the user agent is an end user's mail client or browser.
fn is_user_client(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    USER_CLIENTS.iter().any(|c| ua.contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_user_client;

    #[test]
    fn mail_clients_and_browsers_are_users_and_services_are_not() {
        for ua in [
            "MacOutlook/16.90.24101011",
            "Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)",
            "AppleExchangeWebServices/818.0.1",
            "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)",
        ] {
            assert!(is_user_client(ua), "{ua}");
        }
        for ua in [
            "-",
            "",
            "ASProxy/CrossForest/EmptyDomain/EmptyVersion",
            "ExchangeServicesClient/15.0",
        ] {
            assert!(!is_user_client(ua), "{ua}");
        }
    }
}
