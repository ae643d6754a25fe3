//! IPv4-mapped IPv6 client addresses: a site bound dual-stack makes IIS log an IPv4 client as
//! `::ffff:203.0.113.7` (and proxies forward it so in X-Forwarded-For). It is the same client
//! as `203.0.113.7`, so the parser hands on the IPv4 address; the line text keeps what IIS
//! wrote. HTTP.sys (HTTPERR) writes IPv6 addresses with their zone id (`fe80::1%0`), IIS
//! without: the parser hands on the address without it ([`zone_at`]), the line keeps it.

/// Length of the `::ffff:` prefix.
const PREFIX: usize = 7;

/// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:203.0.113.7` →
/// `203.0.113.7`, any case of `ffff`); any other value as given.
#[inline]
pub fn unmapped(addr: &[u8]) -> &[u8] {
    if addr.first() != Some(&b':') {
        return addr;
    }
    match mapped_at(addr) {
        Some(at) => &addr[at..],
        None => addr,
    }
}

/// Where the IPv4 address of an IPv4-mapped address starts, when `addr` is one (asked only
/// of values that start with `:`, rare in a log).
#[cold]
#[inline(never)]
pub(super) fn mapped_at(addr: &[u8]) -> Option<usize> {
    let (head, v4) = (addr.get(..PREFIX)?, addr.get(PREFIX..)?);
    (head.eq_ignore_ascii_case(b"::ffff:") && dotted_quad(v4)).then_some(PREFIX)
}

/// Where the zone id of an IPv6 address starts (`fe80::1%0`, `2001:db8::7%eth0` → the `%`):
/// an address with a `:` before one `%` followed by a zone id; `None` for anything else.
pub fn zone_at(addr: &[u8]) -> Option<usize> {
    let at = memchr::memrchr(b'%', addr)?;
    let (head, zone) = (&addr[..at], &addr[at + 1..]);
    let zoned = head.contains(&b':')
        && head
            .iter()
            .all(|&c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        && !zone.is_empty()
        && zone
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.');
    zoned.then_some(at)
}

/// Four decimal octets of one to three digits, each at most 255.
fn dotted_quad(b: &[u8]) -> bool {
    let mut parts = 0;
    for part in b.split(|&c| c == b'.') {
        parts += 1;
        let ok = (1..=3).contains(&part.len())
            && part.iter().all(u8::is_ascii_digit)
            && part.iter().fold(0u32, |v, &d| v * 10 + u32::from(d - b'0')) <= 255;
        if !ok || parts > 4 {
            return false;
        }
    }
    parts == 4
}

#[cfg(test)]
mod tests {
    use super::{unmapped, zone_at};

    #[test]
    fn an_ipv6_zone_id_is_found_and_nothing_else() {
        let z = |s: &str| zone_at(s.as_bytes());
        assert_eq!(z("fe80::1%0"), Some(7));
        assert_eq!(z("2001:4898:0:fff:0:5efe:10.164.167.30%0"), Some(36));
        assert_eq!(z("fe80::1%eth0"), Some(7));
        assert_eq!(z("::ffff:1.2.3.4%3"), Some(14));
        for none in [
            "10.0.0.1",
            "fe80::1",
            "fe80::1%",
            "100%",
            "a%b:c",
            "fe80::1%0%",
            "",
        ] {
            assert_eq!(z(none), None, "{none}");
        }
    }

    #[test]
    fn only_a_mapped_dotted_quad_loses_its_prefix() {
        let u = |s: &str| String::from_utf8_lossy(unmapped(s.as_bytes())).into_owned();
        assert_eq!(u("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(u("::FFFF:10.0.0.1"), "10.0.0.1");
        assert_eq!(u("::ffff:0.0.0.0"), "0.0.0.0");
        for same in [
            "203.0.113.7",
            "2001:db8::7",
            "::1",
            "::ffff:203.0.113",
            "::ffff:203.0.113.7.8",
            "::ffff:256.0.0.1",
            "::ffff:1..2.3",
            "::ffff:1.2.3.4%3",
            "::ffff:abcd:1234",
            "::ffff:",
            "::fff:1.2.3.4",
            "",
        ] {
            assert_eq!(u(same), same);
        }
    }
}
