//! What each class of HCW-only failure is (title, context, references), worded with the host,
//! URL and account the log names (never a folder or file name); what it means, as the
//! explanation says it, is in `meaning`, the remedies in `remedy`.

use super::super::DiagnoseInput;
use super::super::common::{credential_user, distinct, esc, list};
use super::super::text::{
    EP_DOC, HCW_DOC, HTTPERR_DOC, HYBRID_AGENT_BLOG, HYBRID_AGENT_DOC, MRS_PROXY_DOC, TMSA_DOC,
};
use super::vdir::mrs_proxy_off;
use super::{Item, hosts_text};
use crate::analyze::cmdlet::{CauseKind, TlsFault, certificate_refused, error_chain, tls_faults};
use crate::analyze::finding::FindingId;

/// Finding id of a class.
pub fn id(kind: CauseKind) -> FindingId {
    match kind {
        CauseKind::NameNotResolved => FindingId::HcwDns,
        CauseKind::NetworkTimeout => FindingId::HcwNetworkPath,
        CauseKind::NoEndpoint => FindingId::HcwNoEndpoint,
        CauseKind::Unauthorized => FindingId::HcwUnauthorized,
        CauseKind::TlsTrust => FindingId::HcwTls,
        CauseKind::ServerError => FindingId::HcwServerError,
        CauseKind::MethodNotAllowed => FindingId::HcwMethodNotAllowed,
        CauseKind::RequestTooLarge => FindingId::HcwRequestTooLarge,
        CauseKind::NoMrsProxy => FindingId::HcwNoMrsProxy,
        CauseKind::Autodiscover => FindingId::HcwAutodiscover,
    }
}

/// What the log says about one class of failure, ready for sentences.
pub struct Advice {
    pub(super) kind: CauseKind,
    /// The hosts, as a list for sentences.
    pub(super) hosts: String,
    /// The first host, for commands.
    pub(super) host: String,
    /// The URL that was called (or the MRS proxy URL of the host).
    pub(super) url: String,
    pub(super) online: bool,
    pub(super) on_premises: bool,
    pub(super) agent: bool,
    /// IIS logs are loaded (yet none of the IIS-based findings explains these calls).
    pub(super) iis_loaded: bool,
    /// What to do first when the loaded IIS logs hold the calls' 401s without their codes
    /// ([`super::uncoded`]) or only their challenges ([`super::challenged`]).
    pub(super) uncoded_step: Option<String>,
    pub(super) account: Option<String>,
    pub(super) headers: Vec<String>,
    pub(super) statuses: Vec<String>,
    pub(super) mrs_off: Vec<String>,
    /// (status, substatus) of the IIS lines that logged the refusal.
    pub(super) iis: Vec<(u16, u16)>,
    /// The servers the remedy's commands name ([`super::iis::servers`]); empty: `<Server>`.
    pub(super) servers: Vec<String>,
    /// The mailboxes an Autodiscover test looked up (`-EmailAddress`), escaped.
    pub(super) mailboxes: Vec<String>,
    /// The mail domains of the mailboxes an Autodiscover test looked up.
    pub(super) mail_domains: Vec<String>,
    /// The endpoint HCW tests, as its logs name it (the test call's `-RemoteServer`, the
    /// Hybrid Agent's endpoint, the external host of the EWS directory HCW chose); `None`
    /// when no log names it.
    pub(super) target: Option<String>,
    /// The certificate faults the failures' texts name (`hcw-tls` only; empty: none named).
    pub(super) tls: Vec<TlsFault>,
    /// `hcw-tls` whose failures all say only that the TLS handshake failed: no certificate
    /// was judged ([`certificate_refused`]).
    pub(super) handshake_only: bool,
}

