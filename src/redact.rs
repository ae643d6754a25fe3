//! Consistent pseudonymisation of text before it leaves the admin's machine (`Y` in the explorer,
//! `report --redact`).
//!
//! A [`Redactor`] replaces private values with stable tokens: the same value gets the same token
//! for the life of the redactor, numbered in order of first appearance.
//!
//! | what | token | rule |
//! |---|---|---|
//! | `DOMAIN\user`, `DOMAIN\\user`, `DOMAIN%5Cuser` | `user-N` | not a path segment (no `\`, `/`, `:` before, no `\`, `/` after); well-known principals (`NT AUTHORITY\SYSTEM`, `BUILTIN\…`, `IIS APPPOOL\…`) stay |
//! | `user@domain.tld`, `user%40domain.tld` | `user-N` | |
//! | IPv4 | `ip-N` | a dotted quad of 0–255 octets not glued to letters, digits or further `.digit` parts: `15.1.2308.8` and `1.2.3.4.5` stay, `15.1.225.42` is redacted like any address unless written after `Version=`, `version ` or `build `; loopback, `0.0.0.0`, `255.255.255.255` stay |
//! | IPv6 | `ip-N` | anything `std` parses as an IPv6 address; IPv4-mapped ones share the IPv4 token; `::`, `::1` stay |
//! | profile folder `\Users\<name>\` | `user-N` | except `Public`, `Default`, `All Users` and generic accounts |
//! | GUID | `guid-N` | 8-4-4-4-12 hex; all-zero and Microsoft first-party app ids (`0000000x-0000-…-000000000000`) stay |
//! | host name / FQDN | `host-N` | two or more labels ending in a top-level-domain-like label (letters, one case, not a file type such as `.svc`, `.dll`, `.log`); .NET names (`System.…`, `Microsoft.…`) and public Microsoft hosts (`outlook.office365.com`, `login.windows.net`, `*.microsoft.com` …) stay |
//! | tenant service host | `host-N.onmicrosoft.com`, `guid-N.resource.mailboxmigration.his.msappproxy.net` | only the tenant part before the service suffix is replaced |
//! | ActiveSync `DeviceId=`, `User=` | `device-N`, `user-N` | in query strings |
//! | certificate thumbprint | `cert-N` | 40 hex digits standing alone |
//! | secret | `secret-N` | the value of a secret-named key (`password`, `passwd`, `pwd`, `pass`, `…secret`, `…token`, `apikey`, `sig`, `signature`, `AccountKey`, `SharedAccessKey`) after `=` (query strings, forms, connection strings) or in JSON; after `:` in prose only for `password`, `pwd`, `client_secret`, `access_token` and the like; `Authorization:`/`Proxy-Authorization:` credentials after the scheme; bare JWTs (`eyJ…` header, payload, signature); the password after `/user:DOMAIN\name` on a command line (the account is an account); `ConvertTo-SecureString '…'`, `-Password '…'`. Wins over any other value it overlaps; the key itself stays. A bare `key=` is not taken (too common), nor words that only name a secret (`token`, `PasswordPolicy=`, `-Credential`) |
//!
//! Kept: .NET type and namespace names (`Microsoft.Exchange.Migration…`, shielded whole), public
//! service hosts (`*.microsoft.com`, `outlook.com`, `aka.ms`, `github.com` …) and their labels,
//! URL schemes (`net.tcp://`), file names, versions (`15.20.8137.027`, `4.61.3.0`: zero-padded
//! parts or a last part of 0 are not addresses), status and error codes.
//!
//! [`for_analysis`] builds the one redactor of a loaded analysis (`Y`, `W`, `report --redact`).
//!
//! Labels of redacted names (`contoso` of `mail.contoso.com`, the `CONTOSO` of `CONTOSO\bob`,
//! the `bob` itself) are learned and redacted wherever they stand as a whole word — and, from five
//! characters on, inside other words too — so `DC=contoso,DC=local` or an organisation named
//! `CONTOSOMSG` does not give the name away. Generic labels (`mail`, `www`, `local` …)
//! and generic accounts (`administrator` …) are not learned. Single-label names (a server called
//! `EX01`, a bare `cs-username`) cannot be told from ordinary words: pass them to
//! [`Redactor::seed`]. Numbers, status codes and everything else stay as written.

mod public;
mod scan;
mod seeds;

pub use seeds::for_analysis;

#[cfg(test)]
mod secret_tests;
#[cfg(test)]
mod tests;

use regex::Regex;
use scan::{Cand, Found};
use std::collections::HashMap;

/// Learned terms this long are redacted inside other words too (`CONTOSOMSG`); shorter ones only
/// as whole words.
const SUBSTRING_TERM: usize = 5;

