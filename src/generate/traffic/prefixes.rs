//! Line starts (` <s-ip> <method> <stem> `) and fixed tails of one server, rendered once.

use super::OWA_BUILD;
use crate::generate::catalog::{AGENT_IP, HEALTH_PAGES, LB_IPS, UA_PROBE};
use crate::generate::population::Population;

/// Line starts (` <s-ip> <method> <stem> `) and fixed tails of one server.
pub(super) struct Prefixes {
    pub(super) emsmdb: String,
    pub(super) nspi: String,
    pub(super) ews: String,
    pub(super) autodiscover: String,
    pub(super) autodiscover_json: String,
    pub(super) mrs: String,
    pub(super) eas: String,
    pub(super) eas_options: String,
    pub(super) owa_service: String,
    pub(super) owa_static: String,
    pub(super) owa_root: String,
    pub(super) owa_logon: String,
    pub(super) owa_auth: String,
    pub(super) oab: String,
    pub(super) health: Vec<String>,
    pub(super) favicon: String,
    pub(super) robots: String,
    pub(super) rpc: String,
    pub(super) ecp: String,
    /// ` 443 <account> <s-ip> AMProbe/Local/ClientAccess - ` per health mailbox.
    pub(super) health_tails: Vec<String>,
    /// `- 443 <user> <agent ip> - - ` for authenticated and anonymous mrsproxy calls.
    pub(super) mrs_tails: [String; 2],
    /// `- 443 - <lb ip> - - ` per load balancer node.
    pub(super) lb_tails: Vec<String>,
}

impl Prefixes {
    pub(super) fn new(s_ip: &str, pop: &Population) -> Self {
        let p = |method: &str, stem: &str| format!(" {s_ip} {method} {stem} ");
        Prefixes {
            emsmdb: p("POST", "/mapi/emsmdb/"),
            nspi: p("POST", "/mapi/nspi/"),
            ews: p("POST", "/EWS/Exchange.asmx"),
            autodiscover: p("POST", "/Autodiscover/Autodiscover.xml"),
            autodiscover_json: format!(" {s_ip} GET /autodiscover/autodiscover.json/v1.0/"),
            mrs: p("POST", "/EWS/mrsproxy.svc"),
            eas: p("POST", "/Microsoft-Server-ActiveSync/default.eas"),
            eas_options: p("OPTIONS", "/Microsoft-Server-ActiveSync/default.eas"),
            owa_service: p("POST", "/owa/service.svc"),
            owa_static: format!(" {s_ip} GET /owa/prem/{OWA_BUILD}/"),
            owa_root: p("GET", "/owa/"),
            owa_logon: p("GET", "/owa/auth/logon.aspx"),
            owa_auth: p("POST", "/owa/auth.owa"),
            oab: format!(" {s_ip} GET /OAB/{} ", pop.oab),
            health: HEALTH_PAGES.iter().map(|h| p("GET", h)).collect(),
            favicon: p("GET", "/favicon.ico"),
            robots: p("GET", "/robots.txt"),
            rpc: p("RPC_IN_DATA", "/rpc/rpcproxy.dll"),
            ecp: p("GET", "/ecp/"),
            health_tails: pop
                .health
                .iter()
                .map(|h| format!(" 443 {h} {s_ip} {UA_PROBE} - "))
                .collect(),
            mrs_tails: [
                format!("- 443 CONTOSO\\svc-migration {AGENT_IP} - - "),
                format!("- 443 - {AGENT_IP} - - "),
            ],
            lb_tails: LB_IPS
                .iter()
                .map(|ip| format!("- 443 - {ip} - - "))
                .collect(),
        }
    }
}
