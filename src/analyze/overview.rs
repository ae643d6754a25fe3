//! The shape of a load at a glance, computed from an [`Analysis`]: handshake outcomes by
//! virtual directory and failure name, the clients with the most failures (and the users
//! behind each, which tells a load balancer or proxy from a workstation), the users, and HCW
//! calls by outcome. [`timeline`] buckets requests and failures over time for a chart.
//!
//! Every count goes through a [`Keep`] predicate on a log line, so the explorer passes its
//! active filters and the report passes [`keep_all`].

pub mod apart;
mod boot;
pub mod runs;
pub mod timeline;

#[cfg(test)]
mod runs_tests;
#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome, log_ends_in};
use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::pipeline::Analysis;
use crate::source::SourceId;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Whether the log line `(source, 1-based line)` counts (visible under the active filters).
pub type Keep<'a> = &'a dyn Fn(SourceId, u64) -> bool;

/// The predicate that keeps every line.
pub fn keep_all(_: SourceId, _: u64) -> bool {
    true
}

/// Handshakes of one virtual directory with one outcome and failure name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VdirRow {
    /// `cs-uri-stem`.
    pub uri: String,
    /// How the handshakes ended.
    pub outcome: HandshakeOutcome,
    /// `SEC_E_BAD_BINDINGS` etc. for failed ones (the code in hex when unnamed).
    pub failure: Option<String>,
    /// How many.
    pub count: u64,
}

/// One client address and what its handshakes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// `c-ip` (or X-Forwarded-For).
    pub client: String,
    /// Failed or abandoned handshakes.
    pub failures: u64,
    /// All handshakes.
    pub handshakes: u64,
    /// Users seen on its handshakes, most handshakes first.
    pub users: Vec<(String, u64)>,
}

impl ClientRow {
    /// True when several users come from this address (a load balancer, proxy or NAT).
    pub fn shared(&self) -> bool {
        self.users.len() > 1
    }

    /// `alice` · `shared by 7 users` · `-` — the users behind the address in a few words.
    pub fn users_label(&self) -> String {
        match self.users.as_slice() {
            [] => "-".to_string(),
            [(u, _)] => u.clone(),
            more => format!("shared by {} users", more.len()),
        }
    }
}

/// One user and their handshakes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// `cs-username` as logged.
    pub user: String,
    /// Handshakes that ended with this user.
    pub handshakes: u64,
    /// Distinct client addresses they came from.
    pub clients: u64,
}

/// HCW cmdlet calls of one outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    /// Outcome.
    pub outcome: CmdletOutcome,
    /// The log ends inside these calls, before their result (an `Error` outcome:
    /// [`crate::analyze::cmdlet::log_ends_in`]).
    pub log_ends: bool,
    /// How many calls.
    pub count: u64,
    /// Cmdlet names with their counts, most first.
    pub names: Vec<(String, u64)>,
}

/// The overview tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Handshake outcomes by virtual directory and failure name; failures first, then most.
    pub vdirs: Vec<VdirRow>,
    /// Clients by failures, then handshakes.
    pub clients: Vec<ClientRow>,
    /// Users by handshakes.
    pub users: Vec<UserRow>,
    /// HCW calls by outcome (failed, error, success).
    pub calls: Vec<CallRow>,
}

/// The failure name of a failed handshake (`SEC_E_BAD_BINDINGS`, or the code in hex).
pub fn failure_label(h: &Handshake) -> Option<String> {
    h.failure_code.map(|c| {
        crate::codes::failure_name(c)
            .map(str::to_string)
            .unwrap_or_else(|| format!("0x{c:08X}"))
    })
}

/// True when a handshake counts under `keep`: its deciding (last) leg is kept.
pub fn handshake_kept(h: &Handshake, keep: Keep<'_>) -> bool {
    h.final_leg()
        .is_none_or(|l| keep(l.source, u64::from(l.line)))
}

/// Computes the overview of `a`, counting only what `keep` keeps.
pub fn overview(a: &Analysis, keep: Keep<'_>) -> Overview {
    let kept: Vec<&Handshake> = a
        .handshakes
        .iter()
        .filter(|h| handshake_kept(h, keep))
        .collect();
    Overview {
        vdirs: vdirs(&kept),
        clients: clients(&kept),
        users: users(&kept),
        calls: calls(a, keep),
    }
}

