//! What a leg's line did not log, or not whole ([`Unlogged`], one byte in the shared
//! `LegFields`), and its `sc-win32-status` as logged ([`Win32Status`]: a code, not logged,
//! unreadable text, or the digits before the log ended inside it); its `sc-substatus` alike
//! ([`Substatus`]).

/// Which of a leg's codes its line did not log: `sc-substatus`, `sc-win32-status` (a field
/// set that leaves them out, or `-`), whether the log ends inside its `sc-win32-status` or its
/// `sc-substatus` (the last value of a last line no line break ends), and whether its
/// `sc-substatus` was text that is no number (a damaged line). One byte in the shared
/// [`LegFields`](super::LegFields): a leg stays 24.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Unlogged(u8);

impl Unlogged {
    const SUBSTATUS: u8 = 1;
    const WIN32: u8 = 1 << 1;
    const WIN32_CUT: u8 = 1 << 2;
    const SUBSTATUS_UNREADABLE: u8 = 1 << 3;
    const SUBSTATUS_CUT: u8 = 1 << 4;
    const ALL: u8 = Self::SUBSTATUS
        | Self::WIN32
        | Self::WIN32_CUT
        | Self::SUBSTATUS_UNREADABLE
        | Self::SUBSTATUS_CUT;

    /// What a request's line left out: a field absent or `-` (a value that is no number is
    /// logged, and kept as text), and a `sc-win32-status` the log ends inside.
    pub fn of(rec: &crate::record::W3cRecord<'_>) -> Unlogged {
        let mut bits = 0;
        if rec.substatus.is_none() {
            bits |= match rec.raw {
                Some(r) if r.substatus_cut().is_some() => Self::SUBSTATUS_CUT,
                Some(r) if !r.substatus.is_empty() => Self::SUBSTATUS_UNREADABLE,
                _ => Self::SUBSTATUS,
            };
        }
        if rec.win32.is_none() && rec.raw.is_none_or(|r| r.win32.is_empty()) {
            bits |= Self::WIN32;
        }
        if rec.raw.and_then(|r| r.win32_cut()).is_some() {
            bits |= Self::WIN32_CUT;
        }
        Unlogged(bits)
    }

    /// `sc-win32-status` not logged, all else logged.
    pub fn win32_unlogged() -> Unlogged {
        Unlogged(Self::WIN32)
    }

    /// From [`Unlogged::bits`].
    pub(crate) fn from_bits(bits: u8) -> Unlogged {
        Unlogged(bits & Self::ALL)
    }

    /// As one byte.
    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    /// Whether `sc-substatus` is not known: not logged, text that is no number, or a value
    /// the log ends inside ([`Leg::substatus_status`](super::Leg::substatus_status) tells
    /// which). Its 0 in [`LegFields`](super::LegFields) is then no code.
    pub fn substatus(self) -> bool {
        self.0 & (Self::SUBSTATUS | Self::SUBSTATUS_UNREADABLE | Self::SUBSTATUS_CUT) != 0
    }

    /// Whether `sc-substatus` was logged as text that is no number.
    pub fn substatus_unreadable(self) -> bool {
        self.0 & Self::SUBSTATUS_UNREADABLE != 0
    }

    /// Whether the log ends inside `sc-substatus` (its digits so far are
    /// [`LegFields::substatus`](super::LegFields::substatus)).
    pub fn substatus_cut(self) -> bool {
        self.0 & Self::SUBSTATUS_CUT != 0
    }

    /// Whether `sc-win32-status` was not logged.
    pub fn win32(self) -> bool {
        self.0 & Self::WIN32 != 0
    }

    /// Whether the log ends inside `sc-win32-status` (its digits so far are
    /// [`LegFields::win32_logged`](super::LegFields::win32_logged)).
    pub fn win32_cut(self) -> bool {
        self.0 & Self::WIN32_CUT != 0
    }
}

/// A leg's `sc-win32-status` as its line logged it ([`Leg::win32_status`](super::Leg::win32_status)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Win32Status<'a> {
    /// A code.
    Code(u32),
    /// Not logged (`-`, or a field set without it).
    NotLogged,
    /// Text that is not a number that fits in 32 bits, as logged (`?` when not kept).
    Unreadable(&'a str),
    /// The digits logged before the log ended inside the value (`2148` of `2148074310`).
    Cut(&'a str),
}

/// A leg's `sc-substatus` as its line logged it ([`Leg::substatus_status`](super::Leg::substatus_status)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Substatus {
    /// A number.
    Code(u16),
    /// Not logged (`-`, or a field set without it).
    NotLogged,
    /// Text that is not a number (a damaged line); the text is in the source's diagnostics.
    Unreadable,
    /// The digits logged before the log ended inside the value (`1` of what may be `1` or more).
    Cut(u16),
}
