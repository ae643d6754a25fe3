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
    let sep = style.sep();
    let iis = iis_status(status, substatus).unwrap_or("unknown status");
    if win32 == 0 {
        return format!("{status}.{substatus} {iis}");
    }
    let number = if win32 >= 0x8000_0000 {
        hex(win32)
    } else {
        win32.to_string()
    };
    let name = resolve(win32).map(|(info, via)| match via {
        Via::Win32InHresult => (format!("{} (as HRESULT)", info.name), info.meaning),
        _ => (info.name.to_string(), info.meaning),
    });
    let code = match leg_note(status, substatus, win32) {
        // A normal step (the challenges, a client gone on a long poll): that it is normal
        // leads, before a code name that reads like an error.
        Some(note) if note.benign => match name {
            Some((name, _)) => format!("{}{sep}{number} {name}{sep}{iis}", note.short),
            None => format!("{}{sep}{number}{sep}{iis}", note.short),
        },
        Some(note) => match name {
            Some((name, _)) => format!("{name}: {}{sep}{number}{sep}{iis}", note.short),
            None => format!("{}{sep}{number}{sep}{iis}", note.short),
        },
        None => match name {
            Some((name, meaning)) => format!("{iis}{sep}{number} {name}: {meaning}"),
            None => format!("{iis}{sep}{number} (unknown code)"),
        },
    };
    let line = format!("{status}.{substatus} {code}");
    match style {
        Style::Report => fit(line, LEG_LINE_MAX),
        Style::Screen => line,
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
