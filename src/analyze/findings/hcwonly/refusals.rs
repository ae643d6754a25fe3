//! Wording of the HCW-only classes where the MRS proxy (or a device in front of it) answered
//! but refused the call in a way that names its own cause: `(405)` (no handler for the POST),
//! `(413)` (a request-size limit), `No MRSProxy was found running` (MRS proxy off, or the
//! server's computer account in a protected group, KB 2975731) and an Autodiscover lookup that
//! found no endpoint. Each remedy is the fix the catalogue of hybrid failures names for it.

use super::super::refusal::{CHECK_MRS_PROXY, Refusal, each_or, enable_mrs_proxy, per_server};
use super::super::text::{HYBRID_AGENT_DOC, IIS_STATUS_DOC, MRS_PROXY_DOC, TMSA_DOC};
use super::advice::Advice;
use crate::analyze::cmdlet::CauseKind;

/// Microsoft's Remote Connectivity Analyzer (Autodiscover tests from outside).
const RCA: &str = "https://testconnectivity.microsoft.com";

impl Advice {
    /// Every status the log quotes is `(403)`: the MRS proxy (or a device in front) refused.
    /// An IIS line with a substatus (403.6 IP address rejected …) names another cause, so the
    /// finding then stays with the general wording and the decoded IIS line.
    pub(super) fn forbidden(&self) -> bool {
        !self.statuses.is_empty()
            && self.statuses.iter().all(|s| s == "(403)")
            && self.iis.iter().all(|&(_, sub)| sub == 0)
    }

    pub(super) fn forbidden_title(&self) -> String {
        format!(
            "{} refused /EWS/mrsproxy.svc with (403) Forbidden: the MRS proxy endpoint is \
             probably disabled",
            self.hosts
        )
    }

    pub(super) fn forbidden_meaning(&self) -> String {
        format!(
            "{} reached {} and was answered (403) Forbidden: the URL exists, but the request \
             was refused. Usual causes: {}.",
            self.caller(),
            self.url,
            Refusal::Forbidden.cause()
        )
    }

    /// The title of a refusal class; `past` once a later run got past it.
    pub(super) fn refusal_title(&self, past: bool) -> String {
        let h = &self.hosts;
        let tense = |now: &'static str, was: &'static str| if past { was } else { now };
        match self.kind {
            CauseKind::MethodNotAllowed => format!(
                "{h} answered (405) Method Not Allowed on /EWS/mrsproxy.svc: IIS {} no handler \
                 for the MRS proxy",
                tense("has", "had")
            ),
            CauseKind::RequestTooLarge => format!(
                "{h} answered (413) Request Entity Too Large: a request-size limit {} the MRS \
                 requests",
                tense("refuses", "refused")
            ),
            CauseKind::NoMrsProxy => format!("No MRS proxy was found running at {h}"),
            _ => "Autodiscover could not find the migration endpoint".to_string(),
        }
    }

    /// The meaning of a refusal class; `past` once a later run got past it.
    pub(super) fn refusal_meaning(&self, past: bool) -> String {
        let (who, h, url) = (self.caller(), &self.hosts, &self.url);
        let tense = |now: &'static str, was: &'static str| if past { was } else { now };
        match self.kind {
            CauseKind::MethodNotAllowed => format!(
                "{who} reached {url} and got (405) Method Not Allowed: on the server behind \
                 {h}, {}. Credentials, certificates and the network are not at issue: the \
                 request arrived.",
                Refusal::MethodNotAllowed.cause()
            ),
            CauseKind::RequestTooLarge => format!(
                "{who} called {url} and got (413) Request Entity Too Large: {}; {} in front of \
                 Exchange can answer the same way with its own body-size limit.",
                Refusal::TooLarge.cause(),
                if self.agent {
                    "the Hybrid Agent's application proxy or a reverse proxy"
                } else {
                    "a reverse proxy or load balancer"
                }
            ),
            CauseKind::NoMrsProxy => format!(
                "{who} asked Autodiscover for the migration endpoint and reached {h}, but found \
                 no MRS proxy running there. Either the MRS proxy endpoint {} disabled on the \
                 EWS virtual directory, or Exchange {} read its own configuration: the \
                 known cause (KB 2975731) is an Exchange server's computer account in a \
                 protected group (adminCount=1, so Active Directory turned off permission \
                 inheritance on it), which also shows as 'Access is denied' on mailbox moves.",
                tense("is", "was"),
                tense("cannot", "could not"),
            ),
            _ => format!(
                "{who} was asked to find the MRS proxy endpoint through Autodiscover and could \
                 not: the Autodiscover record of the mailbox's domain {} missing from public \
                 DNS, {} at a host that {} not publish /Autodiscover/Autodiscover.xml, or \
                 the answer was refused (401, 404 or a 5xx). Nothing reached /EWS/mrsproxy.svc \
                 yet, so its settings {} not at issue.",
                tense("is", "was"),
                tense("points", "pointed"),
                tense("does", "did"),
                tense("are", "were"),
            ),
        }
    }

