//! How sure the grouping of a handshake is, from its evidence (ties, legs, the users behind
//! its address, a split over two servers, overlapping handshakes), and that in words with the
//! evidence ("grouping guessed: 10.1.0.5 carries 37 users"). The module `handshake` says why.

use super::{Handshake, USERS_CAP, WINDOW_MS};
use serde::Serialize;

/// How sure the grouping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Client port or X-Forwarded-For tie the legs, or one user's client alone was active.
    High,
    /// Several handshakes from the same client overlapped, or a single leg (nothing grouped).
    Medium,
    /// Many concurrent handshakes from one address, or an address carrying several users
    /// (agent, load balancer, NAT): the grouping is a guess.
    Low,
}

/// How sure the grouping of a handshake of `legs` legs is: `untied` gives the users seen
/// through its address when neither a client port nor X-Forwarded-For ties its legs, `split`
/// when its legs were joined across two servers, `concurrent` the most other handshakes of its
/// key open at once, `named` whether the log names its client (a log without `c-ip` names
/// none: its untied legs of two clients look alike, so their grouping is never sure).
pub(crate) fn judged(
    legs: usize,
    untied: Option<u32>,
    split: bool,
    concurrent: u32,
    named: bool,
) -> Confidence {
    if legs < 2 {
        return Confidence::Medium;
    }
    let Some(users) = untied else {
        // Tied by port or header; a split one was joined by time, nothing ties two connections.
        // X-Forwarded-For names the client, not its connection: a client with several
        // handshakes open at once (parallel connections) leaves their legs' pairing a guess.
        return match (split, concurrent) {
            (true, _) | (false, 1..=3) => Confidence::Medium,
            (false, 0) => Confidence::High,
            (false, _) => Confidence::Low,
        };
    };
    if users >= 2 {
        return Confidence::Low;
    }
    if split {
        return Confidence::Medium;
    }
    match concurrent {
        0 if named => Confidence::High,
        0..=3 => Confidence::Medium,
        _ => Confidence::Low,
    }
}

impl Handshake {
    /// The grouping confidence from the evidence: ties, legs, users behind the address, a
    /// split over two servers, overlapping handshakes.
    pub fn judge(&self) -> Confidence {
        judged(
            self.legs.len(),
            self.untied.then_some(u32::from(self.shared_users)),
            self.split.is_some(),
            self.concurrent,
            !self.client.is_empty(),
        )
    }

    /// The grouping in words, with its evidence ("grouping guessed: 10.1.0.5 carries 37
    /// users"), a split's servers as logged. Not escaped.
    pub fn grouping_words(&self) -> String {
        self.grouping_words_naming(|s| s)
    }

    /// [`Handshake::grouping_words`], a split's servers named by `name` (the load's one name
    /// of each machine, `crate::pipeline::Analysis::server_shown`).
    pub fn grouping_words_naming<'a>(&'a self, name: impl Fn(&'a str) -> &'a str) -> String {
        use std::fmt::Write;
        // Written piece by piece into one string: the JSON report asks for every handshake.
        let mut out = String::with_capacity(64);
        out.push_str(match self.confidence {
            Confidence::High => "grouping sure: ",
            Confidence::Medium => "grouping likely: ",
            Confidence::Low => "grouping guessed: ",
        });
        let mut first = true;
        let mut sep = |out: &mut String| {
            if !std::mem::take(&mut first) {
                out.push_str(", ");
            }
        };
        if self.legs.len() < 2 {
            sep(&mut out);
            out.push_str("single leg");
        } else if !self.untied && self.split.is_none() {
            sep(&mut out);
            out.push_str(match (&self.via, self.concurrent) {
                (Some(_), 0) => "legs tied by X-Forwarded-For",
                (Some(_), _) => "client named by X-Forwarded-For",
                (None, 0) => "legs tied by client port",
                (None, _) => "legs on one client port",
            });
        }
        if self.untied && self.shared_users >= 2 {
            sep(&mut out);
            out.push_str(crate::wording::client(&self.client));
            if u32::from(self.shared_users) >= USERS_CAP {
                let _ = write!(out, " carries {USERS_CAP}+ users");
            } else {
                let _ = write!(out, " carries {} users", self.shared_users);
            }
        }
        if self.concurrent > 0 && self.legs.len() >= 2 {
            sep(&mut out);
            // Open together: each stays open for the window after its last leg, so a client
            // starting one a second apart has several open at a time, not sent at once.
            let _ = write!(
                out,
                "{} handshakes open together within {} s",
                self.concurrent + 1,
                WINDOW_MS / 1000
            );
        }
        if let Some(s) = &self.split {
            sep(&mut out);
            let _ = write!(out, "split: {} then {}", name(&self.server), name(s));
        }
        if first && self.client.is_empty() {
            // A log without c-ip: nothing says the legs came from one client.
            out.push_str(
                "no overlapping handshakes, but the log names no client (no c-ip): legs of two \
                 clients cannot be told apart",
            );
        } else if first {
            out.push_str("one client, no overlapping handshakes");
        }
        if self.split.is_none() && self.spans_files() {
            out.push_str(", legs in two files of the rotated log");
        }
        out
    }
}