/// The kind of a redacted value, which names its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Accounts and mail addresses: `user-N`.
    User,
    /// IP addresses: `ip-N`.
    Ip,
    /// Host names and their labels: `host-N`.
    Host,
    /// GUIDs: `guid-N`.
    Guid,
    /// ActiveSync device ids: `device-N`.
    Device,
    /// Certificate thumbprints: `cert-N`.
    Cert,
    /// Passwords, keys and tokens: `secret-N`.
    Secret,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Ip => "ip",
            Kind::Host => "host",
            Kind::Guid => "guid",
            Kind::Device => "device",
            Kind::Cert => "cert",
            Kind::Secret => "secret",
        }
    }
}

/// Replaces private values with stable tokens; keep one per export or report.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    tokens: HashMap<(Kind, String), u32>,
    counts: HashMap<Kind, u32>,
    terms: Vec<(String, Kind)>,
    term_kinds: HashMap<String, Kind>,
    term_re: Option<Regex>,
    terms_dirty: bool,
}

impl Redactor {
    /// An empty redactor.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a name to redact wherever it stands as a whole word (case-insensitive), e.g.
    /// a server label or a user name taken from a `cs-username` field.
    pub fn seed(&mut self, kind: Kind, value: &str) {
        let v = value.trim();
        if v.chars().count() >= 2 && v != "-" {
            self.learn(kind, v);
        }
    }

