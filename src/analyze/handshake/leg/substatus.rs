//! A leg's `sc-substatus` as its line logged it ([`Substatus`]: a number, not logged, text
//! that is no number, or the digits before the log ended inside it) and how every report,
//! ticket and screen shows it: a value not known is never shown as the 0 its
//! [`LegFields`](super::LegFields) hold (`403`, `403 ?`, `401.1…`, never `403.0`).

use super::{Leg, Substatus};
use crate::codes::Style;

impl Leg {
    /// `sc-substatus` as its line logged it.
    pub fn substatus_status(&self) -> Substatus {
        let u = self.fields.unlogged;
        if u.substatus_cut() {
            Substatus::Cut(self.substatus)
        } else if u.substatus_unreadable() {
            Substatus::Unreadable
        } else if u.substatus() {
            Substatus::NotLogged
        } else {
            Substatus::Code(self.substatus)
        }
    }

    /// `sc-substatus`, `None` when it is not known (not logged, unreadable, cut off).
    pub fn substatus_code(&self) -> Option<u16> {
        match self.substatus_status() {
            Substatus::Code(n) => Some(n),
            _ => None,
        }
    }

    /// `sc-substatus` as shown in a leg's `status substatus win32` cells: the number, `-`
    /// when the line did not log it, `?` for text that is no number, the digits and `…` when
    /// the log ends inside it.
    pub fn substatus_shown(&self) -> String {
        match self.substatus_status() {
            Substatus::Code(n) => n.to_string(),
            Substatus::NotLogged => "-".to_string(),
            Substatus::Unreadable => "?".to_string(),
            Substatus::Cut(digits) => format!("{digits}…"),
        }
    }

    /// The HTTP status as said in a sentence or a title: `403.4`, `401.1…` when the log ends
    /// inside the substatus (`401.1...` on a screen, [`Style::Screen`]), `403` when the
    /// substatus is not known.
    pub fn status_shown(&self, style: Style) -> String {
        match self.substatus_status() {
            Substatus::Code(n) => format!("{}.{n}", self.status),
            Substatus::Cut(digits) => {
                let more = match style {
                    Style::Report => "…",
                    Style::Screen => "...",
                };
                format!("{}.{digits}{more}", self.status)
            }
            Substatus::NotLogged | Substatus::Unreadable => self.status.to_string(),
        }
    }

    /// What a leg's words add about a substatus that is not known; `None` for a number.
    pub(super) fn substatus_words(&self) -> Option<&'static str> {
        match self.substatus_status() {
            Substatus::Code(_) => None,
            Substatus::NotLogged => Some("sc-substatus not logged"),
            Substatus::Unreadable => Some("sc-substatus unreadable (not a number as logged)"),
            Substatus::Cut(_) => Some("sc-substatus cut off (the log ends inside this value)"),
        }
    }

    /// `words` ([`crate::codes::leg_words`] of the status with substatus 0 when it is not
    /// known) with their leading `403.0` said as [`Leg::status_shown`].
    pub(super) fn known_status(&self, words: String, style: Style) -> String {
        if self.substatus_code().is_some() {
            return words;
        }
        let zero = format!("{}.0", self.status);
        match words.strip_prefix(&zero) {
            Some(rest) => format!("{}{rest}", self.status_shown(style)),
            None => words,
        }
    }
}
