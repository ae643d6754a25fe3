//! What each class of HCW-only failure means and what to do, worded with the host, URL and
//! account the log names (never a folder or file name).

use super::super::DiagnoseInput;
use super::super::common::{credential_user, distinct, esc, list};
use super::super::text::{
    EP_DOC, HCW_DOC, HTTPERR_DOC, HYBRID_AGENT_BLOG, HYBRID_AGENT_DOC, MRS_PROXY_DOC, TMSA_DOC,
};
use super::{Item, hosts_text};
use crate::analyze::cmdlet::{CauseKind, property, unwrap_text};

/// Finding id of a class.
pub fn id(kind: CauseKind) -> &'static str {
    match kind {
        CauseKind::NameNotResolved => "hcw-dns",
        CauseKind::NetworkTimeout => "hcw-network-path",
        CauseKind::NoEndpoint => "hcw-no-endpoint",
        CauseKind::Unauthorized => "hcw-unauthorized",
        CauseKind::TlsTrust => "hcw-tls",
        CauseKind::ServerError => "hcw-server-error",
    }
}

/// What the log says about one class of failure, ready for sentences.
pub struct Advice {
    kind: CauseKind,
    /// The hosts, as a list for sentences.
    hosts: String,
    /// The first host, for commands.
    host: String,
    /// The URL that was called (or the MRS proxy URL of the host).
    url: String,
    online: bool,
    on_premises: bool,
    agent: bool,
    /// IIS logs are loaded (yet none of the IIS-based findings explains these calls).
    iis_loaded: bool,
    account: Option<String>,
    headers: Vec<String>,
    statuses: Vec<String>,
    mrs_off: Vec<String>,
}

impl Advice {
    pub fn new(
        input: &DiagnoseInput<'_>,
        kind: CauseKind,
        items: &[Item<'_>],
        hosts: &[String],
    ) -> Self {
        let host = hosts
            .first()
            .cloned()
            .unwrap_or_else(|| "<published name>".into());
        let url = items
            .iter()
            .find_map(|i| i.cause.url.clone())
            .unwrap_or_else(|| format!("https://{host}/EWS/mrsproxy.svc"));
        let mrs_off = if kind == CauseKind::NoEndpoint {
            mrs_proxy_off(input, items)
        } else {
            Vec::new()
        };
        Advice {
            kind,
            hosts: hosts_text(hosts),
            url: esc(&url),
            online: items.iter().any(Item::made_by_online),
            on_premises: items.iter().all(Item::made_on_premises),
            agent: items.iter().any(Item::via_agent),
            iis_loaded: input
                .sources
                .iter()
                .any(|s| s.kind == crate::source::SourceKind::Iis),
            account: items
                .iter()
                .filter_map(|i| i.call)
                .find_map(credential_user),
            headers: distinct(items.iter().filter_map(|i| i.cause.auth_header.clone())),
            statuses: distinct(
                items
                    .iter()
                    .filter_map(|i| i.cause.status.map(|s| format!("({s})"))),
            ),
            host,
            mrs_off,
        }
    }

    fn caller(&self) -> &'static str {
        if self.agent {
            "Exchange Online, through the Hybrid Agent,"
        } else if self.online {
            "Exchange Online"
        } else if self.on_premises {
            "The on-premises Exchange server"
        } else {
            "The machine that ran HCW"
        }
    }

