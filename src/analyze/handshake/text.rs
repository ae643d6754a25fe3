//! Strings a kept handshake shares with others: [`Text`], one allocation per distinct value
//! (a user name, a server name), and the interners a grouper fills while it keeps handshakes.
//!
//! A busy log keeps hundreds of thousands of handshakes whose legs repeat a few thousand user
//! names and whose keys (server, client, method, uri, agent) repeat a few thousand more: each
//! value is stored once and the handshakes hold pointers.

use super::HandshakeKey;
use crate::hash::{HashChains, SigBuild};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// An immutable shared string; the empty one allocates nothing. Reads as a `&str`.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Option<Arc<str>>);

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text((!s.is_empty()).then(|| Arc::from(s)))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::from(s.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Hands out one [`Text`] per distinct value.
#[derive(Debug, Default, Clone)]
pub(super) struct Texts {
    set: HashSet<Text, SigBuild>,
}

impl Texts {
    pub fn get(&mut self, s: &str) -> Text {
        if s.is_empty() {
            return Text::default();
        }
        if let Some(t) = self.set.get(s) {
            return t.clone();
        }
        let t = Text::from(s);
        self.set.insert(t.clone());
        t
    }
}

/// Hands out one shared [`HandshakeKey`] per distinct key.
#[derive(Debug, Default)]
pub(super) struct Keys {
    chains: HashChains,
    keys: Vec<Arc<HandshakeKey>>,
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
    /// The shared key of server, client, via (empty: none), method, uri and agent.
    pub fn get(&mut self, k: KeyRef<'_>) -> Arc<HandshakeKey> {
        let hash = self.chains.hash(&k);
        let keys = &self.keys;
        let found = self.chains.find(hash, |id| {
            keys.get(id as usize).is_some_and(|x| x.fields() == k)
        });
        if let Some(x) = found.and_then(|id| self.keys.get(id as usize)) {
            return Arc::clone(x);
        }
        let (server, client, via, method, uri, agent) = k;
        let key = Arc::new(HandshakeKey {
            server: server.to_string(),
            client: client.to_string(),
            via: (!via.is_empty()).then(|| via.to_string()),
            method: method.to_string(),
            uri: uri.to_string(),
            user_agent: agent.to_string(),
        });
        self.chains.add(hash);
        self.keys.push(Arc::clone(&key));
        key
    }
}
