//! Learned terms: the labels and account names taken from redacted values (or seeded), and
//! where they are hunted in later text.
//!
//! An organisation's labels (`contoso` of `mail.contoso.com`, the `CONTOSO` of `CONTOSO\bob`)
//! are redacted as whole words and, from [`SUBSTRING_TERM`] characters on, inside other words
//! too (`DC=contoso`, `/o=CONTOSOMSG`). An account name is redacted only where it stands alone
//! as a name: not inside a word (`Migration` of `Test-MigrationServerAvailability`), not as a
//! part of a hyphenated or underscored name (`ep-hybrid-agent`, `red5_hybrid`), not in a path
//! or a dotted name (`/EWS/mrsproxy.svc`, `…/hybrid-deployment/hybrid-agent`). Generic
//! accounts ([`accounts::is_generic_user`]) are never learned.

use super::accounts;
use super::public;
use super::scan::{self, Cand, Found};
use super::{Kind, Redactor};
use regex::Regex;

/// Learned organisation labels this long are redacted inside other words too (`CONTOSOMSG`);
/// shorter ones only as whole words. Account names are always whole words.
pub const SUBSTRING_TERM: usize = 5;

/// The account name of a profile folder: `bob` of `bob.CONTOSO` (Windows appends the domain
/// in capitals when the name was taken), else the whole folder name.
pub fn profile_user(folder: &str) -> (&str, &str) {
    match folder.split_once('.') {
        Some((user, domain))
            if !domain.is_empty()
                && !domain.chars().any(char::is_lowercase)
                && domain.chars().any(char::is_alphabetic) =>
        {
            (user, domain)
        }
        _ => (folder, ""),
    }
}

impl Redactor {
    /// Whether `name` is a learned account name (`jdoe.adm`, which also looks like a host).
    pub(super) fn is_account(&self, name: &str) -> bool {
        self.term_kinds.get(&name.to_lowercase()) == Some(&Kind::User)
    }

    pub(super) fn learn(&mut self, kind: Kind, term: &str) {
        let t = term.to_lowercase();
        if !self.term_kinds.contains_key(&t) {
            self.term_kinds.insert(t.clone(), kind);
            self.terms.push((t, kind));
            self.terms_dirty = true;
        }
    }

    fn learn_user(&mut self, user: &str) {
        if accounts::is_learnable_user(user) {
            self.learn(Kind::User, user);
        }
    }

    pub(super) fn learn_from(&mut self, text: &str, c: &Cand) {
        let span = &text[c.start..c.end];
        match &c.found {
            Found::Account {
                domain_end,
                user_start,
            } => {
                let domain = &text[c.start..*domain_end];
                domain.split('.').for_each(|l| self.learn_labels(l));
                self.learn_user(&text[*user_start..c.end]);
            }
            Found::Email { at, domain_start } => {
                self.learn_user(&text[c.start..*at]);
                self.learn_host_labels(&text[*domain_start..c.end]);
            }
            Found::Host if !self.is_account(span) => self.learn_host_labels(span),
            Found::Host => {}
            Found::Profile => {
                let (user, domain) = profile_user(span);
                self.learn_user(user);
                domain.split('.').for_each(|l| self.learn_labels(l));
            }
            Found::ServiceHost { prefix_len } => {
                let prefix = &span[..*prefix_len];
                if !scan::is_guid(prefix) {
                    prefix.split('.').for_each(|l| self.learn_labels(l));
                }
            }
            Found::QueryUser => self.learn_user(span),
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

    pub(super) fn learn_labels(&mut self, label: &str) {
        if public::is_learnable_label(label) {
            self.learn(Kind::Host, label);
        }
    }

    /// Occurrences of learned terms outside `taken` spans.
    pub(super) fn term_spans(
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
            let free = !taken
                .iter()
                .any(|(c, _)| c.start < m.end() && m.start() < c.end);
            let lower = m.as_str().to_lowercase();
            let kind = self.term_kinds.get(&lower).copied().unwrap_or(Kind::Host);
            let fits = match kind {
                Kind::User => stands_alone(text, m.start(), m.end()),
                _ => {
                    whole_word(text, m.start(), m.end()) || lower.chars().count() >= SUBSTRING_TERM
                }
            };
            if free && fits {
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

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| matches!(c, Some(c) if c.is_alphanumeric() || c == '_');
    !word(scan::before(text, start)) && !word(scan::after(text, end))
}

/// An account name standing alone: not glued to a word, a hyphenated or underscored name, a
/// path, a dotted name (`x.svc`, `bob.smith`) or an address.
pub(super) fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let glue = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '\\' | '@' | '$');
    let glued_before = matches!(scan::before(text, start), Some(c) if glue(c) || c == '.');
    let rest = &text[end..];
    let glued_after = match rest.chars().next() {
        Some('.') => rest[1..].starts_with(|c: char| c.is_alphanumeric()),
        Some(c) => glue(c),
        None => false,
    };
    !glued_before && !glued_after
}
