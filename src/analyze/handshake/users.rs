//! Who logs on through each client address: the evidence that an address is shared (load
//! balancer, reverse proxy, NAT, terminal server) and that grouping its legs is a guess.
//!
//! Only addresses the grouper has a handshake key for are counted, and only from the
//! authenticated requests it looks at anyway; each address keeps at most [`USERS_CAP`] user
//! name hashes, so the table stays small and a busy address costs a short scan, never an
//! allocation per line. Each address also counts the handshakes completed through it and the
//! user the latest one logged ([`Completed`], for `ntlm-stuck-client`).

use super::clients::Completed;
use crate::hash::{SigBuild, finish, mix, quick, tail8};
use std::collections::HashMap;

/// Users counted per address; beyond this an address "carries 64+ users".
pub const USERS_CAP: u32 = 64;

/// The users of every address a grouper has looked at.
#[derive(Debug, Default, Clone)]
pub(super) struct Users {
    index: HashMap<String, u32, SigBuild>,
    addrs: Vec<Addr>,
}

/// One address: its text, the user name hashes seen through it, the handshakes it completed.
#[derive(Debug, Default, Clone)]
struct Addr {
    text: String,
    seen: Vec<u64>,
    done: Completed,
}

/// A user name's hash, of the account without its domain and case: Windows account names are
/// case-insensitive, and one person logs as `CONTOSO\bob`, `contoso\Bob` or `bob@contoso.com`
/// by client (counting those as three users made an address "carry 3 users" and its grouping
/// a guess).
fn user_hash(name: &str) -> u64 {
    let b = name.as_bytes();
    let account = match b.iter().rposition(|&c| c == b'\\') {
        Some(i) => &b[i + 1..],
        None => b.split(|&c| c == b'@').next().unwrap_or(b),
    };
    let mut lower = [0u8; 64];
    let n = account.len().min(lower.len());
    for (d, s) in lower.iter_mut().zip(account) {
        *d = s.to_ascii_lowercase();
    }
    let l = &lower[..n];
    finish(mix(mix(quick(l), tail8(l)), account.len() as u64))
}

impl Users {
    /// The id of an address (created on first use).
    pub fn addr(&mut self, client: &str) -> u32 {
        if let Some(&a) = self.index.get(client) {
            return a;
        }
        let a = u32::try_from(self.addrs.len()).unwrap_or(u32::MAX);
        self.index.insert(client.to_string(), a);
        self.addrs.push(Addr {
            text: client.to_string(),
            ..Addr::default()
        });
        a
    }

    /// Notes that `name` authenticated through `addr`.
    pub fn note(&mut self, addr: u32, name: &str) {
        let Some(Addr { seen, .. }) = self.addrs.get_mut(addr as usize) else {
            return;
        };
        if seen.len() >= USERS_CAP as usize {
            return;
        }
        // Kept sorted: a busy address is asked on every authenticated request.
        let hash = user_hash(name);
        if let Err(i) = seen.binary_search(&hash) {
            seen.insert(i, hash);
        }
    }

    /// Notes a handshake completed through `addr` that logged `user` at `ts`.
    pub fn completed(&mut self, addr: u32, user: &str, ts: i64) {
        if let Some(a) = self.addrs.get_mut(addr as usize) {
            a.done.add(user, ts);
        }
    }

    /// How many users were seen through `addr`.
    pub fn count(&self, addr: u32) -> u32 {
        self.addrs
            .get(addr as usize)
            .map_or(0, |a| a.seen.len() as u32)
    }

    /// How many users were seen through the address `client` (a lookup, for kept handshakes).
    pub fn count_of(&self, client: &str) -> u32 {
        self.index.get(client).map_or(0, |&a| self.count(a))
    }

    /// The user hashes per address, for counting over the whole load.
    pub fn into_counts(self) -> UserCounts {
        UserCounts {
            by_addr: self
                .addrs
                .into_iter()
                .filter(|a| !a.seen.is_empty() || a.done.count > 0)
                .map(|a| (a.text, (a.seen, a.done)))
                .collect(),
        }
    }
}

/// Distinct users per client address over several sources (hashes, at most [`USERS_CAP`] each),
/// and the handshakes completed through each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserCounts {
    by_addr: HashMap<String, (Vec<u64>, Completed), SigBuild>,
}

impl UserCounts {
    /// Adds another source's users.
    pub fn merge(&mut self, other: UserCounts) {
        for (addr, (hashes, done)) in other.by_addr {
            let (mine, mine_done) = self.by_addr.entry(addr).or_default();
            mine_done.merge(&done);
            for h in hashes {
                if mine.len() >= USERS_CAP as usize {
                    break;
                }
                if !mine.contains(&h) {
                    mine.push(h);
                }
            }
        }
    }

    /// Notes a handshake completed through `addr` that logged `user` at `ts` but was not
    /// counted where it ended (its answer began the next file of a rotated log: nothing was
    /// open there); `user` counts among the address's users unless the legs were tied to
    /// their client, as the grouper does.
    pub(super) fn completed_elsewhere(&mut self, addr: &str, user: &str, ts: i64, note: bool) {
        let (seen, done) = self.by_addr.entry(addr.to_string()).or_default();
        done.add(user, ts);
        if note && !user.is_empty() && user != "-" && seen.len() < USERS_CAP as usize {
            let h = user_hash(user);
            if !seen.contains(&h) {
                seen.push(h);
            }
        }
    }

    /// Distinct users seen authenticating from `addr` (at most [`USERS_CAP`]).
    pub fn count(&self, addr: &str) -> u32 {
        self.by_addr.get(addr).map_or(0, |(v, _)| v.len() as u32)
    }

    /// The handshakes completed through `addr`.
    pub fn completed(&self, addr: &str) -> Option<&Completed> {
        self.by_addr.get(addr).map(|(_, done)| done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_account_in_any_spelling_is_one_user() {
        let mut u = Users::default();
        let a = u.addr("10.1.0.5");
        for name in ["CONTOSO\\bob", "contoso\\Bob", "bob@contoso.com", "BOB"] {
            u.note(a, name);
        }
        assert_eq!(u.count(a), 1);
        u.note(a, "CONTOSO\\alice");
        u.note(a, "bobby@contoso.com");
        assert_eq!(u.count(a), 3);
    }
}