impl Advice {
    pub fn new(
        input: &DiagnoseInput<'_>,
        kind: CauseKind,
        items: &[Item<'_>],
        hosts: &[String],
    ) -> Self {
        let target = super::iis::run_names(input, items).test_target().map(esc);
        let host = hosts
            .first()
            .cloned()
            .or_else(|| target.clone())
            .unwrap_or_else(|| "<published name>".into());
        let url = items
            .iter()
            .find_map(|i| i.cause.url.clone())
            .unwrap_or_else(|| format!("https://{host}/EWS/mrsproxy.svc"));
        let uncoded = if kind == CauseKind::Unauthorized {
            super::uncoded::requests(input, items)
        } else {
            Vec::new()
        };
        let uncoded_step = if !uncoded.is_empty() {
            Some(super::uncoded::remedy_step(&uncoded, &host))
        } else if kind == CauseKind::Unauthorized
            && !super::challenged::requests(input, items).is_empty()
        {
            Some(super::challenged::remedy_step(
                &host,
                items.iter().any(Item::via_agent),
            ))
        } else {
            None
        };
        let mrs_off = if kind == CauseKind::NoEndpoint {
            mrs_proxy_off(input, items)
        } else {
            Vec::new()
        };
        let mut tls: Vec<TlsFault> = if kind == CauseKind::TlsTrust {
            items
                .iter()
                .flat_map(|i| tls_faults(&error_chain(i.entry)))
                .collect()
        } else {
            Vec::new()
        };
        tls.sort_unstable();
        tls.dedup();
        let handshake_only = kind == CauseKind::TlsTrust
            && !items
                .iter()
                .any(|i| certificate_refused(&error_chain(i.entry)));
        Advice {
            kind,
            tls,
            handshake_only,
            hosts: hosts_text(hosts),
            url: esc(&url),
            online: items.iter().any(Item::made_by_online),
            on_premises: items.iter().all(Item::made_on_premises),
            agent: items.iter().any(Item::via_agent),
            iis_loaded: input
                .sources
                .iter()
                .any(|s| s.kind == crate::source::SourceKind::Iis),
            uncoded_step,
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
            servers: super::iis::servers(input, kind, items, &mrs_off),
            mrs_off,
            iis: super::iis::refusals(input, kind, items)
                .iter()
                .filter(|r| r.reason.is_empty())
                .map(|r| (r.status, r.substatus))
                .collect(),
            mailboxes: distinct(
                items
                    .iter()
                    .filter_map(|i| i.call)
                    .filter_map(super::super::common::email_address)
                    .map(esc),
            ),
            mail_domains: distinct(
                items
                    .iter()
                    .filter_map(|i| i.call)
                    .filter_map(super::super::common::mail_domain),
            ),
            target,
        }
    }

    pub(super) fn caller(&self) -> &'static str {
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
    pub(super) fn local_side(&self) -> &'static str {
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
            CauseKind::NoEndpoint if self.iis_sub().is_some() => self.iis_sub_title(),
            CauseKind::NoEndpoint if self.forbidden() => self.forbidden_title(),
            CauseKind::NoEndpoint => format!("No MRS proxy endpoint answered at {h}"),
            CauseKind::MethodNotAllowed
            | CauseKind::RequestTooLarge
            | CauseKind::NoMrsProxy
            | CauseKind::Autodiscover => self.refusal_title(false),
            CauseKind::Unauthorized if self.basic_only() => format!(
                "{h} answered (401) Unauthorized offering only Basic: Windows authentication \
                 does not reach EWS"
            ),
            CauseKind::Unauthorized => {
                format!("{h} answered (401) Unauthorized: credentials or Extended Protection")
            }
            CauseKind::TlsTrust if self.handshake_only => {
                format!("The TLS handshake with {h} failed")
            }
            CauseKind::TlsTrust => self
                .tls_title(false)
                .unwrap_or_else(|| format!("The TLS certificate of {h} is not trusted")),
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

    pub fn references(&self) -> Vec<&'static str> {
        let mut r = vec![TMSA_DOC];
        match self.kind {
            CauseKind::MethodNotAllowed
            | CauseKind::RequestTooLarge
            | CauseKind::NoMrsProxy
            | CauseKind::Autodiscover => return self.refusal_references(),
            CauseKind::NameNotResolved | CauseKind::TlsTrust => r.push(HCW_DOC),
            CauseKind::NetworkTimeout | CauseKind::ServerError => r.push(HTTPERR_DOC),
            CauseKind::NoEndpoint => r.push(MRS_PROXY_DOC),
            CauseKind::Unauthorized if self.basic_only() => r.push(MRS_PROXY_DOC),
            CauseKind::Unauthorized => r.push(EP_DOC),
        }
        if self.agent {
            r.extend([HYBRID_AGENT_DOC, HYBRID_AGENT_BLOG]);
        }
        r
    }
}
