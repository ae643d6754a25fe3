//! What a refusal of `/EWS/mrsproxy.svc` means and what to do about it, per status: 403 (the
//! MRS proxy endpoint off), 403.x (the IIS setting its substatus names), 405 (no `.svc`
//! handler), 413 (a request-size limit), 500 and 503. This is the one table both `mrs-refused`
//! (the IIS or HTTPERR lines on their own, `refused.rs`) and the findings about a failed wizard
//! call (`hcwonly/refusals.rs`, `hcwonly/substatus.rs`, the forbidden and server-error classes)
//! take a refusal's cause and remedy from, so the two cannot drift. After `log-formats.md` §4.1
//! (IIS status and substatus, the Exchange HttpProxy note) and §6 rows 4, 7, 8 and 11.
//!
//! Commands that act on one server are written once per server the logs name, else with the
//! `<Server>` placeholder.

use crate::codes::iis::iis_status;

/// What a refusal says about its cause, in the order a remedy takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refusal {
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
    /// 500: an error inside EWS, the MRS proxy or the front end's proxying.
    ServerError,
}

/// Which kind of IIS setting a 403 substatus names (§4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// 403.6 IP address rejected, 403.8 DNS name restriction, 403.501–504 dynamic IP restriction.
    Address,
    /// 403.4 / 403.5 SSL required: the request reached IIS over plain HTTP.
    Ssl,
    /// 403.7, .12, .13, .16, .17: client-certificate settings.
    ClientCertificate,
    Other,
}

fn setting(sub: u16) -> Setting {
    match sub {
        6 | 8 | 501..=504 => Setting::Address,
        4 | 5 => Setting::Ssl,
        7 | 12 | 13 | 16 | 17 => Setting::ClientCertificate,
        _ => Setting::Other,
    }
}

/// How to check and start the EWS application pool: the step for a 503 that IIS logged and for
/// HTTP.sys's own 503 when the pool is down (HTTPERR `AppOffline`, `QueueFull` …).
pub const START_EWS_POOL: &str = "Get-WebAppPoolState MSExchangeServicesAppPool \
     (Start-WebAppPool MSExchangeServicesAppPool if it is stopped; recycling does not start a \
     stopped pool)";

/// The MRS proxy setting of every server, as the admin reads it in the Exchange Management Shell.
pub const CHECK_MRS_PROXY: &str =
    "Get-WebServicesVirtualDirectory | Format-Table Server,Identity,MRSProxyEnabled";

/// `Set-WebServicesVirtualDirectory -Identity 'EX01\EWS (Default Web Site)' -MRSProxyEnabled
/// $true`, one per server (`; ` between them), or with `<Server>` when no log names one.
pub fn enable_mrs_proxy(servers: &[String]) -> String {
    per_server(servers, |s| {
        format!(
            "Set-WebServicesVirtualDirectory -Identity '{s}\\EWS (Default Web Site)' -MRSProxyEnabled $true"
        )
    })
}

/// A command written once per server, or once with `<Server>`.
pub fn per_server(servers: &[String], command: impl Fn(&str) -> String) -> String {
    each_or(servers, "<Server>", command)
}

