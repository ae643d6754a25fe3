//! One line for a leg's `status substatus win32`, meaning first: the one wording the text,
//! Markdown, HTML and JSON reports, tickets and the explorer share.
//!
//! What the admin needs first comes first, so a line cut at a pane's edge or read in a hurry
//! does not mislead: a normal step of authentication says so before its code
//! (`401.1 NTLM challenge sent (normal leg 1) · 0x8009030E SEC_E_NO_CREDENTIALS · Logon
//! failed`, not `401.1 Logon failed · … SEC_E_NO_CREDENTIALS`, which reads like an error), a
//! failure names itself and what it means (`401.1 SEC_E_BAD_BINDINGS: client channel bindings
//! incorrect (Extended Protection) · 0x80090346 · Logon failed`), and IIS's own words for the
//! status (its label for every 401.1) come last. A triple without a known pattern keeps IIS's
//! words first, then the code and its meaning (`404.0 Not found · 2 ERROR_FILE_NOT_FOUND: …`).

use super::super::{Via, hex, iis_status, resolve};
use super::leg_note;

/// Where the line is shown: how its parts are joined and whether it is shortened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Reports and tickets: parts joined by ` · `, at most [`LEG_LINE_MAX`] characters.
    Report,
    /// The explorer: parts joined by ` - ` (it draws only ASCII and plain box drawing, as
    /// Windows console fonts lack many symbols), whole (the pane cuts it at its edge).
    Screen,
}

impl Style {
    /// What joins the parts of a line.
    pub fn sep(self) -> &'static str {
        match self {
            Style::Report => " · ",
            Style::Screen => " - ",
        }
    }
}

/// Longest line [`describe_leg`] returns, in characters.
pub const LEG_LINE_MAX: usize = 120;

/// The line for a report or a ticket ([`Style::Report`]): [`leg_words`], at most
/// [`LEG_LINE_MAX`] characters. Win32 values below `0x80000000` are shown in decimal (as IIS
/// writes them), HRESULTs in hex; a zero win32 value is left out.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    leg_words(status, substatus, win32, Style::Report)
}

/// The line for a triple, meaning first (see the module docs), in `style`.
pub fn leg_words(status: u16, substatus: u16, win32: u32, style: Style) -> String {
    let p = leg_parts(status, substatus, win32);
    let (sep, st, iis) = (style.sep(), &p.status, p.iis);
    let line = match (&p.code, p.note) {
        (None, _) => format!("{st} {iis}"),
        // A normal step (the challenges, a client gone on a long poll): that it is normal
        // leads, before a code name that reads like an error.
        (Some(c), Some(note)) if note.benign => match &c.name {
            Some(name) => format!("{st} {}{sep}{} {name}{sep}{iis}", note.short, c.number),
            None => format!("{st} {}{sep}{}{sep}{iis}", note.short, c.number),
        },
        (Some(c), Some(note)) => match &c.name {
            Some(name) => format!("{st} {name}: {}{sep}{}{sep}{iis}", note.short, c.number),
            None => format!("{st} {}{sep}{}{sep}{iis}", note.short, c.number),
        },
        (Some(c), None) => match (&c.name, c.meaning) {
            (Some(name), Some(meaning)) => format!("{st} {iis}{sep}{} {name}: {meaning}", c.number),
            _ => format!("{st} {iis}{sep}{} (unknown code)", c.number),
        },
    };
    match style {
        Style::Report => fit(line, LEG_LINE_MAX),
        Style::Screen => line,
    }
}

/// What [`leg_words`] joins, for a display that must leave parts out (the explorer's leg rows
/// at 80 columns keep the status and the meaning, and drop IIS's words and the code's number
/// first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegParts {
    /// `401.1`.
    pub status: String,
    /// IIS's words for the status (`Logon failed`; `unknown status` when not in its table).
    pub iis: &'static str,
    /// The win32 code; `None` when it is 0.
    pub code: Option<LegCode>,
    /// The note on the whole triple, when it is a known pattern ([`leg_note`]).
    pub note: Option<&'static super::LegNote>,
}

/// A leg's non-zero `sc-win32-status`, as [`leg_words`] names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegCode {
    /// As IIS writes it below `0x80000000` (`5`), in hex above (`0x80090346`).
    pub number: String,
    /// `SEC_E_BAD_BINDINGS`, `ERROR_ACCESS_DENIED (as HRESULT)`; `None` when not known.
    pub name: Option<String>,
    /// The code table's meaning; `None` when not known.
    pub meaning: Option<&'static str>,
}

impl LegParts {
    /// The words that say what the leg means: the note's, else the code's meaning, else IIS's.
    pub fn meaning(&self) -> &'static str {
        match (self.note, &self.code) {
            (Some(note), _) => note.short,
            (
                None,
                Some(LegCode {
                    meaning: Some(m),
                    name: Some(_),
                    ..
                }),
            ) => m,
            _ => self.iis,
        }
    }
}

/// A triple in its parts (see [`LegParts`]).
pub fn leg_parts(status: u16, substatus: u16, win32: u32) -> LegParts {
    let code = (win32 != 0).then(|| {
        let number = if win32 >= 0x8000_0000 {
            hex(win32)
        } else {
            win32.to_string()
        };
        let (name, meaning) = match resolve(win32) {
            Some((info, Via::Win32InHresult)) => (
                Some(format!("{} (as HRESULT)", info.name)),
                Some(info.meaning),
            ),
            Some((info, _)) => (Some(info.name.to_string()), Some(info.meaning)),
            None => (None, None),
        };
        LegCode {
            number,
            name,
            meaning,
        }
    });
    LegParts {
        status: format!("{status}.{substatus}"),
        iis: iis_status(status, substatus).unwrap_or("unknown status"),
        note: code
            .as_ref()
            .and_then(|_| leg_note(status, substatus, win32)),
        code,
    }
}

fn fit(line: String, max: usize) -> String {
    if line.chars().count() <= max {
        return line;
    }
    let mut out: String = line.chars().take(max.saturating_sub(3)).collect();
    out.truncate(out.trim_end().len());
    out.push_str("...");
    out
}
