//! What the fuzzy finder offers across every field at once: each distinct client address,
//! user, URI, server, cmdlet and handshake failure of a load, labelled with its field, with how
//! many lines (failures: handshakes) it has. Built once per load from the request indexes'
//! interned ids (one pass over their id columns, no line text), the HCW entries and the
//! failed handshakes.

use super::FilterField;
use crate::index::{Field, RequestIndex};
use crate::pipeline::Analysis;
use std::collections::HashMap;

/// Which field a candidate is a value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CandidateKind {
    /// `c-ip`.
    Ip,
    /// `cs-username`.
    User,
    /// `cs-uri-stem`.
    Uri,
    /// HCW cmdlet name.
    Cmdlet,
    /// Server label of an IIS line.
    Server,
    /// A handshake failure (`SEC_E_BAD_BINDINGS`), filtered by the status of its deciding leg.
    Failure,
}

impl CandidateKind {
    /// Every kind, in the finder's `Tab` order.
    pub const ALL: [CandidateKind; 6] = [
        CandidateKind::Ip,
        CandidateKind::User,
        CandidateKind::Uri,
        CandidateKind::Cmdlet,
        CandidateKind::Server,
        CandidateKind::Failure,
    ];

    /// The label shown before a value: `ip`, `user`, `uri` …
    pub fn label(self) -> &'static str {
        match self {
            CandidateKind::Ip => "ip",
            CandidateKind::User => "user",
            CandidateKind::Uri => "uri",
            CandidateKind::Cmdlet => "cmdlet",
            CandidateKind::Server => "server",
            CandidateKind::Failure => "failure",
        }
    }

    /// The field the filter for a value of this kind matches.
    pub fn field(self) -> FilterField {
        match self {
            CandidateKind::Ip => FilterField::ClientIp,
            CandidateKind::User => FilterField::User,
            CandidateKind::Uri => FilterField::Uri,
            CandidateKind::Cmdlet => FilterField::Cmdlet,
            CandidateKind::Server => FilterField::Server,
            CandidateKind::Failure => FilterField::Status,
        }
    }

    /// True for values of HCW lines (the others are IIS values).
    pub fn is_hcw(self) -> bool {
        self == CandidateKind::Cmdlet
    }
}

/// One value the finder offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its field.
    pub kind: CandidateKind,
    /// The value as shown (`10.0.5.20`, `SEC_E_BAD_BINDINGS 401.1`).
    pub value: String,
    /// The value the filter matches (the status triple for a failure).
    pub filter: String,
    /// Lines with the value (failures: failed handshakes).
    pub count: u64,
    /// `value` lower-cased, for the "contains the typed text" ranking.
    pub lower: String,
}

impl Candidate {
    fn new(kind: CandidateKind, value: String, filter: String, count: u64) -> Self {
        let lower = value.to_lowercase();
        Candidate {
            kind,
            value,
            filter,
            count,
            lower,
        }
    }
}

/// Every candidate of `a`, most lines first whatever their kind; kind, then value, break ties.
pub fn candidates(a: &Analysis) -> Vec<Candidate> {
    let mut counts: HashMap<(CandidateKind, String), u64> = HashMap::new();
    for idx in a.requests.iter().filter(|i| !i.is_empty()) {
        count_index(a, idx, &mut counts);
    }
    for e in &a.hcw {
        if let Some(c) = e.ctx("Cmdlet").filter(|c| !c.trim().is_empty()) {
            *counts
                .entry((CandidateKind::Cmdlet, c.to_string()))
                .or_default() += 1;
        }
    }
    let mut out: Vec<Candidate> = counts
        .into_iter()
        .map(|((kind, value), n)| Candidate::new(kind, value.clone(), value, n))
        .collect();
    out.extend(failures(a));
    out.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then(x.kind.cmp(&y.kind))
            .then_with(|| x.value.cmp(&y.value))
    });
    out
}

/// Counts the ids of the client, user, URI and server columns, then names them: a server as
/// rows name it ([`Analysis::server_named`]), so one machine logged in two spellings is one
/// value, and `FBEX1/W3SVC1` is `FBEX1` unless another site of FBEX1 is loaded (then a line
/// that logs `FBEX1` is named by its log's site too).
fn count_index(
    a: &Analysis,
    idx: &RequestIndex,
    counts: &mut HashMap<(CandidateKind, String), u64>,
) {
    const COLUMNS: [(CandidateKind, Field); 4] = [
        (CandidateKind::Ip, Field::Client),
        (CandidateKind::User, Field::User),
        (CandidateKind::Uri, Field::Uri),
        (CandidateKind::Server, Field::Server),
    ];
    let ids = idx.strings.len();
    let names = a.server_names();
    for (kind, field) in COLUMNS {
        let mut by_id = vec![0u64; ids];
        for r in 0..idx.len() {
            if let Some(n) = by_id.get_mut(idx.field_id(field, r) as usize) {
                *n += 1;
            }
        }
        for (id, n) in by_id.into_iter().enumerate().filter(|(_, n)| *n > 0) {
            let text = idx.strings.get(u32::try_from(id).unwrap_or(u32::MAX));
            let text = match (text.trim().is_empty(), kind) {
                (false, _) => text,
                // An anonymous request is worth finding; an empty URI or address is not.
                (true, CandidateKind::User) => "-",
                (true, _) => continue,
            };
            let text = match kind {
                CandidateKind::Server => names.at(text, idx.source),
                _ => std::borrow::Cow::Borrowed(text),
            };
            *counts.entry((kind, text.into_owned())).or_default() += n;
        }
    }
}

/// Failed handshakes by failure name and the status of the leg that decided them.
fn failures(a: &Analysis) -> Vec<Candidate> {
    let mut by: HashMap<(String, u16, u16, u32), u64> = HashMap::new();
    for h in &a.handshakes {
        let (Some(name), Some(leg)) = (crate::analyze::overview::failure_label(h), h.final_leg())
        else {
            continue;
        };
        *by.entry((name, leg.status, leg.substatus, leg.win32))
            .or_default() += 1;
    }
    by.into_iter()
        .map(|((name, status, sub, win32), n)| {
            Candidate::new(
                CandidateKind::Failure,
                format!("{name} {status}.{sub}"),
                format!("{status} {sub} {win32}"),
                n,
            )
        })
        .collect()
}