    /// Where to run the checks of a lookup or connection made from inside the organisation.
    fn local_side(&self) -> &'static str {
        if self.on_premises {
            "the Exchange server HCW connected to"
        } else {
            "the machine that ran HCW"
        }
    }

    pub fn title(&self) -> String {
        let h = &self.hosts;
        match self.kind {
            CauseKind::NameNotResolved if self.online => {
                format!("The published name {h} does not resolve in public DNS")
            }
            CauseKind::NameNotResolved => format!("The name {h} does not resolve in DNS"),
            CauseKind::NetworkTimeout => format!("The call to {h} timed out on the network path"),
            CauseKind::NoEndpoint => format!("No MRS proxy endpoint answered at {h}"),
            CauseKind::Unauthorized => {
                format!("{h} answered (401) Unauthorized: credentials or Extended Protection")
            }
            CauseKind::TlsTrust => format!("The TLS certificate of {h} is not trusted"),
            CauseKind::ServerError => format!(
                "{h} answered {}: a server error behind the published name",
                if self.statuses.is_empty() {
                    "a 5xx error".to_string()
                } else {
                    list(&self.statuses)
                }
            ),
        }
    }

    pub fn meaning(&self) -> String {
        let (who, h, url) = (self.caller(), &self.hosts, &self.url);
        match self.kind {
            CauseKind::NameNotResolved => format!(
                "{who} looked up {h} to call {url} and {} has no record for it, so the call \
                 never left: no firewall, certificate or IIS setting matters until the name \
                 resolves.",
                if self.online { "public DNS" } else { "DNS" }
            ),
            CauseKind::NetworkTimeout => format!(
                "{who} resolved {h} but got no answer in time from {url}: the connection or \
                 the request stalled somewhere on the network path (a firewall or NAT rule for \
                 inbound 443, a reverse proxy or load balancer in front of Exchange, an IPS or \
                 WAF{}).",
                if self.agent {
                    ", or the Hybrid Agent not reaching the Exchange server it publishes"
                } else {
                    ""
                }
            ),
            CauseKind::NoEndpoint => format!(
                "{who} reached {h}, but nothing there serves {url}: the connection was refused \
                 or the URL answered as not found or forbidden. Usual causes: the name points \
                 at a device or server that is not Exchange, a reverse proxy that does not \
                 publish /EWS/mrsproxy.svc, or the MRS proxy endpoint disabled on the EWS \
                 virtual directory."
            ),
            CauseKind::Unauthorized => format!(
                "The MRS proxy at {url} rejected the Windows authentication of {who}{}. From the \
                 HCW log alone two causes look the same: the credentials entered in HCW{} were \
                 refused (wrong or expired password, locked account, missing rights), or \
                 Extended Protection on the front-end EWS virtual directory rejected the NTLM \
                 token because TLS was ended before Exchange (the Hybrid Agent or SSL \
                 offloading). The IIS logs (W3SVC1) of the servers behind {h} tell them apart: \
                 the /EWS/mrsproxy.svc handshake ending 401 1 2148074310 (SEC_E_BAD_BINDINGS) \
                 is Extended Protection, 401 1 2148074252 (SEC_E_LOGON_DENIED) or a logon \
                 failure is the credentials, 401 1 2148074248 (SEC_E_INVALID_TOKEN) means the \
                 handshake's legs went to different servers, and no request at all means a \
                 device in front of Exchange answered.",
                self.offered(),
                self.account
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default()
            ),
            CauseKind::TlsTrust => format!(
                "{who} could not set up a trusted TLS channel to {h}: the certificate presented \
                 for {h} is not trusted (self-signed or internal CA, expired, missing \
                 intermediate, {h} not in its names), or a device on the path replaces it (TLS \
                 inspection) or only speaks TLS versions the caller refuses."
            ),
            CauseKind::ServerError => format!(
                "The request reached {h} and the server or a proxy behind it answered with a \
                 server error: 503 usually means MSExchangeServicesAppPool or the back-end EWS \
                 is down or overloaded (or a load balancer has no healthy server), 500 an error \
                 inside EWS or the MRS proxy, 502 a proxy that got no valid answer from \
                 Exchange."
            ),
        }
    }

    fn offered(&self) -> String {
        if self.headers.is_empty() {
            return String::new();
        }
        let basic_only = self
            .headers
            .iter()
            .all(|h| h.to_ascii_lowercase().starts_with("basic"));
        let mut s = format!(
            " (the server offered '{}')",
            self.headers
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join("', '")
        );
        if basic_only {
            s.push_str(
                "; only Basic was offered, so a reverse proxy pre-authenticates or Windows \
                 authentication is off on EWS, and Exchange Online needs Negotiate or NTLM on \
                 /EWS/mrsproxy.svc",
            );
        }
        s
    }

    /// Facts from the same log that narrow the cause down.
    pub fn context(&self) -> String {
        if self.mrs_off.is_empty() {
            return String::new();
        }
        format!(
            "Before the call, this run's Get-WebServicesVirtualDirectory showed \
             MRSProxyEnabled=0 on {}.",
            list(&self.mrs_off)
        )
    }

    pub fn remedy(&self) -> String {
        let (h, url) = (&self.host, &self.url);
        match self.kind {
            CauseKind::NameNotResolved if self.online => format!(
                "Check the name from outside your network: Resolve-DnsName {h} -Server 8.8.8.8 \
                 (or nslookup {h} 8.8.8.8). If it does not resolve, publish an A or CNAME \
                 record for {h} in the public DNS zone, pointing at the address that forwards \
                 443 to Exchange. If {h} is a typo or an internal-only name, run HCW again and \
                 enter the external name that is published (the host of the EWS ExternalUrl: \
                 Get-WebServicesVirtualDirectory | Format-List Server,ExternalUrl)."
            ),
            CauseKind::NameNotResolved => format!(
                "On {}: Resolve-DnsName {h}. If it fails, check the DNS servers that machine \
                 uses (Get-DnsClientServerAddress) and, when it reaches the internet through a \
                 proxy, the proxy settings (netsh winhttp show proxy); then run HCW again.",
                self.local_side()
            ),
            CauseKind::NetworkTimeout if !self.online && !self.agent => format!(
                "On {}: Test-NetConnection {h} -Port 443. If it times out, open outbound 443 \
                 to {h} in the firewall, or set the proxy it must use (netsh winhttp show \
                 proxy), then run HCW again.",
                self.local_side()
            ),
            CauseKind::NetworkTimeout if self.agent => format!(
                "On the Hybrid Agent host: check that the Microsoft Hybrid Service runs, run \
                 Get-HybridApplication to see the TargetUri it publishes as {h}, then \
                 Test-HybridConnectivity and Test-NetConnection <TargetUri host> -Port 443. The \
                 Exchange server behind it must answer https://<TargetUri>/EWS/mrsproxy.svc \
                 (a 401 is the expected answer)."
            ),
            CauseKind::NetworkTimeout => format!(
                "From outside your network: Test-NetConnection {h} -Port 443, then open {url} \
                 (a 401 asking for Negotiate or NTLM is the expected answer and proves the \
                 path). Check the inbound 443 firewall and NAT rules for {h} from Exchange \
                 Online's address ranges, and any reverse proxy or load balancer in front of \
                 Exchange. Load the IIS (W3SVC1) and HTTPERR logs of the servers behind {h} for \
                 the time of the call: no /EWS/mrsproxy.svc request there confirms the traffic \
                 never arrived."
            ),
            CauseKind::NoEndpoint => format!(
                "Check that the MRS proxy endpoint is enabled on every server behind {h}: \
                 Get-WebServicesVirtualDirectory | Format-Table Server,Identity,MRSProxyEnabled,\
                 ExternalUrl; enable it with Set-WebServicesVirtualDirectory -Identity \
                 '{}\\EWS (Default Web Site)' -MRSProxyEnabled $true{}. Then open {url} from \
                 outside: it must answer 401 (asking for credentials), not 404, 403 or a \
                 refused connection. If {h} points at a reverse proxy or load balancer, publish \
                 /EWS/mrsproxy.svc there to the Exchange servers.",
                self.mrs_off.first().map_or("<Server>", String::as_str),
                if self.mrs_off.len() > 1 {
                    " (and the same on the others listed above)"
                } else {
                    ""
                }
            ),
            CauseKind::Unauthorized => format!(
                "{} Meanwhile check the account{} \
                 (not locked, password current) by opening {url} with it. If {h} is published \
                 through the Hybrid Agent or a load balancer that ends TLS, the supported fix \
                 for Extended Protection is .\\ExchangeExtendedProtectionManagement.ps1 \
                 -ExchangeServerNames <servers behind {h}> -ExcludeVirtualDirectories \
                 \"EWSFrontEnd\" (Hybrid Agent) or TLS pass-through or bridging with the same \
                 certificate on the load balancer; do not disable Extended Protection as a \
                 whole.",
                if self.iis_loaded {
                    format!(
                        "No failed /EWS/mrsproxy.svc handshake in the loaded IIS logs matches \
                         this call: load the IIS logs (W3SVC1) of the other servers behind {h} \
                         for its time (or check the HCW clock offset), and hcwlens names the \
                         cause from the failing leg."
                    )
                } else {
                    format!(
                        "Load the IIS logs (W3SVC1) of the servers behind {h} for the time of \
                         the call: hcwlens then names the cause from the failing leg."
                    )
                },
                self.account
                    .as_deref()
                    .map(|a| format!(" {a}"))
                    .unwrap_or_default()
            ),
            CauseKind::TlsTrust => format!(
                "Check what {h} presents from outside: openssl s_client -connect {h}:443 \
                 -servername {h} -showcerts (or the certificate view of a browser on {url}). The \
                 certificate must come from a public CA, be valid, name {h} in its subject or \
                 SAN and be sent with its intermediate chain. Bind such a certificate to IIS on \
                 the servers behind {h} (Enable-ExchangeCertificate -Services IIS) or on the \
                 device that ends TLS in front of them, and exclude {h} from TLS inspection."
            ),
            CauseKind::ServerError => format!(
                "On the servers behind {h}: check that MSExchangeServicesAppPool is started \
                 (Get-WebAppPoolState MSExchangeServicesAppPool; Restart-WebAppPool \
                 MSExchangeServicesAppPool), that Exchange services run (Test-ServiceHealth), \
                 and the Application event log at the time of the call. Load the IIS logs of \
                 both sites (W3SVC1 front end, W3SVC2 back end) and HTTPERR for that time: the \
                 5xx line shows which layer answered."
            ),
        }
    }

    pub fn references(&self) -> Vec<&'static str> {
        let mut r = vec![TMSA_DOC];
        match self.kind {
            CauseKind::NameNotResolved | CauseKind::TlsTrust => r.push(HCW_DOC),
            CauseKind::NetworkTimeout | CauseKind::ServerError => r.push(HTTPERR_DOC),
            CauseKind::NoEndpoint => r.push(MRS_PROXY_DOC),
            CauseKind::Unauthorized => r.push(EP_DOC),
        }
        if self.agent {
            r.extend([HYBRID_AGENT_DOC, HYBRID_AGENT_BLOG]);
        }
        r
    }
}

/// Servers whose last `Get-WebServicesVirtualDirectory` dump before the failure, in the same
/// run, says `MRSProxyEnabled=0`.
fn mrs_proxy_off(input: &DiagnoseInput<'_>, items: &[Item<'_>]) -> Vec<String> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let (source, before) = (first.entry.source, first.entry.ts);
    let mut state: std::collections::BTreeMap<String, bool> = Default::default();
    const TYPE: &str = "ADWebServicesVirtualDirectory {";
    for e in input
        .hcw
        .iter()
        .filter(|e| e.source == source && e.ts <= before)
    {
        if !e.body.contains(TYPE) {
            continue;
        }
        let body = unwrap_text(&e.body);
        for obj in body.split(TYPE).skip(1) {
            let server = property(obj, "Server").or_else(|| property(obj, "Identity"));
            let enabled = property(obj, "MRSProxyEnabled");
            if let (Some(s), Some(v)) = (server, enabled) {
                state.insert(esc(s), v.trim() != "0");
            }
        }
    }
    state
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(s, _)| s)
        .collect()
}
