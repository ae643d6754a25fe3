//! Finding the private things in a text: account names, addresses, GUIDs and host names, each
//! validated beyond its regex (paths are not accounts, file names are not hosts).

mod ip;
mod secrets;
mod tokens;

use super::{accounts, public};
use regex::Regex;
use std::sync::LazyLock;

/// What a span of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A public host, kept verbatim (and shielded from learned terms).
    Keep,
    /// `DOMAIN\user` (also `DOMAIN\\user`, `DOMAIN%5Cuser`), with the separator's bounds.
    Account {
        domain_end: usize,
        user_start: usize,
    },
    /// `user@domain` (also `user%40domain`).
    Email { at: usize, domain_start: usize },
    /// An IP address; `key` is its canonical text.
    Ip { key: String },
    /// A GUID.
    Guid,
    /// A profile folder name (`C:\Users\bob.CONTOSO\`).
    Profile,
    /// A host name.
    Host,
    /// A host under a tenant-specific service suffix; only the first `prefix_len` bytes are
    /// private.
    ServiceHost { prefix_len: usize },
    /// The value of an ActiveSync `DeviceId=` parameter.
    Device,
    /// The value of an ActiveSync `User=` parameter (a bare account name).
    QueryUser,
    /// A certificate thumbprint (40 hex digits).
    Thumbprint,
    /// A password, key or token ([`secrets`]); wins over every other candidate it overlaps.
    Secret,
}

/// A candidate span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cand {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// What it is.
    pub found: Found,
}

impl Found {
    /// Tie-break for spans with equal extent: lower wins.
    pub fn priority(&self) -> u8 {
        match self {
            Found::Secret | Found::Keep => 0,
            Found::Email { .. } => 1,
            Found::Account { .. } => 2,
            Found::Guid | Found::Profile | Found::Thumbprint | Found::Device => 3,
            Found::QueryUser => 4,
            Found::Ip { .. } => 5,
            Found::ServiceHost { .. } => 6,
            Found::Host => 7,
        }
    }
}

#[allow(clippy::expect_used)]
pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant redaction pattern compiles")
}

static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[\p{L}\p{N}_][\p{L}\p{N}._-]*(\\{1,2}|%5[cC])[\p{L}\p{N}_$][\p{L}\p{N}._$-]*")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[\p{L}\p{N}_][\p{L}\p{N}._+'-]*(@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})")
});
static PROFILE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)\b[a-z]:\\{1,2}users\\{1,2}([^\\/\s"'<>|:*?]+)"#));
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
});
static HOST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"));

/// Every candidate in `text`, unordered and possibly overlapping.
pub fn scan(text: &str) -> Vec<Cand> {
    let mut out = Vec::new();
    secrets::secrets(text, &mut out);
    accounts(text, &mut out);
    profiles(text, &mut out);
    emails(text, &mut out);
    ip::ipv4(text, &mut out);
    ip::ipv6(text, &mut out);
    guids(text, &mut out);
    tokens::query_values(text, &mut out);
    tokens::dotnet(text, &mut out);
    tokens::cmdlets(text, &mut out);
    tokens::thumbprints(text, &mut out);
    hosts(text, &mut out);
    out
}

pub(super) fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

pub(super) fn after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn accounts(text: &str, out: &mut Vec<Cand>) {
    for caps in ACCOUNT.captures_iter(text) {
        let (Some(m), Some(sep)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let end = m.start() + m.as_str().trim_end_matches(['.', '-']).len();
        let path_before = matches!(before(text, m.start()), Some('\\' | '/' | ':'));
        let path_after = matches!(after(text, end), Some('\\' | '/'));
        let domain = text[m.start()..sep.start()].to_lowercase();
        if path_before || path_after || end <= sep.end() || accounts::is_well_known_domain(&domain)
        {
            continue;
        }
        if accounts::is_exchange_object(&text[sep.end()..end].to_lowercase()) {
            out.push(Cand {
                start: m.start(),
                end: sep.start(),
                found: Found::Host,
            });
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end,
            found: Found::Account {
                domain_end: sep.start(),
                user_start: sep.end(),
            },
        });
    }
}

