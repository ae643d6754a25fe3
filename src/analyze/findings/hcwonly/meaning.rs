//! What an HCW-only failure's class means, as its explanation says it (`Advice::meaning`):
//! the caller, the host and URL the log names, and the tense once a later run got past it.

use super::super::refusal::Refusal;
use super::advice::Advice;
use crate::analyze::cmdlet::CauseKind;

impl Advice {
    /// `the servers behind mail.contoso.com`; through the Hybrid Agent, the servers it
    /// publishes, named by its TargetUri (its own `*.msappproxy.net` name is no server's).
    pub(super) fn servers_behind(&self) -> String {
        if self.agent {
            "the Exchange servers the Hybrid Agent publishes (its TargetUri, \
             Get-HybridApplication)"
                .to_string()
        } else {
            format!("the servers behind {}", self.hosts)
        }
    }

    pub fn meaning(&self) -> String {
        self.meaning_said(false)
    }

    /// The meaning as the explanation says it: `past` once a later run got past the failure
    /// (what the earlier run met, not a failure still there; [`Advice::meaning_was`]).
    pub(super) fn meaning_said(&self, past: bool) -> String {
        let (who, h, url) = (self.caller(), &self.hosts, &self.url);
        let tense = |now: &'static str, was: &'static str| if past { was } else { now };
        match self.kind {
            CauseKind::MethodNotAllowed
            | CauseKind::RequestTooLarge
            | CauseKind::NoMrsProxy
            | CauseKind::Autodiscover => self.refusal_meaning(past),
            CauseKind::NameNotResolved => format!(
                "{who} looked up {h} to call {url} and {} {} no record for it, so the call \
                 never left: no firewall, certificate or IIS setting {} until the name {}.",
                if self.online { "public DNS" } else { "DNS" },
                tense("has", "had"),
                tense("matters", "mattered"),
                tense("resolves", "resolved"),
            ),
            CauseKind::NetworkTimeout if self.agent => format!(
                "{who} got no answer in time from {url}: Exchange Online reached the agent's \
                 published name, but the request stalled between the Hybrid Agent and the \
                 Exchange server it publishes (the agent host cannot reach the TargetUri on 443 \
                 because of a firewall, DNS or proxy on that host, the published server is down \
                 or not the one in TargetUri, or a load balancer between them drops the \
                 request). The agent makes only outbound connections, so no inbound firewall \
                 rule is involved."
            ),
            CauseKind::NetworkTimeout => format!(
                "{who} resolved {h} but got no answer in time from {url}: the connection or \
                 the request stalled somewhere on the network path (a firewall or NAT rule for \
                 inbound 443, a reverse proxy or load balancer in front of Exchange, an IPS or \
                 WAF)."
            ),
            CauseKind::NoEndpoint if self.iis_sub().is_some() => self.iis_sub_meaning(),
            CauseKind::NoEndpoint if self.forbidden() => self.forbidden_meaning(),
            CauseKind::NoEndpoint => format!(
                "{who} reached {h}, but nothing there {} {url}: the connection was refused \
                 or the URL answered as not found or forbidden. Usual causes: the name points \
                 at a device or server that is not Exchange, a reverse proxy that does not \
                 publish /EWS/mrsproxy.svc, or the MRS proxy endpoint disabled on the EWS \
                 virtual directory.",
                tense("serves", "served")
            ),
            CauseKind::Unauthorized if self.basic_only() => format!(
                "{who} called {url} and got (401) Unauthorized{}. Exchange Online authenticates \
                 to the MRS proxy with Negotiate or NTLM only, so the call {} while {h} {} \
                 nothing else: either Windows authentication {} off on the EWS virtual \
                 directory, or a reverse proxy or WAF in front of Exchange {} with Basic and \
                 {} in Exchange's place. Neither the credentials nor Extended Protection {} at \
                 issue yet: they apply only once Windows authentication is offered.",
                self.offered_words(),
                tense("cannot succeed", "could not succeed"),
                tense("offers", "offered"),
                tense("is", "was"),
                tense("pre-authenticates", "pre-authenticated"),
                tense("answers", "answered"),
                tense("are", "were"),
            ),
            CauseKind::Unauthorized => format!(
                "The MRS proxy at {url} rejected the Windows authentication of {}{}. From the \
                 HCW log alone two causes look the same: the credentials entered in HCW{} were \
                 refused (wrong or expired password, locked account, missing rights), or \
                 Extended Protection on the front-end EWS virtual directory rejected the NTLM \
                 token because TLS was ended before Exchange (the Hybrid Agent or SSL \
                 offloading). The IIS logs (W3SVC1) of {behind} tell them apart: \
                 the /EWS/mrsproxy.svc handshake ending 401 1 2148074310 (SEC_E_BAD_BINDINGS) \
                 is Extended Protection, 401 1 2148074252 (SEC_E_LOGON_DENIED) or a logon \
                 failure is the credentials, 401 1 2148074248 (SEC_E_INVALID_TOKEN) means the \
                 handshake's legs went to different servers, and no request at all means a \
                 device in front of Exchange answered.",
                // The caller ends the clause here: no comma closes it.
                who.trim_end_matches(','),
                self.offered(),
                self.account
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                behind = self.servers_behind(),
            ),
            CauseKind::TlsTrust if !self.tls.is_empty() => {
                self.tls_meaning(past).unwrap_or_default()
            }
            CauseKind::TlsTrust if self.handshake_only => format!(
                "{who} could not set up a TLS channel to {h}: the TLS handshake failed before \
                 any certificate was judged, so the certificate is not what {} it. The two \
                 sides {} no TLS version or cipher suite (TLS 1.2 disabled on {} or on a device \
                 that ends TLS in front of them), or a device on the path {} the connection.",
                tense("stops", "stopped"),
                tense("share", "shared"),
                self.servers_behind(),
                tense("cuts", "cut"),
            ),
            // The certificate was judged and refused: a TLS version the sides do not share
            // fails the handshake before that, so it is not among the causes.
            CauseKind::TlsTrust => format!(
                "{who} could not set up a trusted TLS channel to {h}: the certificate presented \
                 for {h} {} not trusted (self-signed or internal CA, expired, missing \
                 intermediate, {h} not in its names), or a device on the path {} it (TLS \
                 inspection). The log does not say which.",
                tense("is", "was"),
                tense("replaces", "replaced"),
            ),
            CauseKind::ServerError => format!(
                "The request reached {h} and the server or a proxy behind it answered with a \
                 server error. A 503 usually means {}; a load balancer with no healthy server \
                 answers so too. A 500 is {}. A 502 is a proxy that got no valid answer from \
                 Exchange.",
                Refusal::Unavailable.cause(),
                Refusal::ServerError.cause()
            ),
        }
    }
}