/// A command written once per value (`; ` between them), or once with the placeholder.
pub fn each_or(values: &[String], placeholder: &str, command: impl Fn(&str) -> String) -> String {
    if values.is_empty() {
        return command(placeholder);
    }
    values
        .iter()
        .map(|s| command(s))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Refusal {
    /// The refusal a logged status and substatus is, if it names its cause.
    pub fn of(status: u16, substatus: u16) -> Option<Refusal> {
        Some(match (status, substatus) {
            (403, 0) => Refusal::Forbidden,
            (403, sub) => Refusal::ForbiddenBy(sub),
            (405, _) => Refusal::MethodNotAllowed,
            (413, _) => Refusal::TooLarge,
            (503, _) => Refusal::Unavailable,
            (500, _) => Refusal::ServerError,
            _ => return None,
        })
    }

    /// `403 Forbidden`, `403.6 IP address rejected`.
    pub fn status(self) -> String {
        match self {
            Refusal::Forbidden => "403 Forbidden".to_string(),
            Refusal::ForbiddenBy(sub) => {
                format!("403.{sub} {}", iis_status(403, sub).unwrap_or("Forbidden"))
            }
            Refusal::MethodNotAllowed => "405 Method Not Allowed".to_string(),
            Refusal::TooLarge => "413 Request Entity Too Large".to_string(),
            Refusal::Unavailable => "503 Service Unavailable".to_string(),
            Refusal::ServerError => "500 Internal Server Error".to_string(),
        }
    }

    /// `403`, `403.6`: how a remedy line starts.
    pub fn code(self) -> String {
        match self {
            Refusal::Forbidden => "403".into(),
            Refusal::ForbiddenBy(sub) => format!("403.{sub}"),
            Refusal::MethodNotAllowed => "405".into(),
            Refusal::TooLarge => "413".into(),
            Refusal::Unavailable => "503".into(),
            Refusal::ServerError => "500".into(),
        }
    }

    /// What refused the request and why, as a clause.
    pub fn cause(self) -> &'static str {
        match self {
            Refusal::Forbidden => {
                "the MRS proxy endpoint is disabled on the EWS virtual directory \
                 (MRSProxyEnabled False, the default), or a reverse proxy or WAF in front of \
                 Exchange blocks the path"
            }
            Refusal::ForbiddenBy(sub) => match setting(sub) {
                Setting::Address => {
                    "IP Address and Domain Restrictions (or a dynamic IP restriction) on Default \
                     Web Site or its EWS application rejected the caller's address before the \
                     MRS proxy ran"
                }
                Setting::Ssl => {
                    "the request reached IIS over plain HTTP and EWS requires SSL: a load \
                     balancer or reverse proxy in front ends TLS and forwards without it"
                }
                Setting::ClientCertificate => {
                    "the SSL Settings of Default Web Site/EWS require or map a client \
                     certificate, which the caller does not send, so IIS refused the request \
                     before the MRS proxy ran"
                }
                Setting::Other => {
                    "an IIS setting on Default Web Site or its EWS application refused the \
                     request before the MRS proxy ran (the substatus names which)"
                }
            },
            Refusal::MethodNotAllowed => {
                "IIS has no handler that accepts the POST to the .svc file, so the MRS proxy \
                 never runs: the svc-Integrated handler mapping (WCF HTTP activation) is \
                 missing, or the EWS web.config or handler mappings were overwritten by an \
                 update or a .NET repair (Exchange 2010 hybrid servers are the classic case)"
            }
            Refusal::TooLarge => {
                "a limit on the size of the request refused it before EWS read it: the EWS \
                 virtual directory's uploadReadAheadSize or requestFiltering \
                 maxAllowedContentLength, or SSL settings that ask for a client certificate \
                 (IIS must then buffer the body to renegotiate TLS)"
            }
            Refusal::Unavailable => {
                "the EWS application pool (MSExchangeServicesAppPool) was stopped or \
                 overloaded, or the front end found no back end serving EWS (Exchange's \
                 HttpProxy module logs its own 503 0 0)"
            }
            Refusal::ServerError => {
                "an error inside EWS or the MRS proxy, or in the front end's proxying to the \
                 back end (Exchange's HttpProxy module logs its own 500 0 0)"
            }
        }
    }

    /// What to do, with the commands written for `servers` (those the logs name as refusing).
    pub fn remedy(self, servers: &[String]) -> String {
        match self {
            Refusal::Forbidden => format!(
                "{CHECK_MRS_PROXY}; where it is False: {}. If it is on, look for a reverse \
                 proxy or WAF rule that blocks /EWS/mrsproxy.svc.",
                enable_mrs_proxy(servers)
            ),
            Refusal::ForbiddenBy(sub) => match setting(sub) {
                Setting::Address => {
                    "in IIS Manager, on Default Web Site and on its EWS application, open IP \
                     Address and Domain Restrictions and allow the refused address (Exchange \
                     Online's IP ranges, or the Hybrid Agent host when the agent publishes \
                     EWS), or remove the deny rule or dynamic restriction that matches it."
                        .to_string()
                }
                Setting::Ssl => {
                    "forward /EWS/mrsproxy.svc over HTTPS to Exchange (TLS pass-through or \
                     re-encryption on the load balancer or reverse proxy); do not turn off \
                     Require SSL on EWS."
                        .to_string()
                }
                Setting::ClientCertificate => {
                    "in IIS Manager set Default Web Site/EWS > SSL Settings > Client \
                     certificates to Ignore and compare its SSL Settings with a working server."
                        .to_string()
                }
                Setting::Other => {
                    "in IIS Manager, compare Default Web Site/EWS (IP Address and Domain \
                     Restrictions, SSL Settings, Authorization Rules) with a working server and \
                     fix the setting the substatus names."
                        .to_string()
                }
            },
            Refusal::MethodNotAllowed => {
                "look at the handler mappings of Default Web Site/EWS (IIS Manager, or \
                 %windir%\\system32\\inetsrv\\appcmd.exe list config \"Default Web Site/EWS\" \
                 -section:handlers) for the svc-Integrated (*.svc) entry. If it is missing, \
                 register WCF's handlers again (\"%windir%\\Microsoft.NET\\Framework64\\v3.0\\\
                 Windows Communication Foundation\\ServiceModelReg.exe\" -r, or add the WCF \
                 HTTP Activation feature) and compare the EWS web.config with a working \
                 server, then iisreset."
                    .to_string()
            }
            Refusal::TooLarge => {
                "in IIS Manager set Default Web Site/EWS > SSL Settings > Client certificates \
                 to Ignore, and compare its uploadReadAheadSize (system.webServer/serverRuntime) \
                 and requestFiltering maxAllowedContentLength with a working server."
                    .to_string()
            }
            Refusal::Unavailable => format!(
                "{START_EWS_POOL} and read the Application event log for its crashes; check \
                 the Exchange services (Test-ServiceHealth) and the HttpProxy log \
                 (Logging\\HttpProxy\\Ews), which names the reason the front end gave."
            ),
            Refusal::ServerError => {
                "read the Application event log, the EWS logs (Logging\\Ews) and the HttpProxy \
                 log (Logging\\HttpProxy\\Ews) of the server at these times: the HttpProxy log \
                 names the reason the front end gave."
                    .to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Refusal;

    #[test]
    fn each_403_substatus_gets_the_fix_for_the_setting_it_names() {
        let fix = |sub| {
            Refusal::of(403, sub)
                .map(|r| r.remedy(&[]))
                .unwrap_or_default()
        };
        assert!(fix(6).contains("IP Address and Domain Restrictions"));
        assert!(fix(503).contains("IP Address and Domain Restrictions"));
        assert!(fix(4).contains("over HTTPS"));
        for cert in [7, 12, 13, 16, 17] {
            assert!(
                fix(cert).contains("Client certificates to Ignore"),
                "403.{cert}"
            );
        }
        // 403.18 (the URL cannot run in the current application pool) is no certificate setting.
        assert!(!fix(18).contains("Ignore"), "{}", fix(18));
        assert_eq!(Refusal::of(403, 0), Some(Refusal::Forbidden));
        assert_eq!(Refusal::of(401, 0), None);
    }

    #[test]
    fn the_mrs_proxy_is_enabled_per_server_or_with_the_placeholder() {
        let r = Refusal::Forbidden;
        assert!(
            r.remedy(&[])
                .contains("-Identity '<Server>\\EWS (Default Web Site)'")
        );
        let two = r.remedy(&["EX01".to_string(), "EX02".to_string()]);
        assert!(two.contains("-Identity 'EX01\\EWS (Default Web Site)' -MRSProxyEnabled $true; "));
        assert!(two.contains("-Identity 'EX02\\EWS (Default Web Site)'"));
        assert!(!two.contains("<Server>"));
    }
}
