//! The handshakes the rules look at, found in one walk over the whole list: the failed ones
//! and the abandoned NTLM ones. A large load holds millions of handshakes and few of either,
//! so every rule then works on these short lists instead of walking the list again.

use crate::analyze::handshake::{AuthKind, Handshake, HandshakeOutcome};

/// Failed and abandoned NTLM handshakes, each by number.
#[derive(Debug, Default)]
pub struct Census {
    /// Numbers of the failed handshakes, rising.
    pub failed: Vec<usize>,
    /// Numbers of the abandoned NTLM handshakes, rising (four bytes each: there may be many).
    pub abandoned_ntlm: Vec<u32>,
}

impl Census {
    /// Walks the handshakes once.
    pub fn of(hs: &[Handshake]) -> Self {
        let mut c = Census::default();
        for (i, h) in hs.iter().enumerate() {
            match h.outcome {
                HandshakeOutcome::Failed => c.failed.push(i),
                HandshakeOutcome::Abandoned if h.auth == AuthKind::Ntlm => {
                    c.abandoned_ntlm.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
                _ => {}
            }
        }
        c
    }

    /// The failed handshakes whose code `pick` accepts, by number.
    pub fn failed_with(&self, hs: &[Handshake], pick: impl Fn(u32) -> bool) -> Vec<usize> {
        self.failed
            .iter()
            .copied()
            .filter(|&i| hs[i].failure_code.is_some_and(&pick))
            .collect()
    }
}
