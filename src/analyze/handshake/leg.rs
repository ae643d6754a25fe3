//! One leg of a handshake ([`Leg`], 24 bytes: a log keeps them by the hundred thousand) and
//! what many legs log alike ([`LegFields`]: source, user name, status codes), shared.

use super::{Text, WIN32_NOT_LOGGED};
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;
use std::fmt::Write;
use std::sync::Arc;

pub use unlogged::{Substatus, Unlogged, Win32Status};

mod substatus;
mod unlogged;

/// One logged request that is part of a handshake (24 bytes: kept by the hundred thousand).
/// What it shares with many other legs (source, user name, status codes, the high half of its
/// offset) is one [`LegFields`] that its fields read through (`leg.status`, by `Deref`);
/// changing one (`leg.status = …`) gives the leg fields of its own.
#[derive(Clone)]
pub struct Leg {
    /// Instant (UTC).
    pub ts: UtcMs,
    /// Source, user name, status codes, shared with the other legs that logged the same.
    pub fields: Arc<LegFields>,
    /// 1-based line number; [`Leg::LINE_MAX`] stands for that line or any later one (a file
    /// of more than four billion lines, over a terabyte; [`Leg::offset`] stays exact).
    pub line: u32,
    /// The low 32 bits of the line's byte offset (the high ones are
    /// [`LegFields::offset_high`]).
    offset_low: u32,
}

/// What a leg logged that many legs log alike: source, user name and status codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LegFields {
    /// Source file of the leg.
    pub source: SourceId,
    /// `cs-username` (empty when `-`), shared with the other legs that logged it.
    pub user: Text,
    /// `sc-status`.
    pub status: u16,
    /// `sc-substatus` (0 when not known, [`Leg::substatus_status`]; the digits logged when
    /// the log ends inside it, shown cut off).
    pub substatus: u16,
    /// `sc-win32-status` (0 when not logged, and when [`LegFields::win32_logged`] is set).
    pub win32: u32,
    /// `sc-win32-status` as logged when it is not a number that fits in 32 bits (`?` when the
    /// text was not kept), or when the log ends inside it ([`Unlogged::win32_cut`]): the code
    /// is unknown, never 0.
    pub win32_logged: Option<Box<str>>,
    /// The high 32 bits of the line's byte offset ([`Leg::offset`]): the same for every leg in
    /// four gigabytes of a file.
    pub offset_high: u32,
    /// Which codes the line did not log (`-`, or a field set without them), or did not log
    /// whole (the log ends inside it): shown so, never as the 0 [`LegFields::substatus`] and
    /// [`LegFields::win32`] then hold.
    pub unlogged: Unlogged,
}

impl std::ops::Deref for Leg {
    type Target = LegFields;
    fn deref(&self) -> &LegFields {
        &self.fields
    }
}

impl std::ops::DerefMut for Leg {
    fn deref_mut(&mut self) -> &mut LegFields {
        Arc::make_mut(&mut self.fields)
    }
}

impl PartialEq for Leg {
    fn eq(&self, other: &Self) -> bool {
        (self.ts, self.line, self.offset_low) == (other.ts, other.line, other.offset_low)
            && self.fields == other.fields
    }
}

impl Eq for Leg {}

impl std::fmt::Debug for Leg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leg")
            .field("source", &self.source)
            .field("line", &self.line)
            .field("offset", &self.offset())
            .field("ts", &self.ts)
            .field("status", &self.status)
            .field("substatus", &self.substatus)
            .field("win32", &self.win32)
            .field("win32_text", &self.win32_text())
            .field("user", &self.user)
            .finish()
    }
}

impl Serialize for Leg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let odd = self.win32_text();
        let mut st = s.serialize_struct("Leg", 8 + usize::from(odd.is_some()))?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("offset", &self.offset())?;
        st.serialize_field("ts", &self.ts)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("substatus", &self.substatus)?;
        st.serialize_field("win32", &self.win32)?;
        match odd {
            Some(t) => st.serialize_field("win32_text", t)?,
            None => st.skip_field("win32_text")?,
        }
        st.serialize_field("user", &self.user)?;
        st.end()
    }
}

impl Leg {
    /// The largest line number a leg holds: later lines are stored as this one.
    pub const LINE_MAX: u32 = u32::MAX;

    /// A leg with fields of its own (the grouper shares them between legs): `codes` are
    /// `sc-status`, `sc-substatus` and `sc-win32-status`.
    pub fn new(
        source: SourceId,
        line: u32,
        offset: u64,
        ts: UtcMs,
        user: Text,
        (status, substatus, win32): (u16, u16, u32),
    ) -> Leg {
        let fields = LegFields {
            source,
            user,
            status,
            substatus,
            win32,
            win32_logged: None,
            offset_high: Self::offset_high(offset),
            unlogged: Unlogged::default(),
        };
        Leg::with_fields(Arc::new(fields), line, offset, ts)
    }

