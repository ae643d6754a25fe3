//! The client an X-Forwarded-For value names: its first address (a proxy appends its own
//! after it, `203.0.113.7,+10.20.0.5`), without the client port some proxies add to it, and
//! IPv4-mapped (`::ffff:203.0.113.7`) as its IPv4 address.

/// The first address of an X-Forwarded-For value (`1.2.3.4,+10.0.0.1` → `1.2.3.4`).
pub(crate) fn first_forwarded(xff: &str) -> &str {
    let first = first_forwarded_in(xff.as_bytes());
    // Trimming ASCII bytes keeps `first` on character boundaries.
    std::str::from_utf8(first).unwrap_or("")
}

pub(crate) fn first_forwarded_in(xff: &[u8]) -> &[u8] {
    if xff.is_empty() {
        return xff;
    }
    let first = xff.split(|&b| b == b',').next().unwrap_or(&[]);
    let start = first.iter().position(|&b| b != b'+' && b != b' ');
    let end = first.iter().rposition(|&b| b != b'+' && b != b' ');
    match (start, end) {
        // `-`, and what a proxy writes for a client it does not know (`unknown`, RFC 7239's
        // `_hidden` identifiers), name no client: the connection's address stands.
        (Some(a), Some(b)) if names_address(&first[a..=b]) => &first[a..=b],
        _ => &[],
    }
}

/// Whether an X-Forwarded-For element can be an address: every address has a digit or a
/// colon, the words proxies write instead (`unknown`, `_hidden`, `-`) have neither.
fn names_address(element: &[u8]) -> bool {
    element.iter().any(|&b| b.is_ascii_digit() || b == b':')
}

/// An X-Forwarded-For address and the client port some proxies add to it (Azure Application
/// Gateway: `203.0.113.7:50001`, `[2001:db8::7]:50001`): the client is the address, the port
/// ties legs to a connection like `c-port`. A bare IPv6 address has no port.
pub(crate) fn forwarded_parts(first: &str) -> (&str, &str) {
    let (addr, port) = forwarded_parts_in(first.as_bytes());
    // Split at ASCII bytes: both stay on character boundaries.
    (text(addr), text(port))
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

/// [`forwarded_parts`] of bytes; an IPv4-mapped address (`::ffff:203.0.113.7`, a proxy's
/// dual-stack socket) is its IPv4 address, the client `c-ip` names the same way.
pub(crate) fn forwarded_parts_in(first: &[u8]) -> (&[u8], &[u8]) {
    let (addr, port) = split_port(first);
    (crate::parse::w3c::unmapped(addr), port)
}

fn split_port(first: &[u8]) -> (&[u8], &[u8]) {
    let digits = |p: &[u8]| !p.is_empty() && p.len() <= 5 && p.iter().all(u8::is_ascii_digit);
    if let Some(rest) = first.strip_prefix(b"[") {
        if let Some(close) = rest.iter().position(|&b| b == b']') {
            let (addr, tail) = (&rest[..close], &rest[close + 1..]);
            return match tail.strip_prefix(b":") {
                Some(port) if digits(port) => (addr, port),
                _ if tail.is_empty() => (addr, &[]),
                _ => (first, &[]),
            };
        }
        return (first, &[]);
    }
    let mut colons = first.iter().enumerate().filter(|(_, b)| **b == b':');
    match (colons.next(), colons.next()) {
        (Some((at, _)), None) if digits(&first[at + 1..]) => (&first[..at], &first[at + 1..]),
        _ => (first, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_address_without_its_port() {
        assert_eq!(first_forwarded("1.2.3.4,+10.0.0.1"), "1.2.3.4");
        assert_eq!(first_forwarded("-"), "");
        assert_eq!(first_forwarded("unknown"), "");
        assert_eq!(first_forwarded("unknown,+10.0.0.5"), "");
        assert_eq!(first_forwarded("_hidden"), "");
        assert_eq!(first_forwarded("fe80::1"), "fe80::1");
        assert_eq!(first_forwarded("+ 1.2.3.4 +"), "1.2.3.4");
        assert_eq!(first_forwarded("++"), "");
        assert_eq!(first_forwarded(""), "");
        assert_eq!(
            forwarded_parts("203.0.113.7:50001"),
            ("203.0.113.7", "50001")
        );
        assert_eq!(
            forwarded_parts("[2001:db8::7]:50003"),
            ("2001:db8::7", "50003")
        );
        assert_eq!(forwarded_parts("[2001:db8::7]"), ("2001:db8::7", ""));
        assert_eq!(forwarded_parts("2001:db8::8"), ("2001:db8::8", ""));
        assert_eq!(forwarded_parts("::ffff:10.1.2.3"), ("10.1.2.3", ""));
        assert_eq!(
            forwarded_parts("[::ffff:10.1.2.3]:50001"),
            ("10.1.2.3", "50001")
        );
        assert_eq!(forwarded_parts("1.2.3.4"), ("1.2.3.4", ""));
        assert_eq!(forwarded_parts("host:abc"), ("host:abc", ""));
        assert_eq!(forwarded_parts("[2001:db8::7]x"), ("[2001:db8::7]x", ""));
        assert_eq!(forwarded_parts("[oops"), ("[oops", ""));
    }
}