    pub(super) fn refusal_remedy(&self) -> String {
        let (h, url) = (&self.host, &self.url);
        match self.kind {
            CauseKind::MethodNotAllowed => format!(
                "On every server behind {h}, {} Then open {url} from outside: it must answer \
                 401, not 405.",
                Refusal::MethodNotAllowed.remedy(&self.servers)
            ),
            CauseKind::RequestTooLarge => format!(
                "On the servers behind {h} (an IIS 413 line names the one that answered): {} \
                 If IIS logged no 413, raise the maximum request body size on the {}. Then run \
                 HCW again.",
                Refusal::TooLarge.remedy(&self.servers),
                if self.agent {
                    "reverse proxy or load balancer between the Hybrid Agent and Exchange, if \
                     there is one"
                } else {
                    "reverse proxy or load balancer in front of Exchange"
                }
            ),
            CauseKind::NoMrsProxy => format!(
                "1. {CHECK_MRS_PROXY}; where it is False: {}.\n\
                 2. If it is enabled on the servers behind {h}: {}{}; where adminCount is 1, \
                 take the computer account out of the protected groups, clear adminCount and \
                 turn permission inheritance back on (Active Directory Users and Computers, \
                 Advanced Features, Security > Advanced), as KB 2975731 describes. Then run HCW \
                 again.",
                enable_mrs_proxy(&self.servers),
                per_server(&self.servers, |s| format!(
                    "Get-ADComputer {s} -Properties adminCount,memberOf"
                )),
                if self.servers.is_empty() {
                    " for each"
                } else {
                    ""
                }
            ),
            _ => format!(
                "Test Autodiscover from outside with the Remote Connectivity Analyzer \
                 ({RCA}, Outlook Autodiscover) for {}, and check public DNS: {}. Or give the \
                 endpoint directly: Test-MigrationServerAvailability -ExchangeRemoteMove \
                 -RemoteServer {} -Credentials (Get-Credential {}).",
                self.mailbox_words(),
                self.autodiscover_lookups(),
                self.target.as_deref().unwrap_or("<EWS external host>"),
                self.account.as_deref().unwrap_or("<migration account>")
            ),
        }
    }

    /// `the mailbox admin@contoso.de` (the `-EmailAddress` of the failed test), `the mailboxes
    /// a@x.de and b@y.de`, or the migration account's mailbox when the log names none.
    fn mailbox_words(&self) -> String {
        match self.mailboxes.as_slice() {
            [] => "the migration account's mailbox".to_string(),
            [one] => format!("the mailbox {one}"),
            many => format!("the mailboxes {}", super::super::common::list(many)),
        }
    }

    /// `Resolve-DnsName autodiscover.contoso.de -Server 8.8.8.8`, one per mail domain the test
    /// looked up, or with `<mail domain>` when the log names none.
    fn autodiscover_lookups(&self) -> String {
        each_or(&self.mail_domains, "<mail domain>", |d| {
            format!("Resolve-DnsName autodiscover.{d} -Server 8.8.8.8")
        })
    }

    pub(super) fn refusal_references(&self) -> Vec<&'static str> {
        let mut r = vec![TMSA_DOC];
        match self.kind {
            CauseKind::MethodNotAllowed => r.extend([MRS_PROXY_DOC, IIS_STATUS_DOC]),
            CauseKind::RequestTooLarge => r.push(IIS_STATUS_DOC),
            CauseKind::NoMrsProxy => r.push(MRS_PROXY_DOC),
            _ => r.push(RCA),
        }
        if self.agent {
            r.push(HYBRID_AGENT_DOC);
        }
        r
    }
}
