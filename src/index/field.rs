//! What the index says about a row besides its columns: which numbers were absent or unread
//! ([`Numbers`]), and the interned fields ([`Field`]).

use super::chunk;
use crate::record::W3cRecord;

/// Which numbers of a row were not logged (or `-`) or not numbers that fit: one bit per number
/// for each, so a missing value is never shown as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Numbers(pub u8);

impl Numbers {
    /// `sc-status`, `sc-substatus`, `sc-win32-status`, `time-taken`: bit positions.
    pub const STATUS: u8 = 0;
    pub const SUBSTATUS: u8 = 1;
    pub const WIN32: u8 = 2;
    pub const TIME_TAKEN: u8 = 3;

    /// The flags of a record: absent numbers in the low four bits, unread ones in the high.
    pub fn of(rec: &W3cRecord<'_>) -> Self {
        let raw = rec.raw.copied().unwrap_or_default();
        let mut n = Numbers::default();
        n.set(Self::STATUS, rec.status.is_none(), !raw.status.is_empty());
        n.set(
            Self::SUBSTATUS,
            rec.substatus.is_none(),
            !raw.substatus.is_empty(),
        );
        n.set(Self::WIN32, rec.win32.is_none(), !raw.win32.is_empty());
        n.set(
            Self::TIME_TAKEN,
            rec.time_taken.is_none(),
            !raw.time_taken.is_empty(),
        );
        n
    }

    /// Marks number `k` as absent (`None`) and, when `unread`, as text that is not a number.
    pub fn set(&mut self, k: u8, none: bool, unread: bool) {
        self.0 |= u8::from(none) << k | u8::from(unread) << (k + 4);
    }

    /// Number `k` has no value.
    pub fn absent(self, k: u8) -> bool {
        self.0 & (1 << k) != 0
    }

    /// Number `k` was logged as text that is not a number that fits.
    pub fn unread(self, k: u8) -> bool {
        self.0 & (1 << (k + 4)) != 0
    }
}

/// A field the index keeps interned, for quick filters and pickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `c-ip`.
    Client,
    /// `cs-uri-stem`.
    Uri,
    /// `cs-method`.
    Method,
    /// `cs-username`.
    User,
    /// `cs(User-Agent)`.
    Agent,
    /// Server label.
    Server,
    /// HTTPERR `s-reason`.
    Reason,
    /// The text of a number that is not a number that fits (the first such of the row).
    Unread,
}

impl Field {
    /// Every field, in column order (the order of an [`IndexChunk`] row's ids).
    pub const ALL: [Field; chunk::FIELDS] = [
        Field::Client,
        Field::Uri,
        Field::Method,
        Field::User,
        Field::Agent,
        Field::Server,
        Field::Reason,
        Field::Unread,
    ];
}