    /// A leg with the given (shared) fields, whose [`LegFields::offset_high`] is `offset`'s.
    pub(crate) fn with_fields(fields: Arc<LegFields>, line: u32, offset: u64, ts: UtcMs) -> Leg {
        debug_assert_eq!(fields.offset_high, Self::offset_high(offset));
        Leg {
            ts,
            fields,
            line,
            offset_low: offset as u32,
        }
    }

    /// The high 32 bits of an offset, as [`LegFields::offset_high`] holds them.
    pub(crate) fn offset_high(offset: u64) -> u32 {
        (offset >> 32) as u32
    }

    /// Byte offset of the line.
    pub fn offset(&self) -> u64 {
        (u64::from(self.fields.offset_high) << 32) | u64::from(self.offset_low)
    }

    /// Sets [`Leg::offset`].
    pub fn set_offset(&mut self, offset: u64) {
        if self.fields.offset_high != Self::offset_high(offset) {
            self.offset_high = Self::offset_high(offset);
        }
        self.offset_low = offset as u32;
    }

    /// A 1-based line number as a leg stores it: beyond [`Leg::LINE_MAX`] it stays there
    /// (never wraps to a small number).
    pub fn line_of(line: u64) -> u32 {
        u32::try_from(line).unwrap_or(Self::LINE_MAX)
    }

    /// `sc-win32-status` as its line logged it: a code, not logged, unreadable text, or the
    /// digits before the log ended inside it.
    pub fn win32_status(&self) -> Win32Status<'_> {
        match &self.fields.win32_logged {
            Some(t) if self.fields.unlogged.win32_cut() => Win32Status::Cut(t),
            Some(t) => Win32Status::Unreadable(t),
            None if self.fields.unlogged.win32() => Win32Status::NotLogged,
            None => Win32Status::Code(self.win32),
        }
    }

    /// `sc-win32-status` as logged when it is no code: the text of a value that is not a
    /// number that fits in 32 bits (`?` when the text was not kept), the digits before the log
    /// ended inside it, or [`WIN32_NOT_LOGGED`] when the line did not log it: the code is
    /// unknown, never 0.
    pub fn win32_text(&self) -> Option<&str> {
        match self.win32_status() {
            Win32Status::Code(_) => None,
            Win32Status::NotLogged => Some(WIN32_NOT_LOGGED),
            Win32Status::Unreadable(t) | Win32Status::Cut(t) => Some(t),
        }
    }

    /// Sets (or clears) [`Leg::win32_text`]; [`LegFields::win32`] is left as it is.
    pub fn set_win32_text(&mut self, text: Option<&str>) {
        self.win32_logged = text.map(Box::from);
    }

    /// The `sc-win32-status` code, `None` when the logged value was not a number that fits.
    pub fn win32_code(&self) -> Option<u32> {
        self.win32_text().is_none().then_some(self.win32)
    }

    /// `sc-win32-status` as shown: the number, or the text as logged when it is not one (`…`
    /// after the digits the log ends inside). Not escaped.
    pub fn win32_shown(&self) -> String {
        match self.win32_status() {
            Win32Status::Code(c) => c.to_string(),
            Win32Status::NotLogged => WIN32_NOT_LOGGED.to_string(),
            Win32Status::Unreadable(t) => t.to_string(),
            Win32Status::Cut(t) => format!("{t}…"),
        }
    }

    /// The leg in words for reports and tickets ([`crate::codes::describe_leg`], meaning
    /// first); an unreadable `sc-win32-status` is named as such, never decoded. Not escaped.
    pub fn describe(&self) -> String {
        self.words(crate::codes::Style::Report)
    }

    /// The leg in words in `style` ([`crate::codes::leg_words`]: reports and the explorer say
    /// the same, only the separator and the shortening differ). Not escaped.
    pub fn words(&self, style: crate::codes::Style) -> String {
        use crate::codes::leg_words;
        let sep = style.sep();
        // A substatus not known is no code: its words are the status's alone (`403`, not
        // `403.0`), and what is known of the substatus follows.
        let sub = self.substatus_code();
        let words = |win32: u32| {
            self.known_status(
                leg_words(self.status, sub.unwrap_or(0), win32, style),
                style,
            )
        };
        let base = || words(0);
        let mut said = match self.win32_status() {
            Win32Status::Code(c) => words(c),
            Win32Status::NotLogged => {
                format!("{}{sep}sc-win32-status not logged: code unknown", base())
            }
            Win32Status::Unreadable(text) => format!(
                "{}{sep}{text} (a number that does not fit, as logged: code unknown)",
                base()
            ),
            Win32Status::Cut(text) => {
                let more = match style {
                    crate::codes::Style::Report => "…",
                    crate::codes::Style::Screen => "...",
                };
                format!(
                    "{}{sep}{text}{more} (cut off: the log ends inside this value, code unknown)",
                    base()
                )
            }
        };
        if let Some(what) = self.substatus_words() {
            let _ = write!(said, "{sep}{what}");
        }
        said
    }
}
