//! Field filters: which row fields can be matched exactly, and how the explorer exposes them.
//!
//! The explorer keeps interned ids per request index ([`crate::index::RequestIndex::field_id`]);
//! each index is its own id *space*. A field rule resolves its value once per space
//! ([`FieldLookup::resolve`]) so that matching a row is one integer compare.

use std::borrow::Cow;

/// A field a rule can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterField {
    /// `c-ip` (or X-Forwarded-For).
    ClientIp,
    /// `cs-uri-stem`.
    Uri,
    /// `cs-username`.
    User,
    /// `sc-status sc-substatus sc-win32-status`; a value matches by leading parts (`401`,
    /// `401.1`, `401 1 2148074310`).
    Status,
    /// HCW cmdlet name.
    Cmdlet,
    /// HCW thread.
    Thread,
    /// `cs-method`.
    Method,
    /// `cs(User-Agent)`.
    Agent,
    /// Server label.
    Server,
}

impl FilterField {
    /// Short name for the filter bar: `ip`, `uri`, `user` …
    pub fn name(self) -> &'static str {
        match self {
            FilterField::ClientIp => "ip",
            FilterField::Uri => "uri",
            FilterField::User => "user",
            FilterField::Status => "status",
            FilterField::Cmdlet => "cmdlet",
            FilterField::Thread => "thread",
            FilterField::Method => "method",
            FilterField::Agent => "agent",
            FilterField::Server => "server",
        }
    }

    /// The field of a short name.
    pub fn parse(name: &str) -> Option<Self> {
        ALL.iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

const ALL: [FilterField; 9] = [
    FilterField::ClientIp,
    FilterField::Uri,
    FilterField::User,
    FilterField::Status,
    FilterField::Cmdlet,
    FilterField::Thread,
    FilterField::Method,
    FilterField::Agent,
    FilterField::Server,
];

/// A row's value of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldAt<'a> {
    /// An interned id in an id space (a request index), with its text.
    Id {
        /// Which id space (index position).
        space: usize,
        /// The id.
        id: u32,
        /// Its text.
        text: &'a str,
    },
    /// Plain text (HCW context values, the status triple).
    Text(Cow<'a, str>),
}

/// Row fields as the explorer knows them. Rows are the caller's row numbers, the same ones
/// `run_filter` passes to `text_of`.
pub trait FieldLookup {
    /// The value of `field` at `row`; None when the row has no such field (an HCW line has no
    /// client IP), which never matches.
    fn field_at(&self, row: usize, field: FilterField) -> Option<FieldAt<'_>>;

    /// The ids that match `value` in every id space, indexed by space (empty where it never
    /// occurs; a server's several spellings where it has them). The default (no spaces) makes
    /// id rows compare by text.
    fn resolve(&self, field: FilterField, value: &str) -> Vec<Vec<u32>> {
        let _ = (field, value);
        Vec::new()
    }
}

/// No fields at all: field rules never match. For text-only filtering.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFields;

impl FieldLookup for NoFields {
    fn field_at(&self, _row: usize, _field: FilterField) -> Option<FieldAt<'_>> {
        None
    }
}

/// A field rule's value, resolved to ids where the lookup allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldValue {
    /// The field.
    pub field: FilterField,
    /// The value as typed or picked.
    pub value: String,
    ids: Vec<Vec<u32>>,
    resolved: bool,
}

impl FieldValue {
    /// A value not yet resolved to ids.
    pub fn new(field: FilterField, value: &str) -> Self {
        FieldValue {
            field,
            value: value.trim().to_string(),
            ids: Vec::new(),
            resolved: false,
        }
    }

    /// Resolves the value in every id space of `fields`.
    pub fn resolve(&mut self, fields: &dyn FieldLookup) {
        self.ids = fields.resolve(self.field, &self.value);
        self.resolved = !self.ids.is_empty();
    }

    /// True when the row's field has this value.
    pub fn matches(&self, row: usize, fields: &dyn FieldLookup) -> bool {
        match fields.field_at(row, self.field) {
            None => false,
            Some(FieldAt::Id { space, id, text }) => match self.ids.get(space) {
                Some(want) if self.resolved => want.contains(&id),
                _ => self.text_matches(text),
            },
            Some(FieldAt::Text(text)) => self.text_matches(&text),
        }
    }

    fn text_matches(&self, text: &str) -> bool {
        match self.field {
            FilterField::Status => status_matches(&self.value, text),
            _ => text == self.value,
        }
    }
}

/// `401` matches `401 1 2148074310`; `401.1` and `401 1` too; `401 2` does not.
fn status_matches(want: &str, have: &str) -> bool {
    let mut have = have.split([' ', '.']).filter(|p| !p.is_empty());
    let mut any = false;
    for w in want.split([' ', '.']).filter(|p| !p.is_empty()) {
        any = true;
        if have.next() != Some(w) {
            return false;
        }
    }
    any
}
