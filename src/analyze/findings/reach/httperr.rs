//! What `mrs-unreachable` says when HTTP.sys logged the mrsproxy connections it dropped: they
//! did reach the server, so DNS, NAT and the inbound 443 rule brought them there. The HTTPERR
//! reason's class says what happened next: the EWS application pool was down or too busy
//! (`AppOffline`, `QueueFull` …: HTTP.sys answered 503 itself), HTTP.sys rejected the request
//! (`EntityTooLarge`, `FieldLength` …), or the request stalled inside the connection (the
//! `Timer_*` that fired). The application pool step is the refusal table's
//! ([`START_EWS_POOL`]), the same as for a 503 IIS logged.

use super::super::refusal::START_EWS_POOL;
use crate::codes::httperr::{HttpErrClass, httperr_reason};

/// The most telling class among the reasons: a server failure, else a rejection, else the
/// connection.
fn class_of(reasons: &[String]) -> HttpErrClass {
    let classes: Vec<HttpErrClass> = reasons
        .iter()
        .filter_map(|r| httperr_reason(r).map(|x| x.class()))
        .collect();
    [HttpErrClass::ServerFailure, HttpErrClass::Rejected]
        .into_iter()
        .find(|c| classes.contains(c))
        .unwrap_or(HttpErrClass::Connection)
}

/// Whether the HTTPERR reasons show Exchange Online's connections arriving at this server:
/// any reason but `Timer_ConnectionIdle`, which is keep-alive housekeeping on any busy server.
pub fn arrived(reasons: &[String]) -> bool {
    reasons
        .iter()
        .any(|r| !r.eq_ignore_ascii_case("Timer_ConnectionIdle") && !r.starts_with("status "))
}

/// What each reason means for an MRS request, for the reasons present.
fn meanings(reasons: &[String]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for r in reasons {
        let m = match r.to_ascii_lowercase().as_str() {
            "timer_entitybody" => {
                "Timer_EntityBody: the request headers arrived but its body did not come in time"
            }
            "timer_headerwait" => "Timer_HeaderWait: the request headers did not arrive in time",
            "timer_minbytespersecond" => {
                "Timer_MinBytesPerSecond: the answer could not be sent fast enough to the caller"
            }
            "timer_sslrenegotiation" => {
                "Timer_SslRenegotiation: a TLS renegotiation (client certificate settings on EWS) \
                 did not complete"
            }
            "timer_apppool" | "timer_reqqueue" => {
                "Timer_AppPool/Timer_ReqQueue: the request waited in the queue and EWS never \
                 took it (the application pool is hung or overloaded)"
            }
            "connection_dropped" => {
                "Connection_Dropped: the connection closed before the answer was sent"
            }
            _ => continue,
        };
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// The causes sentence, replacing the firewall/DNS one.
pub fn causes(reasons: &[String], servers: &str) -> String {
    match class_of(reasons) {
        HttpErrClass::ServerFailure => {
            return format!(
                "The connections did reach {servers}, and HTTP.sys answered them itself because \
                 the EWS application pool could not take them: it is stopped, was disabled by \
                 rapid-fail protection after crashes, or its queue is full (the HTTPERR reason \
                 {}). The network and the MRS proxy settings are not what failed.",
                reasons.join(", ")
            );
        }
        HttpErrClass::Rejected => {
            return format!(
                "The connections did reach {servers}, and HTTP.sys rejected the requests before \
                 IIS because they broke one of its limits or rules (the HTTPERR reason {}), \
                 often a header or request grown too large by a device on the way.",
                reasons.join(", ")
            );
        }
        HttpErrClass::Connection => {}
    }
    let said = meanings(reasons);
    format!(
        "The connections did reach {servers}, so external DNS, NAT and the inbound 443 rule are \
         not what failed; the request stalled inside the connection{}. Usual causes: a device \
         that inspects or holds the traffic on the way (WAF, IPS, TLS inspection, a load \
         balancer or reverse proxy), a path MTU problem that loses the large packets of the \
         request body (often over IPv6 or a VPN).",
        if said.is_empty() {
            String::new()
        } else {
            format!(" ({})", said.join("; "))
        }
    )
}

/// The remedy when the connections arrived.
pub fn remedy(host: &str, servers: &str, reasons: &[String]) -> String {
    match class_of(reasons) {
        HttpErrClass::ServerFailure => {
            return format!(
                "On {servers}: {START_EWS_POOL}, and read the System and Application event logs \
                 for why it stopped or crashed (WAS and ASP.NET events); check that the \
                 Exchange services run (Test-ServiceHealth). Then run HCW again: IIS (W3SVC1) \
                 should log the /EWS/mrsproxy.svc requests."
            );
        }
        HttpErrClass::Rejected => {
            return format!(
                "On {servers}: compare the HTTP.sys limits (MaxFieldLength, MaxRequestBytes under \
                 HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters) with a working \
                 server, and check whether a device in front of https://{host}/EWS/mrsproxy.svc \
                 adds large headers or cookies. Then run HCW again."
            );
        }
        HttpErrClass::Connection => {}
    }
    format!(
        "Look at what sits between Exchange Online and {servers}: disable TLS inspection and \
         request-body inspection for https://{host}/EWS/mrsproxy.svc on the firewall, WAF or \
         load balancer, and check its logs for the Exchange Online addresses in HTTPERR; test \
         the path MTU (ping -f -l 1400 from the server to an internet address, or from outside) \
         and whether the failing connections came over IPv6. Check that \
         MSExchangeServicesAppPool runs (Get-WebAppPoolState MSExchangeServicesAppPool). Then \
         run HCW again and compare: IIS (W3SVC1) should log the /EWS/mrsproxy.svc requests."
    )
}
