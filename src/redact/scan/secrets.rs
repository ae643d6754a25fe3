//! Secrets: passwords, keys and tokens, wherever a log or an error text spells them out.
//!
//! - the value of a secret-named key in a query string, a form body, a connection string,
//!   JSON (`"access_token":"…"`) or `key=value` / `password: value` text;
//! - an `Authorization:` or `Proxy-Authorization:` header's credentials after the scheme;
//! - a bare JWT (`eyJ….eyJ….…`);
//! - a command line's `/user:DOMAIN\name password` (`net use`, `runas`): the password, and the
//!   account (found as an account, which a `:` before it otherwise hides);
//! - PowerShell's `ConvertTo-SecureString 'literal'` and `-Password 'literal'`.
//!
//! Only the value is replaced; the key stays, so the reader still sees what was sent. Words
//! that merely name a secret stay: `token` in prose, `PasswordPolicy=…`, `-Credential`,
//! `Get-Credential`, `Authorization failed`.

use super::{Cand, Found, before, re};
use regex::Regex;
use std::sync::LazyLock;

/// A secret-named key and its separator. Keys ending in `password`, `passwd`, `pwd`,
/// `secret`, `token`, `apikey`/`api_key` (`client_secret`, `refresh_token`, `dbPassword`),
/// plus `pass`, `sig`, `signature` (SAS) and the storage and Service Bus keys `AccountKey`,
/// `SharedAccessKey`. A bare `key=` is not taken: too many harmless things are keys.
static KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|accountkey|sharedaccesskey)|pass|sig|signature|cadata[a-z]*)(["']?)[ \t]*(=|:|%3d)[ \t]*"#,
    )
});
/// Keys that name a secret whole (no other word before them) and may be followed by `: value`
/// in prose; the others need `=` or a quoted key (JSON).
const COLON_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "client_secret",
    "access_token",
    "refresh_token",
    "id_token",
    "apikey",
    "api_key",
    "api-key",
];
static AUTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(basic|bearer|negotiate|ntlm|digest|kerberos|sharedkey|sharedaccesssignature|pop|hmac|token)[ \t]+)?([A-Za-z0-9+/=._~-]+)"#,
    )
});
static JWT: LazyLock<Regex> =
    LazyLock::new(|| re(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"));
static USER_SWITCH: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)(?:^|[\s"'])/u(?:ser)?:([^\s"'/]+)(?:[ \t]+([^\s/"'][^\s"']*))?"#));
/// The first quoted literal after `ConvertTo-SecureString` in the same command (its switches in
/// any order), and the literal of `-Password 'x'` or `-Password:'x'`.
static PS_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)(?:ConvertTo-SecureString\b[^'"\n|;]*?|-(?:Password|ClientSecret|AccessToken)(?::|[ \t]+)[ \t]*)(?:'([^'\n]*)'|"([^"\n]*)")"#,
    )
});

/// Every secret candidate in `text`.
pub(super) fn secrets(text: &str, out: &mut Vec<Cand>) {
    keyed(text, out);
    headers(text, out);
    for m in JWT.find_iter(text) {
        let glued = matches!(before(text, m.start()), Some(c) if c.is_ascii_alphanumeric());
        if !glued {
            out.push(secret(m.start(), m.end()));
        }
    }
    command_lines(text, out);
    for caps in PS_LITERAL.captures_iter(text) {
        if let Some(v) = caps.get(1).or_else(|| caps.get(2))
            && !v.as_str().is_empty()
        {
            out.push(secret(v.start(), v.end()));
        }
    }
}

fn secret(start: usize, end: usize) -> Cand {
    Cand {
        start,
        end,
        found: Found::Secret,
    }
}

fn keyed(text: &str, out: &mut Vec<Cand>) {
    for caps in KEY.captures_iter(text) {
        let (Some(key), Some(quote), Some(sep), Some(all)) =
            (caps.get(1), caps.get(2), caps.get(3), caps.get(0))
        else {
            continue;
        };
        if matches!(before(text, key.start()), Some(c) if c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let quoted_key = !quote.as_str().is_empty();
        let lower = key.as_str().to_ascii_lowercase();
        if sep.as_str() == ":" && !quoted_key && !COLON_KEYS.contains(&lower.as_str()) {
            continue;
        }
        // A .NET assembly's public key token is public.
        if lower.ends_with("publickeytoken") {
            continue;
        }
        let encoded = sep.as_str().len() == 3;
        // `Password: two words` in prose: where the value ends cannot be told, so the rest of
        // the line goes (a secret shown is worse than a sentence hidden).
        let prose = sep.as_str() == ":" && !quoted_key;
        if let Some((start, end)) = value(text, all.end(), encoded, prose)
            && !not_secret(&text[start..end])
        {
            out.push(secret(start, end));
        }
    }
}

/// The value starting at `at`: a quoted one to its closing quote not escaped by a backslash
/// (or the end of the line when a cut left it open); else up to `;` (a connection string's
/// value may hold spaces and punctuation), `&`, a quote, `<`, `>` or a cut's `…`, and, when it
/// did not end at a `;`, up to the first space, without the punctuation that ends a sentence.
/// `encoded`: the key and value are URL-encoded (`password%3D…%26`), so `%26` ends it too.
/// `prose`: an unquoted value after `key:` runs to the end of the line.
fn value(text: &str, at: usize, encoded: bool, prose: bool) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let (start, end) = match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let body = &rest[1..];
            let mut escaped = false;
            let len = body
                .char_indices()
                .find(|&(_, c)| {
                    let close = !escaped && (c == q || c == '\n');
                    escaped = !escaped && c == '\\';
                    close
                })
                .map_or(body.len(), |(i, _)| i);
            (at + 1, at + 1 + len)
        }
        _ => {
            let mut len = rest
                .find(|c: char| "&;\"'<>\n\u{2026}".contains(c))
                .unwrap_or(rest.len());
            if encoded && let Some(amp) = rest[..len].to_ascii_lowercase().find("%26") {
                len = amp;
            }
            if prose {
                len = rest
                    .find(['\n', '\r', '"', '\'', '<', '>', '\u{2026}'])
                    .unwrap_or(rest.len());
            } else if !rest[len..].starts_with(';')
                && let Some(space) = rest[..len].find(char::is_whitespace)
            {
                len = space;
            }
            let v = rest[..len].trim_end();
            let v = if rest[len..].starts_with(';') {
                v
            } else {
                v.trim_end_matches(['.', ',', ')', ']', '}', ':'])
            };
            (at, at + v.len())
        }
    };
    (end > start).then_some((start, end))
}

