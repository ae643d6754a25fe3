//! What the index says about a row besides its columns: which numbers were absent or unread
//! ([`Numbers`]), the interned fields ([`Field`]), and a row's numbers as shown.

use super::{RequestIndex, chunk};
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

impl RequestIndex {
    /// The status triple of row `i` as shown: `401.1 2148074310`; a number not logged is `-`,
    /// one logged as text that is not a number is that text (HTTPERR: `503` or `-`).
    pub fn status_text(&self, i: usize) -> String {
        let (s, sub, w) = self.status(i);
        let n = self.numbers(i);
        let show = |k: u8, v: u32| {
            if n.unread(k) {
                let t = self.field(Field::Unread, i);
                if t.is_empty() {
                    "?".to_string()
                } else {
                    t.to_string()
                }
            } else if n.absent(k) {
                "-".to_string()
            } else {
                v.to_string()
            }
        };
        let (s, sub, w) = (
            show(Numbers::STATUS, u32::from(s)),
            show(Numbers::SUBSTATUS, u32::from(sub)),
            show(Numbers::WIN32, w),
        );
        let status = if n.absent(Numbers::SUBSTATUS) && !n.unread(Numbers::SUBSTATUS) {
            s
        } else {
            format!("{s}.{sub}")
        };
        if n.absent(Numbers::WIN32) && !n.unread(Numbers::WIN32) {
            status
        } else {
            format!("{status} {w}")
        }
    }

    /// `time-taken` of row `i` as shown: `12 ms`, `-` when not logged, the text when unread.
    pub fn time_taken_text(&self, i: usize) -> String {
        let n = self.numbers(i);
        if n.unread(Numbers::TIME_TAKEN) {
            let t = self.field(Field::Unread, i);
            return if t.is_empty() {
                "?".into()
            } else {
                t.to_string()
            };
        }
        if n.absent(Numbers::TIME_TAKEN) {
            return "-".into();
        }
        format!("{} ms", self.time_taken(i))
    }
}