fn profiles(text: &str, out: &mut Vec<Cand>) {
    for caps in PROFILE.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        if accounts::is_generic_profile(&name.as_str().to_lowercase()) {
            continue;
        }
        out.push(Cand {
            start: name.start(),
            end: name.end(),
            found: Found::Profile,
        });
    }
}

fn emails(text: &str, out: &mut Vec<Cand>) {
    for caps in EMAIL.captures_iter(text) {
        let (Some(m), Some(at), Some(dom)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if matches!(after(text, m.end()), Some(c) if c.is_alphanumeric()) {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            found: Found::Email {
                at: at.start(),
                domain_start: dom.start(),
            },
        });
    }
}

fn guids(text: &str, out: &mut Vec<Cand>) {
    for m in GUID.find_iter(text) {
        let alnum = |c: Option<char>| matches!(c, Some(c) if c.is_ascii_alphanumeric());
        if alnum(before(text, m.start())) || alnum(after(text, m.end())) || keep_guid(m.as_str()) {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            found: Found::Guid,
        });
    }
}

/// All-zero GUIDs and Microsoft's first-party application ids (`00000002-0000-0ff1-ce00-
/// 000000000000`, `00000003-0000-0000-c000-000000000000`) are public.
fn keep_guid(g: &str) -> bool {
    g.starts_with("0000") && g[9..13] == *"0000" && g.ends_with("-000000000000")
}

/// `Json.NET`: PascalCase labels before an upper-case ending are a product name, not a host.
fn is_dotnet_style(name: &str) -> bool {
    let Some((head, tld)) = name.rsplit_once('.') else {
        return false;
    };
    let pascal = |l: &str| {
        l.starts_with(|c: char| c.is_ascii_uppercase()) && l.bytes().any(|b| b.is_ascii_lowercase())
    };
    tld.bytes().all(|b| b.is_ascii_uppercase()) && head.split('.').all(pascal)
}

/// True when `text` is GUID-shaped.
pub fn is_guid(text: &str) -> bool {
    GUID.find(text)
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

fn hosts(text: &str, out: &mut Vec<Cand>) {
    for m in HOST.find_iter(text) {
        if matches!(after(text, m.end()), Some(c) if c.is_alphanumeric() || c == '_') {
            continue;
        }
        // `%2Fmail.contoso.com`: the escape's two hex digits are not part of the name.
        let escaped = before(text, m.start()) == Some('%')
            && m.as_str().len() > 2
            && m.as_str().as_bytes()[..2].iter().all(u8::is_ascii_hexdigit);
        let start = if escaped { m.start() + 2 } else { m.start() };
        let mut name = &text[start..m.end()];
        while let Some((head, last)) = name.rsplit_once('.') {
            if public::can_be_tld(last) {
                break;
            }
            name = if head.contains('.') { head } else { "" };
        }
        let Some((first, _)) = name.split_once('.') else {
            continue;
        };
        if text[start + name.len()..].starts_with("://") {
            continue;
        }
        let mixed = is_dotnet_style(name);
        let mime = public::is_mime_context(&text[..start]) || first.eq_ignore_ascii_case("vnd");
        if public::is_dotnet_root(first) || mixed || mime {
            // Kept whole, so that no learned term is found inside a type or namespace name.
            out.push(Cand {
                start,
                end: m.end(),
                found: Found::Keep,
            });
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let found = if let Some(suffix) = public::service_suffix(&lower) {
            Found::ServiceHost {
                prefix_len: name.len() - suffix.len() - 1,
            }
        } else if public::is_public_host(&lower) {
            Found::Keep
        } else {
            Found::Host
        };
        out.push(Cand {
            start,
            end: start + name.len(),
            found,
        });
    }
}
