//! One failure of an HCW-only class ([`Item`]): a failed call with its FINISH entry, or an
//! uncoded `*ERROR*` entry, with its classified cause; who made the failing request (Exchange
//! Online, an on-premises cmdlet, the Hybrid Agent), the host it names and the HCW lines it
//! stands on.

use super::super::common::via_agent;
use crate::analyze::cmdlet::{Cause, CmdletCall};
use crate::analyze::finding::Evidence;
use crate::record::HcwEntry;

/// One failure of a class: a failed call (with its FINISH entry) or an `*ERROR*` entry.
pub struct Item<'a> {
    pub call: Option<&'a CmdletCall>,
    pub entry: &'a HcwEntry,
    pub cause: Cause,
}

impl Item<'_> {
    /// Whether Exchange Online made the failing request (a tenant-side call, the Hybrid
    /// Agent's test, or MRS calling `/EWS/mrsproxy.svc`), so "DNS" means public DNS and "the
    /// network" the internet path.
    pub fn made_by_online(&self) -> bool {
        match self.call {
            Some(c) => c
                .session
                .as_deref()
                .is_none_or(|s| !s.eq_ignore_ascii_case("OnPremises")),
            None => {
                self.entry.ctx("Page") == Some("HybridConnectorInstall")
                    || self.via_agent()
                    || self
                        .cause
                        .url
                        .as_deref()
                        .is_some_and(|u| u.to_ascii_lowercase().contains("/ews/mrsproxy.svc"))
            }
        }
    }

    /// Whether an on-premises cmdlet made the failing request (the Exchange server did).
    pub fn made_on_premises(&self) -> bool {
        self.call
            .and_then(|c| c.session.as_deref())
            .is_some_and(|s| s.eq_ignore_ascii_case("OnPremises"))
    }

    pub fn via_agent(&self) -> bool {
        self.call.is_some_and(via_agent)
            || self.cause.url.as_deref().is_some_and(is_agent)
            || self.cause.host.as_deref().is_some_and(is_agent)
    }

    /// The host the finding is about: from the chain, else `-RemoteServer`.
    pub fn host(&self) -> Option<String> {
        self.cause
            .host
            .clone()
            .or_else(|| self.call.and_then(|c| c.remote_server.clone()))
    }
}

fn is_agent(s: &str) -> bool {
    s.to_ascii_lowercase().contains("msappproxy.net")
}

/// The HCW lines of an item: a call's START and FINISH, or the entry.
pub fn item_lines(i: &Item<'_>) -> impl Iterator<Item = Evidence> {
    let (source, first, second) = match i.call {
        Some(c) => (c.source, c.line, c.finish_line),
        None => (i.entry.source, i.entry.line, None),
    };
    std::iter::once(first)
        .chain(second)
        .map(move |line| Evidence { source, line })
}
