//! The handshakes the rules look at, found in one walk over the whole list: the failed ones
//! and the abandoned NTLM ones. A large load holds millions of handshakes and few of either,
//! so every rule then works on these short lists instead of walking the list again.

use crate::analyze::handshake::{AuthKind, Handshake, HandshakeKey, HandshakeOutcome};

/// Failed and abandoned NTLM handshakes, each by number.
#[derive(Debug, Default)]
pub struct Census<'a> {
    /// Numbers of the failed handshakes, rising.
    pub failed: Vec<usize>,
    /// The abandoned NTLM handshakes, by number, with what the split-handshake search reads
    /// of them (so it does not visit them again).
    pub abandoned_ntlm: Vec<Abandoned<'a>>,
}

/// An abandoned NTLM handshake.
#[derive(Debug, Clone, Copy)]
pub struct Abandoned<'a> {
    /// Its number.
    pub at: usize,
    /// Its start (ms).
    pub start: i64,
    /// Its key.
    pub key: &'a HandshakeKey,
}

impl<'a> Census<'a> {
    /// Walks the handshakes once.
    pub fn of(hs: &'a [Handshake]) -> Self {
        let mut c = Census::default();
        for (i, h) in hs.iter().enumerate() {
            match h.outcome {
                HandshakeOutcome::Failed => c.failed.push(i),
                HandshakeOutcome::Abandoned if h.auth == AuthKind::Ntlm => {
                    c.abandoned_ntlm.push(Abandoned {
                        at: i,
                        start: h.start.0,
                        key: &h.key,
                    });
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
