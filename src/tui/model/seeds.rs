//! The bare user names the request indexes hold, for the redactor ([`super::data::Data::redactor`]):
//! each index's distinct `cs-username` ids (interned strings) in the order rows first name
//! them. Worked out on first use (the first redaction, on a worker), and for live follow, once
//! worked out, only over the rows a poll appended; an index that did not change keeps its list.
//!
//! `DOMAIN\user` and `user@domain` are found by the redactor itself; names shorter than four
//! characters are left out (seeded, `svc` would also replace the extension of
//! `/EWS/mrsproxy.svc`).

use crate::index::{Field, RequestIndex};
use crate::source::SourceId;
use std::sync::Arc;

/// Most user names seeded into the redactor (counted over the indexes' distinct ids).
const MAX_SEEDS: usize = 10_000;
/// Shortest bare user name seeded into the redactor.
const MIN_SEED: usize = 4;

/// Per request index, its distinct user ids.
#[derive(Debug, Default, Clone)]
pub struct UserSeeds {
    per_index: Vec<IndexUsers>,
    /// Rows looked at to build these (not those taken over from the data before).
    walked: usize,
}

/// One index's distinct user ids, in the order rows first name them.
#[derive(Debug, Default, Clone)]
struct IndexUsers {
    source: SourceId,
    /// Rows looked at.
    rows: usize,
    /// Distinct ids (0, the empty value, left out).
    ids: Arc<Vec<u32>>,
    /// Which ids are in `ids`, one bit each.
    seen: Vec<u64>,
}

impl IndexUsers {
    /// Takes in the user ids of rows `self.rows..` of `idx`; the number of rows looked at.
    fn walk(&mut self, idx: &RequestIndex) -> usize {
        let from = self.rows.min(idx.len());
        let mut new = Vec::new();
        for row in from..idx.len() {
            let id = idx.field_id(Field::User, row);
            let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
            if self.seen.len() <= word {
                self.seen.resize(word + 1, 0);
            }
            if id != 0 && self.seen[word] & bit == 0 {
                self.seen[word] |= bit;
                new.push(id);
            }
        }
        if !new.is_empty() {
            Arc::make_mut(&mut self.ids).extend(new);
        }
        self.rows = idx.len();
        idx.len() - from
    }
}

impl UserSeeds {
    /// The users of every index, every row looked at.
    pub fn build(requests: &[Arc<RequestIndex>]) -> Self {
        Self::after(requests, None, &[])
    }

    /// The users of `requests`, taking over what `before` (the data a live follow poll started
    /// from) knew: an index keeps its ids and only its rows past those looked at are walked,
    /// unless its source is one of `renumbered` (read again whole).
    pub fn after(
        requests: &[Arc<RequestIndex>],
        before: Option<&UserSeeds>,
        renumbered: &[SourceId],
    ) -> Self {
        let mut out = UserSeeds::default();
        for idx in requests {
            let prev = before
                .filter(|_| !renumbered.contains(&idx.source))
                .and_then(|b| b.per_index.iter().find(|u| u.source == idx.source))
                .filter(|u| u.rows <= idx.len());
            let mut users = prev.cloned().unwrap_or_else(|| IndexUsers {
                source: idx.source,
                ..IndexUsers::default()
            });
            out.walked += users.walk(idx);
            out.per_index.push(users);
        }
        out
    }

    /// Rows looked at to build these.
    pub fn walked(&self) -> usize {
        self.walked
    }

    /// The bare names to seed, in order: of the first [`MAX_SEEDS`] distinct ids (index by
    /// index), those without `\`, `@` or `/` and at least four characters long.
    pub fn names<'a>(&self, requests: &'a [Arc<RequestIndex>]) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut counted = 0;
        for (users, idx) in self.per_index.iter().zip(requests) {
            for &id in users.ids.iter() {
                if counted >= MAX_SEEDS {
                    return out;
                }
                counted += 1;
                let user = idx.strings.get(id).trim();
                if !user.contains(['\\', '@', '/']) && user.chars().count() >= MIN_SEED {
                    out.push(user);
                }
            }
        }
        out
    }
}
