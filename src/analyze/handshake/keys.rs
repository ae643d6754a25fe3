//! The shared [`HandshakeKey`]s of a grouper: one per distinct key (server, client, via,
//! method, uri, agent), found by a hash of the fields without a pass over their bytes, each
//! field a shared [`Text`] of [`Texts`].

use super::HandshakeKey;
use super::text::{Text, Texts};
use crate::hash::{HashChains, finish, mix, quick, short_words};
use std::sync::Arc;

/// Hands out one shared [`HandshakeKey`] per distinct key.
#[derive(Debug, Default)]
pub(super) struct Keys {
    chains: HashChains,
    keys: Vec<Arc<HandshakeKey>>,
    /// The keys' fields, each distinct value once (a server, method, uri or agent is in
    /// thousands of keys, and a key compares against hot copies of them).
    texts: Texts,
    recent: Recent,
    /// Per key, [`client_words`] of its client ([`LONG_CLIENT`] when too long for them).
    clients: Vec<(u64, u64)>,
}

/// Slots of [`Recent`] (a power of two).
const RECENT: usize = 256;

/// The field values a new key took lately, by a quick hash of their bytes: servers, methods,
/// uris and agents are few and repeat across thousands of keys, so most are found here without
/// a lookup in the whole [`Texts`] set.
#[derive(Debug, Clone)]
struct Recent(Vec<Option<Text>>);

impl Default for Recent {
    fn default() -> Self {
        Recent(vec![None; RECENT])
    }
}

impl Recent {
    fn get(&mut self, s: &str, texts: &mut Texts) -> Text {
        let at = (finish(quick(s.as_bytes())) as usize) & (RECENT - 1);
        let Some(slot) = self.0.get_mut(at) else {
            return texts.get(s);
        };
        match slot {
            Some(t) if t.as_str() == s => t.clone(),
            _ => slot.insert(texts.get(s)).clone(),
        }
    }
}

impl Clone for Keys {
    /// A fresh interner: sharing is an optimisation, never needed for a correct result.
    fn clone(&self) -> Self {
        Keys::default()
    }
}

/// The fields of a key, borrowed.
pub(super) type KeyRef<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

impl Keys {
    /// Whether key `id` has the fields `k` (`words`: [`client_words`] of its client). The
    /// client (a different one per key, so its text is seldom in cache) is told apart by the
    /// words kept beside the key when it is short; the other fields repeat across keys and
    /// are read where they are shared.
    fn holds(&self, id: u32, k: KeyRef<'_>, words: Option<(u64, u64)>) -> bool {
        let (server, client, via, method, uri, agent) = k;
        let (Some(x), Some(&w)) = (self.keys.get(id as usize), self.clients.get(id as usize))
        else {
            return false;
        };
        let same_client = match words {
            Some(mine) => w == mine,
            None => w == LONG_CLIENT && x.client == client,
        };
        same_client
            && x.server == server
            && x.via.as_deref().unwrap_or("") == via
            && x.method == method
            && x.uri == uri
            && x.user_agent == agent
    }

    /// The shared key of server, client, via (empty: none), method, uri and agent.
    pub fn get(&mut self, k: KeyRef<'_>) -> Arc<HandshakeKey> {
        let hash = key_hash(k);
        let (server, client, via, method, uri, agent) = k;
        let words = client_words(client);
        let found = self.chains.find(hash, |id| self.holds(id, k, words));
        if let Some(x) = found.and_then(|id| self.keys.get(id as usize)) {
            return Arc::clone(x);
        }
        let (texts, recent) = (&mut self.texts, &mut self.recent);
        let key = Arc::new(HandshakeKey {
            server: recent.get(server, texts),
            client: texts.get(client),
            via: (!via.is_empty()).then(|| recent.get(via, texts)),
            method: recent.get(method, texts),
            uri: recent.get(uri, texts),
            user_agent: recent.get(agent, texts),
            split: None,
        });
        self.chains.add(hash);
        self.keys.push(Arc::clone(&key));
        self.clients.push(words.unwrap_or(LONG_CLIENT));
        key
    }
}

/// [`client_words`] of a client too long for them.
const LONG_CLIENT: (u64, u64) = (0, u64::MAX);

/// [`short_words`] of a client: an address up to fifteen bytes long (every IPv4 one).
fn client_words(client: &str) -> Option<(u64, u64)> {
    short_words(client.as_bytes())
}

/// The hash a key is filed under: each field's length and its first, middle and last eight
/// bytes, mixed without a pass over the bytes (a key is looked up for every kept handshake;
/// keys that agree on all of these are told apart by comparison).
fn key_hash((server, client, via, method, uri, agent): KeyRef<'_>) -> u64 {
    let mut h = mix(quick(client.as_bytes()), quick(via.as_bytes()));
    h = mix(h, quick(server.as_bytes()));
    h = mix(h, quick(method.as_bytes()));
    h = mix(h, spread(uri.as_bytes()));
    finish(mix(h, spread(agent.as_bytes())))
}

