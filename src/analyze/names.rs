//! Names of the organisation's machines and endpoints as the logs state them: the Exchange
//! servers HCW listed, connected to, configured and reset IIS on; the EWS host Exchange Online
//! calls for mailbox moves; the Hybrid Agent's endpoint; the migration account; the machine the
//! wizard ran on. Remedies fill their commands from these.
//!
//! A server a W3C line names (`s-computername`) is a name. A folder label (`EX01/W3SVC1`) is a
//! display label only: it refers to a server only when the HCW log names the same server, and
//! then the name used is the one HCW logged.

mod scan;
#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::CmdletCall;
use crate::record::HcwEntry;

pub use scan::credential_user;

/// An Exchange server the HCW log names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The name as HCW first logged it (`EX01`).
    pub name: String,
    /// Its FQDN, when logged.
    pub fqdn: Option<String>,
    /// An Edge Transport server (no client access, no EWS).
    pub edge: bool,
    /// HCW chose its EWS virtual directory for the migration endpoint or reset IIS on it: a
    /// server behind the published EWS host.
    pub published: bool,
}

/// What the loaded logs name; every value escaped for display.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgNames {
    /// Exchange servers, in the order HCW first named them.
    pub servers: Vec<Server>,
    /// The EWS host Exchange Online calls without the Hybrid Agent (`mail.contoso.com`).
    pub published_host: Option<String>,
    /// The Hybrid Agent's endpoint (`<guid>.resource.mailboxmigration.his.msappproxy.net`).
    pub agent_endpoint: Option<String>,
    /// The migration account HCW tested (`CONTOSO\admin`).
    pub account: Option<String>,
    /// The machine HCW ran on (`Machine Name` of the Process Info table).
    pub wizard_machine: Option<String>,
    /// The machines the loaded logs name, one name each ([`crate::source::machine_names`]): a
    /// server label is said by these first, so a sentence calls a server what the sources
    /// list calls it.
    pub machines: Vec<String>,
    /// The machines with more than one IIS site's logs loaded ([`crate::source::ServerNames`]):
    /// a sentence names their logs by site (`IIS on EX01/W3SVC3`), as the rows do.
    pub sited: Vec<String>,
    /// Rank of the source [`OrgNames::published_host`] came from (lower is better).
    host_rank: u8,
}

impl OrgNames {
    /// Everything the HCW entries and cmdlet calls say.
    pub fn from_logs(hcw: &[HcwEntry], cmdlets: &[CmdletCall]) -> Self {
        let mut n = OrgNames {
            host_rank: u8::MAX,
            ..OrgNames::default()
        };
        scan::header_machines(&mut n, hcw);
        for e in hcw {
            scan::entry(&mut n, e);
        }
        for c in cmdlets {
            scan::call(&mut n, c);
        }
        n
    }

    /// Exchange servers behind the published EWS host, as far as HCW shows them.
    pub fn published_servers(&self) -> Vec<&Server> {
        self.servers
            .iter()
            .filter(|s| s.published && !s.edge)
            .collect()
    }

    /// The known server a name or FQDN refers to ([`crate::source::same_machine`]:
    /// case-insensitive, an FQDN by its first label), an FQDN by the server's own FQDN when
    /// HCW logged one (`ex01.fabrikam.com` is not `EX01` = `ex01.contoso.com`).
    pub fn find(&self, name: &str) -> Option<&Server> {
        self.servers.iter().find(|s| match s.fqdn.as_deref() {
            Some(f) if name.contains('.') => f.eq_ignore_ascii_case(name),
            _ => crate::source::same_machine(&s.name, name),
        })
    }

    /// The server name a log's server label stands for: the `s-computername` it logged, or
    /// for a folder label the server of the same name HCW or another log names; `None` when
    /// unknown. Said as the load names the machine ([`OrgNames::machines`]: `EX01` for a log
    /// that wrote `ex01.contoso.com` beside HCW's `EX01`), else as HCW names it.
    pub fn server_for_label(&self, label: &str) -> Option<String> {
        let name = computer_name(label).or_else(|| crate::read::folder_server(label))?;
        let loaded = self
            .machines
            .iter()
            .find(|m| crate::source::same_machine(m, name));
        if let Some(m) = loaded {
            return Some(m.clone());
        }
        if let Some(s) = self.find(name) {
            return Some(s.name.clone());
        }
        computer_name(label).map(str::to_string)
    }

    /// The `-RemoteServer` Exchange Online tests: the agent's endpoint when there is one,
    /// else the published EWS host.
    pub fn test_target(&self) -> Option<&str> {
        self.agent_endpoint
            .as_deref()
            .or(self.published_host.as_deref())
    }

    pub(crate) fn add_server(
        &mut self,
        name: &str,
        fqdn: Option<&str>,
        edge: bool,
        published: bool,
    ) {
        let (short, fqdn) = match name.split_once('.') {
            Some((short, _)) => (short, fqdn.or(Some(name))),
            None => (name, fqdn),
        };
        if !is_host(short) {
            return;
        }
        let fqdn = fqdn.filter(|f| is_host(f) && f.contains('.'));
        let esc = |s: &str| crate::escape::escape_control(s).into_owned();
        match self
            .servers
            .iter_mut()
            .find(|s| s.name.eq_ignore_ascii_case(short))
        {
            Some(s) => {
                s.edge |= edge;
                s.published |= published;
                if s.fqdn.is_none() {
                    s.fqdn = fqdn.map(esc);
                }
            }
            None => self.servers.push(Server {
                name: esc(short),
                fqdn: fqdn.map(esc),
                edge,
                published,
            }),
        }
    }

    pub(crate) fn offer_host(&mut self, host: &str, rank: u8) {
        let host = host.trim_matches(['.', '-']);
        if !is_host(host) {
            return;
        }
        if is_agent_host(host) {
            if self.agent_endpoint.is_none() {
                self.agent_endpoint = Some(host.to_ascii_lowercase());
            }
        } else if host.contains('.') && rank < self.host_rank {
            self.host_rank = rank;
            self.published_host = Some(host.to_string());
        }
    }
}

/// A label that a log line wrote (`s-computername`), not a folder label or an address.
pub fn computer_name(label: &str) -> Option<&str> {
    let plain = !crate::read::is_folder_label(label) && is_host(label);
    let address = label.parse::<std::net::IpAddr>().is_ok()
        || label.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    (plain && !address).then_some(label)
}

/// A DNS or NetBIOS host name: letters, digits, `-`, `_` and dots, with at least one letter.
pub fn is_host(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && !s.starts_with(['-', '.'])
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The Hybrid Agent's published name (`*.msappproxy.net`).
pub fn is_agent_host(host: &str) -> bool {
    host.to_ascii_lowercase().ends_with(".msappproxy.net")
}
