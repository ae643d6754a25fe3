//! Consistent pseudonymisation of text before it leaves the admin's machine (`Y` in the explorer,
//! `report --redact`).
//!
//! A [`Redactor`] replaces private values with stable tokens: the same value gets the same token
//! for the life of the redactor, numbered in order of first appearance.
//!
//! | what | token | rule |
//! |---|---|---|
//! | `DOMAIN\user`, `DOMAIN\\user`, `DOMAIN%5Cuser` | `user-N` | not a path segment (no `\`, `/`, `:` before, no `\`, `/` after; `/user:DOMAIN\user` on a command line is an account); well-known principals (`NT AUTHORITY\SYSTEM`, `BUILTIN\…`, `IIS APPPOOL\…`) stay |
//! | `user@domain.tld`, `user%40domain.tld` | `user-N` | |
//! | one account | one `user-N` | an account is its name: `CONTOSO\bob`, `bob@contoso.com`, `User=bob`, `C:\Users\bob.CONTOSO` and a bare `bob` share one token |
//! | generic account | kept, its domain `host-N` | `administrator`, `guest`, `system` … and service accounts named after their job (`migration`, `hybrid`, `mrsproxy` …: words hcwlens' own texts use): `WIN-7K2\Guest` → `host-1\Guest`, `administrator@contoso.com` → `administrator@host-2`, a bare `Guest` stays |
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
//! Labels of redacted names (`contoso` of `mail.contoso.com`, the `CONTOSO` of `CONTOSO\bob`)
//! are learned and redacted wherever they stand as a whole word — and, from five characters on,
//! inside other words too — so `DC=contoso,DC=local` or an organisation named `CONTOSOMSG` does
//! not give the name away. Account names (the `bob` itself) are learned too, but redacted only
//! where they stand alone as a name: never inside a word, a hyphenated or underscored name, a
//! path or a dotted name, so `Test-MigrationServerAvailability`, `/EWS/mrsproxy.svc`, finding
//! ids and reference links stay ([`terms`]). PowerShell cmdlet names (`Get-HybridApplication`)
//! and .NET names are kept whole. Generic labels (`mail`, `www`, `local` …) and generic accounts
//! are not learned. Single-label names (a server called
//! `EX01`, a bare `cs-username`) cannot be told from ordinary words: pass them to
//! [`Redactor::seed`]. Numbers, status codes and everything else stay as written.

mod accounts;
mod json;
mod public;
mod scan;
mod seeds;
mod terms;

pub use seeds::for_analysis;

#[cfg(test)]
mod account_tests;
#[cfg(test)]
mod secret_tests;
#[cfg(test)]
mod tests;

use regex::Regex;
use scan::{Cand, Found};
use std::collections::HashMap;
#[cfg(test)]
use terms::SUBSTRING_TERM;

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
    /// a server label or a user name taken from a `cs-username` field. Generic accounts
    /// (`administrator`, `migration`) are not registered: they stay wherever they stand.
    pub fn seed(&mut self, kind: Kind, value: &str) {
        let v = value.trim();
        let generic = kind == Kind::User && !accounts::is_learnable_user(v);
        if v.chars().count() >= 2 && v != "-" && !generic {
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
                let (domain, rest) = span.split_at(domain_end - start);
                let (sep, user) = rest.split_at(user_start - domain_end);
                match self.user_token(user) {
                    Some(t) => t,
                    None => format!("{}{sep}{user}", self.domain_token(domain)),
                }
            }
            Found::Email { at, domain_start } => {
                let (local, rest) = span.split_at(at - start);
                let (sep, domain) = rest.split_at(domain_start - at);
                match self.user_token(local) {
                    Some(t) => t,
                    None => format!("{local}{sep}{}", self.mail_domain_token(domain)),
                }
            }
            Found::Ip { key } => self.token(Kind::Ip, key),
            Found::Guid => self.token(Kind::Guid, &span.to_lowercase()),
            Found::Device => self.token(Kind::Device, &span.to_lowercase()),
            Found::Thumbprint => self.token(Kind::Cert, &span.to_lowercase()),
            // Case matters in a secret: `Pa55` and `pa55` are two passwords.
            Found::Secret => self.token(Kind::Secret, span),
            Found::QueryUser => self.user_token(span).unwrap_or_else(|| span.to_string()),
            Found::Profile => {
                let user = terms::profile_user(span).0;
                self.token(Kind::User, &user.to_lowercase())
            }
            // `jdoe.adm` looks like a host, but is the account `CONTOSO\jdoe.adm` seen before.
            Found::Host if self.is_account(span) => self.token(Kind::User, &span.to_lowercase()),
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

    /// The token of an account, by its name alone: `CONTOSO\bob`, `bob@contoso.com` and a bare
    /// `bob` are one account. `None` for a generic account, which stays as written.
    fn user_token(&mut self, name: &str) -> Option<String> {
        let key = name.to_lowercase();
        (!accounts::is_generic_user(&key)).then(|| self.token(Kind::User, &key))
    }

    /// The domain of a generic account (`WIN-7K2\Guest`): its token as a learned label, or as
    /// written when it is too generic to be learned (`LAB`).
    fn domain_token(&mut self, domain: &str) -> String {
        let key = domain.to_lowercase();
        if key.contains('.') || public::is_learnable_label(domain) {
            self.token(Kind::Host, &key)
        } else {
            domain.to_string()
        }
    }

    /// The domain of a generic mail address (`administrator@contoso.com`): kept when public.
    fn mail_domain_token(&mut self, domain: &str) -> String {
        let key = domain.to_lowercase();
        if public::is_public_host(&key) {
            domain.to_string()
        } else {
            self.token(Kind::Host, &key)
        }
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
