//! Which IIS site logged a request: the Exchange Back End (`W3SVC2`, ports 444/81), whose lines
//! are the front end's proxied hop of a call and no client's handshake, or any other site.
//!
//! The port a request came in on says it best, but `s-port` is not in every field set. Without
//! it, the other marks of the back end are, in order: the site's name `s-sitename` (`W3SVC2`,
//! logged per line, so a central log of both sites is told apart line by line), the `Host`
//! the front end addressed (`ex01.contoso.com:444`; a host without a port was reached on the
//! default port, 443 or 80, so the front end), and last the folder IIS writes each site's
//! files into (`W3SVC2`), which the file's lines cannot contradict when they log none of the
//! above. The client address is no mark: the back end sees the front end, often the server
//! itself, but so do the server's own health probes of the front end.

use crate::analyze::handshake::is_back_end_hop;
use crate::record::W3cRecord;

/// The IIS site id of the Exchange Back End site.
const BACK_END_SITE: u32 = 2;

/// Whether a request was logged by the Exchange Back End site; `folder_site` is the site id
/// of the folder its file was read from ([`crate::read::site_id`]), if any.
#[inline]
pub fn is_back_end(r: &W3cRecord<'_>, folder_site: Option<u32>) -> bool {
    if !r.server_port.is_empty() {
        return is_back_end_hop(r.server_port);
    }
    unported(r).unwrap_or(folder_site == Some(BACK_END_SITE))
}

/// What the fields of a request without `s-port` say: `Some(true)` back end, `Some(false)`
/// another site, `None` when it logs none of them.
#[cold]
#[inline(never)]
fn unported(r: &W3cRecord<'_>) -> Option<bool> {
    if !r.site.is_empty() {
        return Some(site_is_back_end(r.site));
    }
    if !r.host.is_empty() {
        return Some(host_port(r.host).is_some_and(is_back_end_hop));
    }
    None
}

/// `s-sitename` as IIS logs it (`W3SVC2`), or the site's name (`Exchange+Back+End`, spaces
/// written as `+`) as some collectors write it.
fn site_is_back_end(site: &str) -> bool {
    if let Some(id) = site
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("W3SVC"))
        .and_then(|_| site.get(5..))
    {
        return id.parse::<u32>() == Ok(BACK_END_SITE);
    }
    let name = site.replace('+', " ");
    name.eq_ignore_ascii_case("Exchange Back End")
}

/// The port of a `Host` value (`ex01:444`, `[2001:db8::11]:444`); `None` when it names none.
fn host_port(host: &str) -> Option<&str> {
    let (_, port) = host.rsplit_once(':')?;
    // `[2001:db8::11]` without a port ends in `]`; a bare IPv6 address is no host value.
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || host.ends_with(']') {
        return None;
    }
    if !host.starts_with('[') && host.matches(':').count() > 1 {
        return None;
    }
    Some(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec<'a>(port: &'a str, site: &'a str, host: &'a str) -> W3cRecord<'a> {
        W3cRecord {
            server_port: port,
            site,
            host,
            ..W3cRecord::default()
        }
    }

    #[test]
    fn the_port_decides_when_logged() {
        assert!(is_back_end(&rec("444", "", ""), None));
        assert!(is_back_end(&rec("81", "", ""), Some(1)));
        // A front end port in a W3SVC2 folder: the line's port is what it came in on.
        assert!(!is_back_end(&rec("443", "W3SVC2", "ex01:444"), Some(2)));
    }

    #[test]
    fn without_a_port_the_site_name_then_the_host_then_the_folder() {
        assert!(is_back_end(&rec("", "W3SVC2", ""), None));
        assert!(is_back_end(&rec("", "Exchange+Back+End", ""), None));
        assert!(!is_back_end(&rec("", "W3SVC1", ""), Some(2)));
        assert!(!is_back_end(&rec("", "W3SVC12", ""), None));
        assert!(is_back_end(&rec("", "", "ex01.contoso.com:444"), None));
        assert!(is_back_end(&rec("", "", "[2001:db8::11]:444"), None));
        assert!(!is_back_end(&rec("", "", "mail.contoso.com"), Some(2)));
        assert!(!is_back_end(&rec("", "", "mail.contoso.com:443"), None));
        assert!(!is_back_end(&rec("", "", "[2001:db8::444]"), None));
        assert!(!is_back_end(&rec("", "", "2001:db8::444"), None));
        assert!(is_back_end(&rec("", "", ""), Some(2)));
        assert!(!is_back_end(&rec("", "", ""), Some(1)));
        assert!(!is_back_end(&rec("", "", ""), None));
    }
}
