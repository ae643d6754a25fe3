//! `mrs-refused`: requests to `/EWS/mrsproxy.svc` that the server refused with a status that
//! names its cause (403, 405, 413, 500, 503), which no other finding cites. The findings about
//! a failed wizard call cite the refusals in its window; this one says what the IIS or HTTPERR
//! log shows on its own: logs loaded without the HCW log (run on another machine), or
//! mailbox moves that fail after the wizard succeeded. The IIS side of catalogue rows 4, 7, 8
//! and 11.

use super::DiagnoseInput;
use super::common::{Draft, MAX_EVIDENCE, iis_on, list, org_names};
use super::text::{IIS_STATUS_DOC, MRS_PROXY_DOC};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::analyze::mrs::MrsRequest;
use crate::time::UtcMs;
use std::collections::{BTreeMap, HashSet};

/// What a refusal says about its cause, in the order the remedy takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Refusal {
    /// 403 without a substatus: the MRS proxy endpoint is disabled (or a proxy blocks it).
    Forbidden,
    /// 403.x: the IIS setting the substatus names (IP restriction, SSL, client certificate).
    ForbiddenBy(u16),
    /// 405: no handler accepts the POST to the .svc.
    MethodNotAllowed,
    /// 413: a request-size limit.
    TooLarge,
    /// 503: the application pool or the back end is not serving.
    Unavailable,
    /// 500: the MRS proxy failed inside.
    ServerError,
}

impl Refusal {
    fn of(r: &MrsRequest) -> Option<Refusal> {
        Some(match (r.status, r.substatus) {
            (403, 0) => Refusal::Forbidden,
            (403, sub) => Refusal::ForbiddenBy(sub),
            (405, _) => Refusal::MethodNotAllowed,
            (413, _) => Refusal::TooLarge,
            (503, _) => Refusal::Unavailable,
            (500, _) => Refusal::ServerError,
            _ => return None,
        })
    }

    fn status(self) -> String {
        match self {
            Refusal::Forbidden => "403 Forbidden".to_string(),
            Refusal::ForbiddenBy(sub) => format!(
                "403.{sub} {}",
                crate::codes::iis_status(403, sub).unwrap_or("Forbidden")
            ),
            Refusal::MethodNotAllowed => "405 Method Not Allowed".to_string(),
            Refusal::TooLarge => "413 Request Entity Too Large".to_string(),
            Refusal::Unavailable => "503 Service Unavailable".to_string(),
            Refusal::ServerError => "500 Internal Server Error".to_string(),
        }
    }

    fn meaning(self) -> &'static str {
        match self {
            Refusal::Forbidden => {
                "the MRS proxy endpoint is disabled on the EWS virtual directory \
                 (MRSProxyEnabled False, the default), or a reverse proxy blocks the path"
            }
            Refusal::ForbiddenBy(_) => {
                "the IIS setting the substatus names refused it (an IP address restriction, \
                 SSL or client-certificate settings on the EWS virtual directory)"
            }
            Refusal::MethodNotAllowed => {
                "IIS has no handler that accepts the POST to the .svc file (the svc-Integrated \
                 handler mapping or the EWS web.config overwritten by an update)"
            }
            Refusal::TooLarge => {
                "a request-size limit refused the body (uploadReadAheadSize or \
                 maxAllowedContentLength on the EWS virtual directory, or client-certificate \
                 renegotiation)"
            }
            Refusal::Unavailable => {
                "the EWS application pool (MSExchangeServicesAppPool) or the back end was not \
                 serving"
            }
            Refusal::ServerError => "the MRS proxy failed while handling the request",
        }
    }

    fn remedy(self) -> &'static str {
        match self {
            Refusal::Forbidden => {
                "403: Get-WebServicesVirtualDirectory | Format-Table Server,Identity,\
                 MRSProxyEnabled; where it is False: Set-WebServicesVirtualDirectory -Identity \
                 '<Server>\\EWS (Default Web Site)' -MRSProxyEnabled $true. If it is on, look \
                 for a reverse proxy or WAF rule that blocks /EWS/mrsproxy.svc."
            }
            Refusal::ForbiddenBy(_) => {
                "403.x: in IIS Manager, compare Default Web Site/EWS (IP Address and Domain \
                 Restrictions, SSL Settings) with a working server; client certificates must be \
                 Ignore."
            }
            Refusal::MethodNotAllowed => {
                "405: check the svc-Integrated (*.svc) handler mapping of Default Web Site/EWS; \
                 if it is missing, register WCF's handlers again (ServiceModelReg.exe -r) and \
                 compare the EWS web.config with a working server, then iisreset."
            }
            Refusal::TooLarge => {
                "413: set Default Web Site/EWS > SSL Settings > Client certificates to Ignore \
                 and compare uploadReadAheadSize and maxAllowedContentLength with a working \
                 server."
            }
            Refusal::Unavailable => {
                "503: Get-WebAppPoolState MSExchangeServicesAppPool (Start-WebAppPool if it is \
                 stopped) and read the Application event log for its crashes; check the \
                 Exchange back end (Test-ServiceHealth)."
            }
            Refusal::ServerError => {
                "500: read the Application event log and the EWS logs (Logging\\Ews) of the \
                 server at these times."
            }
        }
    }
}

