//! The grouping key of a handshake leg, borrowed from a request and owned while pending.
//!
//! Legs of one handshake share server, client, method, uri stem and user agent, and — when the
//! log has them — client port or X-Forwarded-For (which then names the client; the `c-ip` it
//! came through is kept as `via`). Lookups happen on hot lines, so the borrowed
//! view hashes cheaply (client bytes, a few lengths, the uri and agent tails) and full
//! comparison only runs on a signature hit. The owned copy is one reusable buffer, so a slot
//! that is recycled for another key does not allocate.

use crate::hash::{finish, mix, quick, same, tail8};
use crate::record::W3cRecord;

use super::forwarded::{first_forwarded, first_forwarded_in, forwarded_parts, forwarded_parts_in};

/// The key fields of a request, borrowed from the parser's buffer (or from a [`KeyBuf`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyView<'a> {
    pub server: &'a str,
    pub client: &'a str,
    /// The `c-ip` when X-Forwarded-For named the client (empty otherwise).
    pub via: &'a str,
    pub port: &'a str,
    pub method: &'a str,
    pub uri: &'a str,
    pub agent: &'a str,
    /// Client port or X-Forwarded-For tie the legs to one connection or client.
    pub tied: bool,
}

impl<'a> KeyView<'a> {
    pub fn of(rec: &W3cRecord<'a>) -> Self {
        let (xff, xff_port) = forwarded_parts(first_forwarded(rec.forwarded_for));
        let port = match dash_empty(rec.client_port) {
            "" => xff_port,
            p => p,
        };
        KeyView {
            server: rec.server,
            client: if xff.is_empty() { rec.client_ip } else { xff },
            via: if xff.is_empty() { "" } else { rec.client_ip },
            port,
            method: rec.method,
            uri: rec.uri_stem,
            agent: rec.user_agent,
            tied: !xff.is_empty() || !port.is_empty(),
        }
    }

    fn fields(&self) -> [&'a str; FIELDS] {
        [
            self.server,
            self.client,
            self.via,
            self.port,
            self.method,
            self.uri,
            self.agent,
        ]
    }

    /// Which cell of the open-handshake filter this key falls in: client and uri length only,
    /// so that the many lines that cannot match anything are rejected before [`KeyView::sig`].
    pub fn cell(&self) -> u64 {
        cell_of(self.client.as_bytes(), self.uri.len())
    }

    /// A cheap signature (no loops): the ends of client and port, which cover IPv4 addresses
    /// and ports whole, the lengths of the other fields and the last eight bytes of the uri and
    /// of the agent. Equal keys have equal signatures; the rest is told apart by comparison.
    pub fn sig(&self) -> u64 {
        let lens = (self.server.len() as u64) << 48
            ^ (self.method.len() as u64) << 40
            ^ (self.uri.len() as u64) << 20
            ^ self.agent.len() as u64;
        let mut h = mix(quick(self.client.as_bytes()), quick(self.port.as_bytes()));
        h = mix(h, lens);
        h = mix(h, tail8(self.uri.as_bytes()));
        finish(mix(h, tail8(self.agent.as_bytes())))
    }
}

const FIELDS: usize = 7;

/// An owned key: the fields one after another in one buffer that keeps its capacity.
#[derive(Debug, Default, Clone)]
pub(super) struct KeyBuf {
    text: String,
    ends: [u32; FIELDS],
    tied: bool,
}

impl KeyBuf {
    /// Makes this the key of `v`, reusing the buffer.
    pub fn set(&mut self, v: &KeyView<'_>) {
        self.text.clear();
        for (end, f) in self.ends.iter_mut().zip(v.fields()) {
            self.text.push_str(f);
            *end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        }
        self.tied = v.tied;
    }

    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.text.capacity()
    }

    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text
            .get(start as usize..self.ends[i] as usize)
            .unwrap_or("")
    }

    pub fn view(&self) -> KeyView<'_> {
        KeyView {
            server: self.field(0),
            client: self.field(1),
            via: self.field(2),
            port: self.field(3),
            method: self.field(4),
            uri: self.field(5),
            agent: self.field(6),
            tied: self.tied,
        }
    }

    /// Whether this is the key of `v`: the field lengths first (the buffer is not read unless
    /// they all agree), then each field's bytes.
    pub fn matches(&self, v: &KeyView<'_>) -> bool {
        let fields = v.fields();
        let mut start = 0;
        for (&end, f) in self.ends.iter().zip(&fields) {
            if (end - start) as usize != f.len() {
                return false;
            }
            start = end;
        }
        let b = self.text.as_bytes();
        let mut start = 0;
        for (&end, f) in self.ends.iter().zip(fields) {
            match b.get(start as usize..end as usize) {
                Some(mine) if same(mine, f.as_bytes()) => start = end,
                _ => return false,
            }
        }
        true
    }
}

