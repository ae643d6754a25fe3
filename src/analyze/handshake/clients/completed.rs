//! The handshakes completed through one client address, and the user the latest one logged:
//! whom to ask about a client stuck at the challenge (`ntlm-stuck-client`), counted where the
//! grouper keeps each address (`users.rs`).

/// The handshakes completed through one client address: how many, and the user name the
/// latest one logged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completed {
    pub count: u64,
    /// `cs-username` of the latest completed handshake that logged one, and its instant (the
    /// text is overwritten in place: an address carrying many users changes it often).
    pub last_user: Option<(String, i64)>,
}

impl Completed {
    /// Counts one that logged `user` at `ts`.
    pub(in crate::analyze::handshake) fn add(&mut self, user: &str, ts: i64) {
        self.count += 1;
        self.note_user(user, ts);
    }

    /// Adds another count of the same address.
    pub(in crate::analyze::handshake) fn merge(&mut self, other: &Completed) {
        self.count += other.count;
        if let Some((u, ts)) = &other.last_user {
            self.note_user(u, *ts);
        }
    }

    fn note_user(&mut self, user: &str, ts: i64) {
        if user.is_empty() || user == "-" {
            return;
        }
        match &mut self.last_user {
            Some((u, at)) if u == user => *at = (*at).max(ts),
            Some((_, at)) if *at > ts => {}
            Some((u, at)) => {
                u.clear();
                u.push_str(user);
                *at = ts;
            }
            None => self.last_user = Some((user.to_string(), ts)),
        }
    }
}