pub fn findings(input: &DiagnoseInput<'_>, cited: &HashSet<Evidence>) -> Option<Finding> {
    let mut by: BTreeMap<Refusal, Vec<&MrsRequest>> = BTreeMap::new();
    for r in input.mrs {
        let ev = Evidence {
            source: r.source,
            line: r.line,
        };
        if let Some(kind) = Refusal::of(r)
            && !cited.contains(&ev)
        {
            by.entry(kind).or_default().push(r);
        }
    }
    if by.is_empty() {
        return None;
    }
    let total: usize = by.values().map(Vec::len).sum();
    let names = org_names(input);
    let all = by.values().flatten();
    let servers = iis_on(&names, all.clone().map(|r| r.server.as_str()));
    // HTTPERR lines are HTTP.sys's answers, before IIS: say which layer refused.
    let httperr = all.clone().filter(|r| !r.reason.is_empty()).count();
    let servers = match httperr {
        0 => servers,
        n if n == total => servers.replacen("IIS on", "HTTP.sys on", 1),
        _ => servers.replacen("IIS on", "IIS and HTTP.sys on", 1),
    };
    let statuses: Vec<String> = by.keys().map(|k| k.status()).collect();
    let mut d = Draft::new(FindingId::MrsRefused, Severity::Warning);
    d.title = format!(
        "{total} request{} to /EWS/mrsproxy.svc refused: {}",
        if total == 1 { "" } else { "s" },
        list(&statuses)
    );
    let parts: Vec<String> = by
        .iter()
        .map(|(k, v)| {
            let first = v.iter().map(|r| r.ts).min().unwrap_or(UtcMs(0));
            let last = v.iter().map(|r| r.ts).max().unwrap_or(UtcMs(0));
            let clients = super::common::distinct_of(v.iter().map(|r| r.client.as_str()), |c| {
                super::common::esc(c)
            });
            let reasons = super::common::distinct_of(
                v.iter()
                    .map(|r| r.reason.as_str())
                    .filter(|r| !r.is_empty()),
                super::common::esc,
            );
            let said = if reasons.is_empty() {
                String::new()
            } else {
                format!(" (HTTP.sys logged the reason {})", list(&reasons))
            };
            format!(
                "{} {} time{} from {} between {} and {} (UTC){said}: {}",
                k.status(),
                v.len(),
                if v.len() == 1 { "" } else { "s" },
                list(&clients),
                first.rfc3339(),
                last.rfc3339(),
                k.meaning()
            )
        })
        .collect();
    d.explanation = format!(
        "{servers} answered requests to the MRS proxy, which Exchange Online's mailbox \
         replication service calls for hybrid moves and for the migration endpoint test, with \
         a refusal: {}. These requests reached the server, so DNS, the firewall and the \
         certificate are not at issue; no wizard call in the loaded logs explains them.",
        parts.join("; ")
    );
    d.remedy = by.keys().map(|k| k.remedy()).collect::<Vec<_>>().join("\n");
    for v in by.values() {
        for r in v.iter().take(MAX_EVIDENCE / by.len().max(1)) {
            d.evidence.push(Evidence {
                source: r.source,
                line: r.line,
            });
            d.at(r.ts);
        }
    }
    d.references = vec![MRS_PROXY_DOC, IIS_STATUS_DOC];
    d.build()
}