/// The overview of everything loaded.
pub fn overview_all(a: &Analysis) -> Overview {
    overview(a, &keep_all)
}

fn vdirs(hs: &[&Handshake]) -> Vec<VdirRow> {
    let mut counts: HashMap<(&str, HandshakeOutcome, Option<String>), u64> = HashMap::new();
    for h in hs {
        *counts
            .entry((h.uri.as_str(), h.outcome, failure_label(h)))
            .or_default() += 1;
    }
    let mut rows: Vec<VdirRow> = counts
        .into_iter()
        .map(|((uri, outcome, failure), count)| VdirRow {
            uri: uri.to_string(),
            outcome,
            failure,
            count,
        })
        .collect();
    sort_vdirs(&mut rows);
    rows
}

/// Failed, then abandoned, then successful; most first; names break ties so output is stable.
fn sort_vdirs(rows: &mut [VdirRow]) {
    rows.sort_by(|a, b| {
        rank(a.outcome)
            .cmp(&rank(b.outcome))
            .then(b.count.cmp(&a.count))
            .then_with(|| a.uri.cmp(&b.uri))
            .then_with(|| a.failure.cmp(&b.failure))
    });
}

fn rank(o: HandshakeOutcome) -> u8 {
    match o {
        HandshakeOutcome::Failed => 0,
        HandshakeOutcome::Abandoned => 1,
        HandshakeOutcome::Success => 2,
    }
}

/// The user a handshake authenticated as (the last non-empty leg user).
fn user_of(h: &Handshake) -> Option<&str> {
    h.legs
        .iter()
        .rev()
        .map(|l| l.user.as_str())
        .find(|u| !u.is_empty() && *u != "-")
}

fn clients(hs: &[&Handshake]) -> Vec<ClientRow> {
    let mut by: HashMap<&str, (u64, u64, HashMap<&str, u64>)> = HashMap::new();
    for h in hs {
        let e = by.entry(h.client.as_str()).or_default();
        e.1 += 1;
        if h.outcome != HandshakeOutcome::Success {
            e.0 += 1;
        }
        if let Some(u) = user_of(h) {
            *e.2.entry(u).or_default() += 1;
        }
    }
    let mut rows: Vec<ClientRow> = by
        .into_iter()
        .map(|(client, (failures, handshakes, users))| ClientRow {
            client: client.to_string(),
            failures,
            handshakes,
            users: most_first(users.into_iter().map(|(u, n)| (u.to_string(), n))),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.failures
            .cmp(&a.failures)
            .then(b.handshakes.cmp(&a.handshakes))
            .then_with(|| a.client.cmp(&b.client))
    });
    rows
}

fn users(hs: &[&Handshake]) -> Vec<UserRow> {
    let mut by: BTreeMap<&str, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for h in hs {
        if let Some(u) = user_of(h) {
            let e = by.entry(u).or_default();
            e.0 += 1;
            e.1.insert(h.client.as_str());
        }
    }
    let mut rows: Vec<UserRow> = by
        .into_iter()
        .map(|(user, (handshakes, clients))| UserRow {
            user: user.to_string(),
            handshakes,
            clients: clients.len() as u64,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.handshakes
            .cmp(&a.handshakes)
            .then_with(|| a.user.cmp(&b.user))
    });
    rows
}

fn calls(a: &Analysis, keep: Keep<'_>) -> Vec<CallRow> {
    let order = [
        (CmdletOutcome::Failed, false),
        (CmdletOutcome::Error, false),
        (CmdletOutcome::Error, true),
        (CmdletOutcome::Success, false),
    ];
    order
        .into_iter()
        .filter_map(|(outcome, log_ends)| {
            let mut names: HashMap<&str, u64> = HashMap::new();
            let mut count = 0;
            let class = |c: &&CmdletCall| c.outcome == outcome && log_ends_in(c) == log_ends;
            for c in a.cmdlets.iter().filter(class) {
                if keep(c.source, c.line) {
                    count += 1;
                    *names.entry(c.name.as_str()).or_default() += 1;
                }
            }
            (count > 0).then(|| CallRow {
                outcome,
                log_ends,
                count,
                names: most_first(names.into_iter().map(|(n, k)| (n.to_string(), k))),
            })
        })
        .collect()
}

fn most_first(items: impl Iterator<Item = (String, u64)>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = items.collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
