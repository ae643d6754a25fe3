//! What to do about each class of HCW-only failure, with the commands worded for the host, URL,
//! account and servers the log names.

use super::super::refusal::{Refusal, enable_mrs_proxy, per_server};
use super::advice::Advice;
use crate::analyze::cmdlet::CauseKind;

impl Advice {
    /// The steps for the 5xx statuses the log quotes (`503: …`, `500: …`); both when it quotes
    /// neither (a 502, or no status).
    fn server_error_steps(&self) -> String {
        let quoted = |s: &str| self.statuses.iter().any(|q| q == s);
        let mut kinds = Vec::new();
        if quoted("(503)") || !quoted("(500)") {
            kinds.push(Refusal::Unavailable);
        }
        if quoted("(500)") || !quoted("(503)") {
            kinds.push(Refusal::ServerError);
        }
        kinds
            .iter()
            .map(|k| format!("for a {}: {}", k.code(), k.remedy(&self.servers)))
            .collect::<Vec<_>>()
            .join(" And ")
    }

    pub fn remedy(&self) -> String {
        let (h, url) = (&self.host, &self.url);
        match self.kind {
            CauseKind::MethodNotAllowed
            | CauseKind::RequestTooLarge
            | CauseKind::NoMrsProxy
            | CauseKind::Autodiscover => self.refusal_remedy(),
            CauseKind::NoEndpoint if self.iis_sub().is_some() => self.iis_sub_remedy(),
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
                 ExternalUrl; enable it with {}. Then open {url} from outside: it must answer \
                 401 (asking for credentials), not 404, 403 or a refused connection. If {h} \
                 points at a reverse proxy or load balancer, publish /EWS/mrsproxy.svc there to \
                 the Exchange servers.",
                enable_mrs_proxy(&self.servers)
            ),
            CauseKind::Unauthorized if self.basic_only() => format!(
                "On every server behind {h}: Get-WebServicesVirtualDirectory | Format-List \
                 Server,WindowsAuthentication,BasicAuthentication,MRSProxyEnabled,ExternalUrl; \
                 turn Windows authentication on where it is off with {}. If {h} is published \
                 through a reverse proxy or WAF, publish /EWS/mrsproxy.svc as pass-through, \
                 without pre-authentication. Then open {url} from outside: its 401 must offer \
                 Negotiate and NTLM, not only Basic.",
                per_server(&self.servers, |s| format!(
                    "Set-WebServicesVirtualDirectory -Identity '{s}\\EWS (Default Web Site)' \
                     -WindowsAuthentication $true"
                ))
            ),
            CauseKind::Unauthorized => format!(
                "{} Meanwhile check the account{} \
                 (not locked, password current) by opening {url} with it. If {h} is published \
                 through the Hybrid Agent or a load balancer that ends TLS, the supported fix \
                 for Extended Protection is .\\ExchangeExtendedProtectionManagement.ps1 \
                 -ExchangeServerNames {} -ExcludeVirtualDirectories \
                 \"EWSFrontEnd\" (Hybrid Agent) or TLS pass-through or bridging with the same \
                 certificate on the load balancer; do not disable Extended Protection as a \
                 whole.",
                if let Some(step) = &self.uncoded_step {
                    step.clone()
                } else if self.iis_loaded {
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
                    .unwrap_or_default(),
                if self.servers.is_empty() {
                    format!("<servers behind {h}>")
                } else {
                    self.servers.join(", ")
                }
            ),
            CauseKind::TlsTrust if self.handshake_only => format!(
                "See what {h} offers from outside: openssl s_client -connect {h}:443 \
                 -servername {h} -tls1_2 (it must complete with TLS 1.2). On the servers behind \
                 {h}, TLS 1.2 must be enabled for the server side (HKLM\\SYSTEM\\\
                 CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS \
                 1.2\\Server: Enabled=1, DisabledByDefault=0) with current cipher suites, and so \
                 on the device that ends TLS in front of them; a device that resets the \
                 connection shows in its own log."
            ),
            CauseKind::TlsTrust if !self.tls.is_empty() => self.tls_remedy().unwrap_or_default(),
            CauseKind::TlsTrust => format!(
                "Check what {h} presents from outside: openssl s_client -connect {h}:443 \
                 -servername {h} -showcerts (or the certificate view of a browser on {url}). The \
                 certificate must come from a public CA, be valid, name {h} in its subject or \
                 SAN and be sent with its intermediate chain. Bind such a certificate to IIS on \
                 the servers behind {h} (Enable-ExchangeCertificate -Services IIS) or on the \
                 device that ends TLS in front of them, and exclude {h} from TLS inspection."
            ),
            CauseKind::ServerError => format!(
                "On the servers behind {h}, {} Load the IIS logs of both sites (W3SVC1 front \
                 end, W3SVC2 back end) and HTTPERR for that time: the 5xx line shows which \
                 layer answered.",
                self.server_error_steps()
            ),
        }
    }
}
