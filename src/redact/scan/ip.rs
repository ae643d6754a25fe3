//! IPv4 and IPv6 addresses, told from versions (`15.20.8137.027`, `Version=15.0.0.0`, `4.61.3.0`)
//! and dotted numbers glued to more parts (`1.2.3.4.5`); loopback and unspecified stay.

use super::{Cand, Found, after, before, re};
use regex::Regex;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::LazyLock;

/// `'0.20 (15.1.0.0)'`: Exchange object versions.
static VERSION_LEAD: LazyLock<Regex> = LazyLock::new(|| re(r"\d+\.\d+ \($"));
static IPV4: LazyLock<Regex> = LazyLock::new(|| re(r"(?:\d{1,3}\.){3}\d{1,3}"));
static IPV6: LazyLock<Regex> = LazyLock::new(|| re(r"(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*"));

pub(super) fn ipv4(text: &str, out: &mut Vec<Cand>) {
    for m in IPV4.find_iter(text) {
        let prev_ok = !matches!(before(text, m.start()), Some(c) if c.is_alphanumeric() || c == '.' || c == '_');
        let rest = &text[m.end()..];
        let next_ok = match rest.chars().next() {
            Some('.') => !rest[1..].starts_with(|c: char| c.is_ascii_digit()),
            Some(c) => !(c.is_alphanumeric() || c == '_'),
            None => true,
        };
        let valid = m.as_str().split('.').all(|o| o.parse::<u8>().is_ok());
        // `15.20.8137.027`, `4.61.3.0`: zero-padded parts and a last part of 0 (a network, not
        // a host) are versions; `10.0.0.0/8` is still a network worth hiding.
        let padded = m
            .as_str()
            .split('.')
            .any(|o| o.len() > 1 && o.starts_with('0'));
        let network = m.as_str().ends_with(".0") && !rest.starts_with('/');
        let valid = valid && !padded && !network;
        let lead = text[..m.start()].to_ascii_lowercase();
        let version = ["version=", "version ", "version: ", "build "]
            .iter()
            .any(|p| lead.ends_with(p))
            || VERSION_LEAD.is_match(&lead);
        if !(prev_ok && next_ok && valid) || version || keep_ip(m.as_str()) {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            found: Found::Ip {
                key: m.as_str().to_string(),
            },
        });
    }
}

fn keep_ip(ip: &str) -> bool {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback() || a.is_unspecified() || a.is_broadcast(),
        Ok(IpAddr::V6(a)) => a.is_loopback() || a.is_unspecified(),
        Err(_) => true,
    }
}

pub(super) fn ipv6(text: &str, out: &mut Vec<Cand>) {
    for m in IPV6.find_iter(text) {
        if matches!(before(text, m.start()), Some(c) if c.is_alphanumeric() || matches!(c, '_' | ':' | '.'))
        {
            continue;
        }
        let mut cand = m.as_str();
        let addr = loop {
            if let Ok(a) = cand.parse::<Ipv6Addr>() {
                break Some(a);
            }
            match cand.strip_suffix([':', '.']) {
                Some(shorter) if shorter.contains(':') => cand = shorter,
                _ => break None,
            }
        };
        let Some(addr) = addr else { continue };
        let end = m.start() + cand.len();
        if matches!(after(text, end), Some(c) if c.is_alphanumeric() || c == '_') {
            continue;
        }
        let key = match addr.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => addr.to_string(),
        };
        if keep_ip(&key) {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end,
            found: Found::Ip { key },
        });
    }
}