/// The filter cell of a key with client `client` and a uri of `uri_len` bytes.
fn cell_of(client: &[u8], uri_len: usize) -> u64 {
    finish(quick(client) ^ (uri_len as u64) << 40)
}

/// [`KeyView::cell`] of a request from its raw fields (`cs(X-Forwarded-For)`, `c-ip`,
/// `cs-uri-stem`), without building the record.
pub fn filter_cell(forwarded_for: &[u8], client_ip: &[u8], uri_stem: &[u8]) -> u64 {
    // Most logs have no X-Forwarded-For: its value is empty on every line.
    let first = first_forwarded_in(forwarded_for);
    let xff = if first.is_empty() {
        first
    } else {
        forwarded_parts_in(first).0
    };
    let client = if xff.is_empty() { client_ip } else { xff };
    cell_of(client, uri_stem.len())
}

fn dash_empty(s: &str) -> &str {
    if s == "-" { "" } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(client: &'a str, port: &'a str, agent: &'a str) -> KeyView<'a> {
        KeyView {
            server: "EX01",
            client,
            via: "",
            port,
            method: "POST",
            uri: "/mapi/emsmdb/",
            agent,
            tied: !port.is_empty(),
        }
    }

    #[test]
    fn owned_key_round_trips_and_matches_only_its_view() {
        let mut k = KeyBuf::default();
        let a = view("10.1.2.3", "", "Microsoft+Office/16.0");
        k.set(&a);
        let back = k.view();
        assert_eq!(
            (back.server, back.client, back.port, back.method, back.uri),
            ("EX01", "10.1.2.3", "", "POST", "/mapi/emsmdb/")
        );
        assert_eq!(back.agent, "Microsoft+Office/16.0");
        assert!(k.matches(&a));
        assert!(!k.matches(&view("10.1.2.3", "", "Microsoft+Office/16.1")));
        assert!(!k.matches(&view("10.1.2.", "3", "Microsoft+Office/16.0")));
        k.set(&view("10.9.9.9", "50001", "x"));
        assert!(k.view().tied);
        assert!(!k.matches(&a));
        assert_eq!(k.view().agent, "x");
    }

    fn fields_view(f: &[String]) -> KeyView<'_> {
        KeyView {
            server: &f[0],
            client: &f[1],
            via: &f[2],
            port: &f[3],
            method: &f[4],
            uri: &f[5],
            agent: &f[6],
            tied: false,
        }
    }

    proptest::proptest! {
        /// A key matches exactly the views with its seven fields, byte for byte (values of
        /// one length that differ anywhere, and the same bytes split into other fields, apart).
        #[test]
        fn matches_is_field_equality(
            a in proptest::collection::vec("[ab.]{0,20}", 7),
            field in 0usize..7,
            at in 0usize..20,
            to in "[ab.]",
            moved in 0usize..7,
        ) {
            let mut k = KeyBuf::default();
            k.set(&fields_view(&a));
            proptest::prop_assert!(k.matches(&fields_view(&a)));
            // One byte replaced (same lengths): a match only when it was the same byte.
            let mut b = a.clone();
            if let Some(i) = at.checked_rem(b[field].len().max(1)).filter(|_| !b[field].is_empty()) {
                b[field].replace_range(i..=i, &to);
            }
            proptest::prop_assert_eq!(k.matches(&fields_view(&b)), a == b);
            // The last byte of one field moved to the start of the next: same bytes in all.
            let mut c = a.clone();
            let next = (moved + 1) % 7;
            if let Some(ch) = c[moved].pop() {
                c[next].insert(0, ch);
            }
            proptest::prop_assert_eq!(k.matches(&fields_view(&c)), a == c);
        }
    }

    #[test]
    fn signature_and_cell_follow_the_key() {
        let a = view("10.1.2.3", "", "Microsoft+Office/16.0");
        let b = view("10.1.2.4", "", "Microsoft+Office/16.0");
        assert_eq!(a.sig(), view("10.1.2.3", "", "Microsoft+Office/16.0").sig());
        assert_ne!(a.sig(), b.sig());
        assert_ne!(a.cell(), b.cell());
        assert_eq!(a.cell(), view("10.1.2.3", "9", "other").cell());
        let rec = W3cRecord {
            client_ip: "10.0.0.1",
            forwarded_for: "1.2.3.4,+10.0.0.1",
            uri_stem: "/mapi/emsmdb/",
            ..W3cRecord::default()
        };
        assert_eq!(
            filter_cell(b"1.2.3.4,+10.0.0.1", b"10.0.0.1", b"/mapi/emsmdb/"),
            KeyView::of(&rec).cell()
        );
        assert_eq!(
            filter_cell(b"-", b"10.1.2.3", b"/mapi/emsmdb/"),
            view("10.1.2.3", "", "x").cell()
        );
    }
}