    /// The text with every private value replaced by its token.
    pub fn redact(&mut self, text: &str) -> String {
        let mut spans = choose(scan::scan(text));
        for (c, _) in &spans {
            self.learn_from(text, c);
        }
        let terms = self.term_spans(text, &spans);
        if !terms.is_empty() {
            spans.extend(terms);
            spans.sort_by_key(|c| c.0.start);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (c, term) in spans {
            out.push_str(&text[at..c.start]);
            let span = &text[c.start..c.end];
            match term {
                Some(kind) => out.push_str(&self.token(kind, &span.to_lowercase())),
                None => self.replace(&mut out, span, &c.found, c.start),
            }
            at = c.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Every `(token, original)` pair handed out so far, by kind and number — a local legend,
    /// never to be shared with the redacted text.
    pub fn legend(&self) -> Vec<(String, String)> {
        let mut all: Vec<(&(Kind, String), &u32)> = self.tokens.iter().collect();
        all.sort_by_key(|((kind, _), n)| (*kind, **n));
        all.into_iter()
            .map(|((kind, orig), n)| (format!("{}-{n}", kind.prefix()), orig.clone()))
            .collect()
    }

    fn replace(&mut self, out: &mut String, span: &str, found: &Found, start: usize) {
        let token = match found {
            Found::Keep => span.to_string(),
            Found::Account {
                domain_end,
                user_start,
            } => {
                let key = format!(
                    "{}\\{}",
                    &span[..domain_end - start],
                    &span[user_start - start..]
                );
                self.token(Kind::User, &key.to_lowercase())
            }
            Found::Email { at, domain_start } => {
                let key = format!("{}@{}", &span[..at - start], &span[domain_start - start..]);
                self.token(Kind::User, &key.to_lowercase())
            }
            Found::Ip { key } => self.token(Kind::Ip, key),
            Found::Guid => self.token(Kind::Guid, &span.to_lowercase()),
            Found::Device => self.token(Kind::Device, &span.to_lowercase()),
            Found::Thumbprint => self.token(Kind::Cert, &span.to_lowercase()),
            // Case matters in a secret: `Pa55` and `pa55` are two passwords.
            Found::Secret => self.token(Kind::Secret, span),
            Found::QueryUser => self.token(Kind::User, &span.to_lowercase()),
            Found::Profile => self.token(Kind::User, &span.to_lowercase()),
            Found::Host => self.token(Kind::Host, &span.to_lowercase()),
            Found::ServiceHost { prefix_len } => {
                let (prefix, suffix) = span.split_at(*prefix_len);
                let kind = if scan::is_guid(prefix) {
                    Kind::Guid
                } else {
                    Kind::Host
                };
                format!("{}{suffix}", self.token(kind, &prefix.to_lowercase()))
            }
        };
        out.push_str(&token);
    }

    fn token(&mut self, kind: Kind, key: &str) -> String {
        let n = match self.tokens.get(&(kind, key.to_string())) {
            Some(&n) => n,
            None => {
                let count = self.counts.entry(kind).or_insert(0);
                *count += 1;
                let n = *count;
                self.tokens.insert((kind, key.to_string()), n);
                n
            }
        };
        format!("{}-{n}", kind.prefix())
    }

    fn learn(&mut self, kind: Kind, term: &str) {
        let t = term.to_lowercase();
        if !self.term_kinds.contains_key(&t) {
            self.term_kinds.insert(t.clone(), kind);
            self.terms.push((t, kind));
            self.terms_dirty = true;
        }
    }

    fn learn_from(&mut self, text: &str, c: &Cand) {
        let span = &text[c.start..c.end];
        match &c.found {
            Found::Account {
                domain_end,
                user_start,
            } => {
                let domain = &text[c.start..*domain_end];
                let user = &text[*user_start..c.end];
                domain.split('.').for_each(|l| self.learn_labels(l));
                if public::is_learnable_user(user) {
                    self.learn(Kind::User, user);
                }
            }
            Found::Email { at, domain_start } => {
                let local = &text[c.start..*at];
                if public::is_learnable_user(local) {
                    self.learn(Kind::User, local);
                }
                self.learn_host_labels(&text[*domain_start..c.end]);
            }
            Found::Host => self.learn_host_labels(span),
            Found::Profile => {
                let (user, domain) = span.split_once('.').unwrap_or((span, ""));
                if public::is_learnable_user(user) {
                    self.learn(Kind::User, user);
                }
                domain.split('.').for_each(|l| self.learn_labels(l));
            }
            Found::ServiceHost { prefix_len } => {
                let prefix = &span[..*prefix_len];
                if !scan::is_guid(prefix) {
                    prefix.split('.').for_each(|l| self.learn_labels(l));
                }
            }
            Found::QueryUser => {
                if public::is_learnable_user(span) {
                    self.learn(Kind::User, span);
                }
            }
            Found::Keep
            | Found::Ip { .. }
            | Found::Guid
            | Found::Device
            | Found::Thumbprint
            | Found::Secret => {}
        }
    }

    fn learn_host_labels(&mut self, host: &str) {
        match host.rsplit_once('.') {
            Some((labels, _tld)) => labels.split('.').for_each(|l| self.learn_labels(l)),
            None => self.learn_labels(host),
        }
    }

    fn learn_labels(&mut self, label: &str) {
        if public::is_learnable_label(label) {
            self.learn(Kind::Host, label);
        }
    }

    /// Whole-word occurrences of learned terms outside `taken` spans.
    fn term_spans(
        &mut self,
        text: &str,
        taken: &[(Cand, Option<Kind>)],
    ) -> Vec<(Cand, Option<Kind>)> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        if self.terms_dirty || self.term_re.is_none() {
            let mut terms: Vec<&(String, Kind)> = self.terms.iter().collect();
            terms.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
            let alts: Vec<String> = terms.iter().map(|(t, _)| regex::escape(t)).collect();
            self.term_re = Regex::new(&format!("(?i)(?:{})", alts.join("|"))).ok();
            self.terms_dirty = false;
        }
        let Some(re) = &self.term_re else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(m) = re.find_at(text, from) {
            let word = |c: Option<char>| matches!(c, Some(c) if c.is_alphanumeric() || c == '_');
            let free = !taken
                .iter()
                .any(|(c, _)| c.start < m.end() && m.start() < c.end);
            let whole = !word(text[..m.start()].chars().next_back())
                && !word(text[m.end()..].chars().next());
            let lower = m.as_str().to_lowercase();
            let kind = self.term_kinds.get(&lower).copied().unwrap_or(Kind::Host);
            // A user called `svc` or `aspx` must not take the extension of `/EWS/x.svc`.
            let extension = kind == Kind::User && text[..m.start()].ends_with('.');
            if free && !extension && (whole || m.as_str().chars().count() >= SUBSTRING_TERM) {
                out.push((
                    Cand {
                        start: m.start(),
                        end: m.end(),
                        found: Found::Keep,
                    },
                    Some(kind),
                ));
                from = m.end();
            } else {
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if from > text.len() {
                break;
            }
        }
        out
    }
}

/// Non-overlapping candidates: secrets first (a host or an account that overlaps one must not
/// take its place and leave the rest of it), then earliest start first, the longest, then by
/// priority.
fn choose(mut cands: Vec<Cand>) -> Vec<(Cand, Option<Kind>)> {
    cands.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.found.priority().cmp(&b.found.priority()))
    });
    let (secrets, others): (Vec<Cand>, Vec<Cand>) =
        cands.into_iter().partition(|c| c.found == Found::Secret);
    let secrets = disjoint(secrets);
    let free = |c: &Cand| !secrets.iter().any(|s| s.start < c.end && c.start < s.end);
    let others: Vec<Cand> = others.into_iter().filter(free).collect();
    let mut out: Vec<(Cand, Option<Kind>)> = secrets
        .into_iter()
        .chain(disjoint(others))
        .map(|c| (c, None))
        .collect();
    out.sort_by_key(|c| c.0.start);
    out
}

/// The first of each run of overlapping candidates, in sorted order.
fn disjoint(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out = Vec::with_capacity(cands.len());
    let mut end = 0;
    for c in cands {
        if c.start >= end {
            end = c.end;
            out.push(c);
        }
    }
    out
}
