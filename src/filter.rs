//! The filter engine over line texts, independent of the terminal: a stack of include/exclude
//! rules (regex, fuzzy or exact field), a chunked cancellable scan ([`run_filter`]), search
//! highlighting ([`Search`]), a fuzzy picker over distinct values ([`fuzzy_pick`]) and the
//! values it offers across every field ([`candidates`]).
//!
//! A row is visible when no enabled include rule exists or at least one matches, and no enabled
//! exclude rule matches.

mod candidates;
mod field;
mod fuzzy;
mod index_fields;
mod run;
mod search;

#[cfg(test)]
mod tests;

pub use candidates::{Candidate, CandidateKind, candidates};
pub use field::{FieldAt, FieldLookup, FieldValue, FilterField, NoFields};
pub use fuzzy::{FuzzyQuery, fuzzy_pick};
pub use index_fields::{MergedFields, index_field};
pub use run::{CHUNK_ROWS, FilterChunk, FilterResult, ScanOptions, run_filter, run_filter_with};
pub use search::{Search, compile};

use regex::Regex;

/// Whether a rule keeps or drops the rows it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// Keep matching rows.
    Include,
    /// Drop matching rows.
    Exclude,
}

/// What a rule matches.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// A regex over the line text (smart case).
    Regex(Regex),
    /// A fuzzy subsequence over the line text (smart case).
    Fuzzy(FuzzyQuery),
    /// An exact field value.
    Field(FieldValue),
}

/// One filter rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Include or exclude.
    pub kind: RuleKind,
    /// The matcher.
    pub matcher: Matcher,
    /// Disabled rules are kept in the stack but ignored.
    pub enabled: bool,
    /// Rows this rule matched in the last completed scan.
    pub hits: u64,
}

impl Rule {
    /// A regex rule; a bad pattern is an `Err` with a one-line message.
    pub fn regex(kind: RuleKind, pattern: &str) -> Result<Self, String> {
        Ok(Self::with(kind, Matcher::Regex(compile(pattern)?)))
    }

    /// A fuzzy rule.
    pub fn fuzzy(kind: RuleKind, query: &str) -> Self {
        Self::with(kind, Matcher::Fuzzy(FuzzyQuery::new(query)))
    }

    /// An exact field rule (call [`FilterStack::prepare`] before scanning to use interned ids).
    pub fn field(kind: RuleKind, field: FilterField, value: &str) -> Self {
        Self::with(kind, Matcher::Field(FieldValue::new(field, value)))
    }

    fn with(kind: RuleKind, matcher: Matcher) -> Self {
        Rule {
            kind,
            matcher,
            enabled: true,
            hits: 0,
        }
    }

    /// `+ /regex/`, `- ~fuzzy`, `+ ip=10.0.0.5` — for the filter bar (control chars escaped).
    pub fn label(&self) -> String {
        let sign = match self.kind {
            RuleKind::Include => '+',
            RuleKind::Exclude => '-',
        };
        let body = match &self.matcher {
            Matcher::Regex(r) => format!("/{}/", r.as_str()),
            Matcher::Fuzzy(q) => format!("~{}", q.query()),
            Matcher::Field(f) => format!("{}={}", f.field.name(), f.value),
        };
        format!("{sign} {}", crate::escape::escape_control(&body))
    }

    /// True when the matcher matches the row (whatever the kind and enabled state).
    pub fn is_match(&self, row: usize, text: &str, fields: &dyn FieldLookup) -> bool {
        match &self.matcher {
            Matcher::Regex(r) => r.is_match(text),
            Matcher::Fuzzy(q) => q.is_match(text),
            Matcher::Field(f) => f.matches(row, fields),
        }
    }

    fn needs_text(&self) -> bool {
        !matches!(self.matcher, Matcher::Field(_))
    }
}

/// The ordered rules of a pane.
#[derive(Debug, Clone, Default)]
pub struct FilterStack {
    rules: Vec<Rule>,
}

impl FilterStack {
    /// An empty stack (everything visible).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule at the end.
    pub fn push(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    /// Removes rule `i`.
    pub fn remove(&mut self, i: usize) -> Option<Rule> {
        (i < self.rules.len()).then(|| self.rules.remove(i))
    }

    /// Flips rule `i` on or off; returns its new state (None for a bad index).
    pub fn toggle(&mut self, i: usize) -> Option<bool> {
        let r = self.rules.get_mut(i)?;
        r.enabled = !r.enabled;
        Some(r.enabled)
    }

    /// Removes every rule.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The rules in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// True when at least one rule is enabled (otherwise every row is visible).
    pub fn is_active(&self) -> bool {
        self.rules.iter().any(|r| r.enabled)
    }

    /// True when some enabled rule looks at the line text (field-only stacks never read it).
    pub fn needs_text(&self) -> bool {
        self.rules.iter().any(|r| r.enabled && r.needs_text())
    }

    /// Resolves field values to interned ids; call after loading and before each scan.
    pub fn prepare(&mut self, fields: &dyn FieldLookup) {
        for r in &mut self.rules {
            if let Matcher::Field(f) = &mut r.matcher {
                f.resolve(fields);
            }
        }
    }

    /// Stores per-rule hit counts from a finished scan ([`FilterResult::hits`]).
    pub fn set_hits(&mut self, hits: &[u64]) {
        for (r, &h) in self.rules.iter_mut().zip(hits) {
            r.hits = h;
        }
    }

    /// True when the row is visible.
    pub fn matches(&self, row: usize, text: &str, fields: &dyn FieldLookup) -> bool {
        let mut include_seen = false;
        let mut included = false;
        for r in self.rules.iter().filter(|r| r.enabled) {
            match r.kind {
                RuleKind::Exclude => {
                    if r.is_match(row, text, fields) {
                        return false;
                    }
                }
                RuleKind::Include => {
                    include_seen = true;
                    included = included || r.is_match(row, text, fields);
                }
            }
        }
        included || !include_seen
    }

    /// Like [`FilterStack::matches`], but evaluates every enabled rule and counts its hits.
    fn evaluate(&self, row: usize, text: &str, fields: &dyn FieldLookup, hits: &mut [u64]) -> bool {
        let mut include_seen = false;
        let mut included = false;
        let mut excluded = false;
        for (r, h) in self.rules.iter().zip(hits.iter_mut()) {
            if !r.enabled {
                continue;
            }
            let m = r.is_match(row, text, fields);
            *h += u64::from(m);
            match r.kind {
                RuleKind::Exclude => excluded |= m,
                RuleKind::Include => {
                    include_seen = true;
                    included |= m;
                }
            }
        }
        !excluded && (included || !include_seen)
    }
}
