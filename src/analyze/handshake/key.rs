//! The grouping key of a handshake leg, borrowed from a request and owned while pending.
//!
//! Legs of one handshake share server, client, method, uri stem and user agent, and — when the
//! log has them — client port or X-Forwarded-For. Lookups happen on hot lines, so the borrowed
//! view hashes cheaply (client bytes, a few lengths, the uri tail) and full string comparison
//! only runs on a signature hit.

use crate::record::W3cRecord;

/// The key fields of a request, borrowed from the parser's buffer.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyView<'a> {
    pub server: &'a str,
    pub client: &'a str,
    pub port: &'a str,
    pub method: &'a str,
    pub uri: &'a str,
    pub agent: &'a str,
    /// Client port or X-Forwarded-For tie the legs to one connection or client.
    pub tied: bool,
}

impl<'a> KeyView<'a> {
    pub fn of(rec: &W3cRecord<'a>) -> Self {
        let xff = first_forwarded(rec.forwarded_for);
        let port = dash_empty(rec.client_port);
        KeyView {
            server: rec.server,
            client: if xff.is_empty() { rec.client_ip } else { xff },
            port,
            method: rec.method,
            uri: rec.uri_stem,
            agent: rec.user_agent,
            tied: !xff.is_empty() || !port.is_empty(),
        }
    }

    /// A cheap signature: all bytes of client and port, the lengths of the other fields and the
    /// last eight bytes of the uri.
    pub fn sig(&self) -> u64 {
        let mut h = hash_bytes(0, self.client.as_bytes());
        h = hash_bytes(h, self.port.as_bytes());
        let lens = (self.server.len() as u64) << 48
            ^ (self.method.len() as u64) << 40
            ^ (self.uri.len() as u64) << 20
            ^ self.agent.len() as u64;
        h = mix(h, lens);
        let u = self.uri.as_bytes();
        mix(h, tail8(u))
    }
}

/// The key of a pending handshake, owned.
#[derive(Debug, Clone)]
pub(super) struct OwnedKey {
    pub server: String,
    pub client: String,
    pub port: String,
    pub method: String,
    pub uri: String,
    pub agent: String,
    pub tied: bool,
}

impl OwnedKey {
    pub fn from_view(v: &KeyView<'_>) -> Self {
        OwnedKey {
            server: v.server.to_string(),
            client: v.client.to_string(),
            port: v.port.to_string(),
            method: v.method.to_string(),
            uri: v.uri.to_string(),
            agent: v.agent.to_string(),
            tied: v.tied,
        }
    }

    pub fn matches(&self, v: &KeyView<'_>) -> bool {
        self.client == v.client
            && self.port == v.port
            && self.uri == v.uri
            && self.server == v.server
            && self.method == v.method
            && self.agent == v.agent
    }
}

/// The first address of an X-Forwarded-For value (`1.2.3.4,+10.0.0.1` → `1.2.3.4`).
fn first_forwarded(xff: &str) -> &str {
    let first = xff.split(',').next().unwrap_or("");
    dash_empty(first.trim_matches(|c| c == '+' || c == ' '))
}

fn dash_empty(s: &str) -> &str {
    if s == "-" { "" } else { s }
}

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn hash_bytes(mut h: u64, b: &[u8]) -> u64 {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    mix(h, u64::from_le_bytes(w) ^ (b.len() as u64) << 56)
}

fn tail8(b: &[u8]) -> u64 {
    let start = b.len().saturating_sub(8);
    let mut w = [0u8; 8];
    w[..b.len() - start].copy_from_slice(&b[start..]);
    u64::from_le_bytes(w)
}

/// A hasher for keys that already are good 64-bit hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct SigHasher(u64);

impl std::hash::Hasher for SigHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub(super) type SigBuild = std::hash::BuildHasherDefault<SigHasher>;