/// [`quick`] of a string and of eight bytes from its middle.
fn spread(b: &[u8]) -> u64 {
    let mid = b.len() / 2;
    match b.get(mid.saturating_sub(4)..mid + 4) {
        Some(m) if b.len() > 16 => mix(quick(b), quick(m)),
        _ => quick(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_share_one_copy_and_keys_apart_in_the_middle_stay_apart() {
        let mut keys = Keys::default();
        let agent = |c: char| format!("Microsoft Office/16.0 (Windows NT 10.0; {c}; Pro)");
        let (a, b) = (agent('a'), agent('b'));
        let mut key =
            |agent: &str| keys.get(("EX01", "10.0.0.1", "", "POST", "/mapi/emsmdb/", agent));
        let first = key(&a);
        assert!(Arc::ptr_eq(&first, &key(&a)));
        let other = key(&b);
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other.user_agent, b.as_str());
        assert_eq!(first.via, None);
    }

    proptest::proptest! {
        /// One shared key per distinct six fields, whatever the clients' lengths (short ones
        /// are compared by their words, long ones by their text) and bytes.
        #[test]
        fn keys_are_shared_exactly_when_every_field_is_equal(
            keys in proptest::collection::vec(
                ("[ab]{1,2}", "[0.\\x00]{0,17}", "[x]{0,1}", "[PG]", "/[ab]{0,2}", "[ab]{0,3}"),
                1..12,
            ),
        ) {
            let mut interner = Keys::default();
            let shared: Vec<_> = keys
                .iter()
                .map(|(s, c, v, m, u, a)| {
                    interner.get((s.as_str(), c.as_str(), v.as_str(), m.as_str(), u.as_str(), a.as_str()))
                })
                .collect();
            for (i, a) in keys.iter().enumerate() {
                for (j, b) in keys.iter().enumerate() {
                    proptest::prop_assert_eq!(Arc::ptr_eq(&shared[i], &shared[j]), a == b);
                }
                proptest::prop_assert_eq!(shared[i].client.as_str(), a.1.as_str());
            }
        }
    }

    /// Clients of one length and one zero-padded form, around the 15-byte limit of the words,
    /// and long ones that differ only at the end.
    const CLIENTS: [&str; 10] = [
        "10.0.0.1",
        "10.0.0.10",
        "10.0.0.1\0",
        "10.0.0.2",
        "10.200.200.200",
        "10.200.200.2001",
        "10.200.200.20012",
        "fe80::1ff:fe23:4567:890a",
        "fe80::1ff:fe23:4567:890b",
        "",
    ];

    /// The comparison behind a hash hit (distinct keys seldom share a hash, so it is tried
    /// here on every pair directly).
    #[test]
    fn a_key_holds_only_its_own_fields() {
        let clients = CLIENTS;
        let mut keys = Keys::default();
        let fields = |c| ("EX01", c, "", "POST", "/ews/", "a");
        for c in clients {
            keys.get(fields(c));
        }
        for (id, mine) in clients.iter().enumerate() {
            for other in clients {
                let id = u32::try_from(id).unwrap();
                let k = fields(other);
                assert_eq!(keys.holds(id, k, client_words(other)), *mine == other);
            }
            let id = u32::try_from(id).unwrap();
            let words = client_words(mine);
            assert!(!keys.holds(id, ("EX02", mine, "", "POST", "/ews/", "a"), words));
            assert!(!keys.holds(id, ("EX01", mine, "x", "POST", "/ews/", "a"), words));
            assert!(!keys.holds(id, ("EX01", mine, "", "GET", "/ews/", "a"), words));
            assert!(!keys.holds(id, ("EX01", mine, "", "POST", "/ews", "a"), words));
            assert!(!keys.holds(id, ("EX01", mine, "", "POST", "/ews/", "b"), words));
        }
    }

    #[test]
    fn short_and_long_clients_stay_apart() {
        let mut keys = Keys::default();
        let mut key = |client: &str| keys.get(("EX01", client, "", "POST", "/ews/", "a"));
        let clients = CLIENTS;
        let first: Vec<_> = clients.iter().map(|c| key(c)).collect();
        for (i, c) in clients.iter().enumerate() {
            assert!(Arc::ptr_eq(&first[i], &key(c)), "{c}");
            assert_eq!(first[i].client.as_str(), *c);
            for j in 0..i {
                assert!(!Arc::ptr_eq(&first[i], &first[j]), "{c} / {}", clients[j]);
            }
        }
    }
}
