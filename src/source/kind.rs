//! What kind of log a source is and the text encoding it was read with, with what each says
//! in panes, the JSON and beside a guessed encoding.

use crate::time::Resolution;
use serde::Serialize;

/// The kind of log, detected from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Hybrid Configuration Wizard text log (`.log` or `.boot`).
    Hcw,
    /// IIS W3C extended log (`u_ex*.log`).
    Iis,
    /// HTTP.sys error log (`httperr*.log`).
    Httperr,
    /// W3C extended log of another writer (Oracle, CDNs, WAFs), read with the IIS grammar.
    W3c,
    /// Exchange front-end HttpProxy log (`HttpProxy_*.LOG`, CSV).
    #[serde(rename = "httpproxy")]
    HttpProxy,
    /// Exported Windows Security event log (`.evtx`, binary): its 4624/4625/4776 events.
    Evtx,
}

impl SourceKind {
    /// Short tag shown in panes: `HCW`, `IIS`, `ERR`, `W3C`, `PXY`, `EVT`.
    pub fn tag(self) -> &'static str {
        match self {
            SourceKind::Hcw => "HCW",
            SourceKind::Iis => "IIS",
            SourceKind::Httperr => "ERR",
            SourceKind::W3c => "W3C",
            SourceKind::HttpProxy => "PXY",
            SourceKind::Evtx => "EVT",
        }
    }
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Hcw => "hcw",
            SourceKind::Iis => "iis",
            SourceKind::Httperr => "httperr",
            SourceKind::W3c => "w3c",
            SourceKind::HttpProxy => "httpproxy",
            SourceKind::Evtx => "evtx",
        }
    }

    /// How finely the kind writes its instants: IIS and HTTPERR `time` to the second; HCW,
    /// HttpProxy and EVTX to the millisecond or finer; another writer's W3C log may write
    /// fractions, which the parser keeps, so its instants are said to the millisecond.
    pub fn resolution(self) -> Resolution {
        match self {
            SourceKind::Iis | SourceKind::Httperr => Resolution::Second,
            SourceKind::Hcw | SourceKind::W3c | SourceKind::HttpProxy | SourceKind::Evtx => {
                Resolution::Millisecond
            }
        }
    }
}

/// The text encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte order mark.
    Utf8Bom,
    /// UTF-16 little endian (BOM `FF FE`).
    Utf16Le,
    /// UTF-16 big endian (BOM `FE FF`).
    Utf16Be,
    /// Windows-1252 (IIS `ex*.log` written in the ANSI code page): always a guess, made when a
    /// W3C log's first 64 KiB are not UTF-8 and its name is not `u_ex…`.
    Windows1252,
}

impl TextEncoding {
    /// Whether the encoding was guessed from the content rather than known (a byte order mark,
    /// UTF-8 that reads as UTF-8): Windows-1252 is the one guess.
    pub fn guessed(self) -> bool {
        self == TextEncoding::Windows1252
    }

    /// What every view says beside a source whose encoding was guessed, else nothing.
    pub fn guess_note(self) -> Option<&'static str> {
        self.guessed()
            .then_some("read as Windows-1252 (guessed: not UTF-8)")
    }
}
