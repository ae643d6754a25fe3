//! The `url` and `http` objects of a request object. A member whose log value is `-` or absent
//! is left out, and so is an object left with no member (an HTTPERR `Timer_ConnectionIdle` line
//! logs no method, uri or status). The host (`cs-host`, or the authority of an absolute HTTPERR
//! `cs-uri`) is split as ECS wants it: `url.domain` without the port, the port as the number
//! `url.port`.

use super::json::{number, port};
use super::string::quoted;

/// Writes `,"key":` before the first member of an object, `,` before the others.
struct Members {
    first: bool,
}

impl Members {
    /// Opens `,"name":{` (`open` is that text).
    #[inline]
    fn open(out: &mut Vec<u8>, open: &[u8]) -> Self {
        out.extend_from_slice(open);
        Members { first: true }
    }

    /// The key of the next member (`"key":`, with its quotes and colon).
    #[inline]
    fn key(&mut self, out: &mut Vec<u8>, key: &[u8]) {
        if !self.first {
            out.push(b',');
        }
        self.first = false;
        out.extend_from_slice(key);
    }

    /// `"key":"value"` when `v` is not empty (`key` with the value's opening quote).
    #[inline]
    fn text(&mut self, out: &mut Vec<u8>, key: &[u8], v: &[u8]) {
        if !v.is_empty() {
            if !self.first {
                out.push(b',');
            }
            self.first = false;
            quoted(out, key, v, b"\"");
        }
    }
}

/// A logged host as domain and port text: `mail.contoso.com:443` is `mail.contoso.com` and
/// `443`, `[2001:db8::1]:443` is `[2001:db8::1]` and `443` (ECS keeps the brackets). A host
/// without a port, or whose text after the last `:` is not a port number (a bare IPv6
/// address), is all domain.
pub fn split_host(host: &[u8]) -> (&[u8], &[u8]) {
    let Some(colon) = memchr::memrchr(b':', host) else {
        return (host, b"");
    };
    let (domain, after) = (&host[..colon], &host[colon + 1..]);
    let bracketed = host.first() == Some(&b'[');
    let whole = if bracketed {
        domain.last() == Some(&b']')
    } else {
        !domain.contains(&b':')
    };
    // What `port` writes: the text as `u16`'s parser reads it.
    let is_port = std::str::from_utf8(after).is_ok_and(|a| a.parse::<u16>().is_ok());
    if whole && !domain.is_empty() && is_port {
        (domain, after)
    } else {
        (host, b"")
    }
}

/// `,"url":{…}`: `path`, `query`, `domain`, `port`; nothing when none was logged.
#[inline]
pub fn url(out: &mut Vec<u8>, path: &[u8], query: &[u8], host: &[u8]) {
    if path.is_empty() && query.is_empty() && host.is_empty() {
        return;
    }
    let (domain, port_text) = split_host(host);
    let mut m = Members::open(out, b",\"url\":{");
    m.text(out, b"\"path\":\"", path);
    m.text(out, b"\"query\":\"", query);
    m.text(out, b"\"domain\":\"", domain);
    if !port_text.is_empty() {
        m.key(out, b"\"port\":");
        // `split_host` checked that it is a port.
        port(out, port_text);
    }
    out.push(b'}');
}

/// `,"http":{"request":{…},"response":{…}}`: `request.method`, `request.referrer`,
/// `response.status_code`; an object without members is left out.
#[inline]
pub fn http(out: &mut Vec<u8>, method: &[u8], referrer: &[u8], status: Option<u16>) {
    let request = !method.is_empty() || !referrer.is_empty();
    if !request && status.is_none() {
        return;
    }
    let mut m = Members::open(out, b",\"http\":{");
    if request {
        m.key(out, b"\"request\":");
        let mut r = Members::open(out, b"{");
        r.text(out, b"\"method\":\"", method);
        r.text(out, b"\"referrer\":\"", referrer);
        out.push(b'}');
    }
    if let Some(status) = status {
        m.key(out, b"\"response\":{\"status_code\":");
        number(out, u64::from(status));
        out.push(b'}');
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::export::jsonl::string::tests::json;

    #[test]
    fn the_port_of_a_host_is_a_number_of_its_own() {
        assert_eq!(
            json(|b| url(b, b"/owa/", b"x=1", b"mail.contoso.com:443")),
            r#","url":{"path":"/owa/","query":"x=1","domain":"mail.contoso.com","port":443}"#
        );
        assert_eq!(
            json(|b| url(b, b"/", b"", b"mail.contoso.com")),
            r#","url":{"path":"/","domain":"mail.contoso.com"}"#
        );
        assert_eq!(
            split_host(b"[2001:db8::1]:8443"),
            (&b"[2001:db8::1]"[..], &b"8443"[..])
        );
        for all_domain in [
            &b"[2001:db8::1]"[..],
            b"2001:db8::1",
            b"mail:abc",
            b"mail:99999",
            b":443",
        ] {
            assert_eq!(split_host(all_domain), (all_domain, &b""[..]));
        }
    }

    #[test]
    fn objects_without_members_are_left_out() {
        assert_eq!(json(|b| url(b, b"", b"", b"")), "");
        assert_eq!(json(|b| http(b, b"", b"", None)), "");
        assert_eq!(
            json(|b| url(b, b"", b"", b"h:80")),
            r#","url":{"domain":"h","port":80}"#
        );
        assert_eq!(
            json(|b| http(b, b"", b"", Some(400))),
            r#","http":{"response":{"status_code":400}}"#
        );
        assert_eq!(
            json(|b| http(b, b"", b"https://r/", None)),
            r#","http":{"request":{"referrer":"https://r/"}}"#
        );
        assert_eq!(
            json(|b| http(b, b"GET", b"https://r/", Some(200))),
            r#","http":{"request":{"method":"GET","referrer":"https://r/"},"response":{"status_code":200}}"#
        );
    }
}