/// Values that say no secret was logged: a switch's state, an empty or masked value.
fn not_secret(v: &str) -> bool {
    let v = v.trim();
    v.bytes().all(|b| b == b'*')
        || [
            "true", "false", "$true", "$false", "yes", "no", "null", "none", "-",
        ]
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w))
}

fn headers(text: &str, out: &mut Vec<Cand>) {
    for caps in AUTH.captures_iter(text) {
        let Some(v) = caps.get(2) else { continue };
        let schemed = caps.get(1).is_some();
        // Without a known scheme, only a credential-looking run: `Authorization: failed` stays.
        if (schemed && v.as_str().len() >= 8) || v.as_str().len() >= 20 {
            out.push(secret(v.start(), v.end()));
        }
    }
}

fn command_lines(text: &str, out: &mut Vec<Cand>) {
    for caps in USER_SWITCH.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        let n = name.as_str();
        let found = if let Some(i) = n.find('\\') {
            Found::Account {
                domain_end: name.start() + i,
                user_start: name.start() + i + 1,
            }
        } else if let Some(i) = n.find('@') {
            Found::Email {
                at: name.start() + i,
                domain_start: name.start() + i + 1,
            }
        } else {
            Found::QueryUser
        };
        if n.len() > 1 && !n.ends_with(['\\', '@']) {
            out.push(Cand {
                start: name.start(),
                end: name.end(),
                found,
            });
        }
        if let Some(p) = caps.get(2)
            && p.as_str() != "*"
        {
            out.push(secret(p.start(), p.end()));
        }
    }
}
