//! What a loaded file is: its kind, encoding, server label, clock and parse statistics.
//!
//! A source is one input file. Its [`SourceInfo`] travels with every report and screen so the
//! user always sees which file, which clock and how many lines could not be read.

mod cite;
mod machine;
mod site;
mod tree;

pub use cite::{cited_line, cited_name, cited_run, path_ending};
pub use machine::{
    machine_names, machine_names_with, one_name_per_machine, run_machine, run_machine_said,
    run_namer, same_machine, same_run, shown_name,
};
pub use site::{ServerNames, server_filter_keeps};
pub use tree::{name_folders_by_their_tree, name_folders_by_their_tree_with, tree_logs};

use crate::time::{Resolution, UtcMs, ZoneSpec, format_offset};
use serde::Serialize;
use std::path::PathBuf;

/// Index of a source in the loaded set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct SourceId(pub u16);

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

/// Where a source's clock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneOrigin {
    /// W3C logs are UTC by definition.
    Utc,
    /// The HCW header (`Date Time Offset` row or first line).
    Header,
    /// `--tz` on the command line or a nudge in the UI.
    Override,
    /// Nothing said: assumed UTC.
    Assumed,
}

/// A line that could not be parsed (kept for the first few per source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based physical line number.
    pub line: u64,
    /// Why it could not be parsed.
    pub reason: String,
    /// The start of the line, control characters escaped.
    pub text: String,
}

/// Counters filled while a source is parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceStats {
    /// Physical lines read.
    pub lines: u64,
    /// Events produced (HCW entries or W3C requests).
    pub events: u64,
    /// Lines that could not be parsed.
    pub unparsed: u64,
    /// Lines read with bytes that are not UTF-8 in a UTF-8 file (each shown as U+FFFD): a
    /// client's Windows-1252 byte in a query or user agent.
    pub not_utf8: u64,
    /// The first few unparsed lines (and lines read, but not as written).
    pub diagnostics: Vec<Diagnostic>,
    /// Bytes read.
    pub bytes: u64,
    /// W3C: from which line on `cs-username` is logged (`true`) or not (`false`, a `#Fields`
    /// list without it, HTTPERR), each entry a change; none: logged throughout. Read through
    /// [`SourceStats::user_logged`].
    #[serde(skip)]
    pub user_fields: Vec<(u64, bool)>,
    /// W3C: the first `s-computername` logged (empty when none), to name the server when the
    /// folder does not.
    #[serde(skip)]
    pub computer: String,
    /// W3C: the first `s-ip` logged (empty when none).
    #[serde(skip)]
    pub server_ip: String,
    /// W3C: data lines read under a `#Fields` list without `s-computername` (their rows are
    /// named by the server label, else `s-ip`): with [`SourceStats::computer`] set, the file
    /// named its server two ways ([`SourceStats::named_twice`]).
    #[serde(skip)]
    pub unnamed: u64,
    /// W3C: a row that logs no `s-computername`, of a file without a server label, logged
    /// another `s-ip` than [`SourceStats::server_ip`] (a dual-stack server, several bindings).
    #[serde(skip)]
    pub other_ip: bool,
    /// W3C: the label its folders give it (`EX01/HTTPERR`; empty: none), kept when its rows
    /// are named otherwise (an HTTPERR log by its machine): the folder still spells the
    /// machine ([`one_name_per_machine`]).
    #[serde(skip)]
    pub folder: String,
}

/// How many diagnostics a source keeps.
pub const MAX_DIAGNOSTICS: usize = 20;

impl SourceStats {
    /// Adds the counts of a part read on its own: its diagnostics' lines move by `shift`, and
    /// its first `skip` lines (directives put in front of it) are not counted again.
    pub fn absorb(&mut self, part: &SourceStats, shift: u64, skip: u64) {
        for d in &part.diagnostics {
            if self.diagnostics.len() < MAX_DIAGNOSTICS {
                let mut d = d.clone();
                d.line += shift;
                self.diagnostics.push(d);
            }
        }
        self.lines += part.lines.saturating_sub(skip);
        self.events += part.events;
        self.unparsed += part.unparsed;
        self.not_utf8 += part.not_utf8;
        self.unnamed += part.unnamed;
        self.other_ip |= part.other_ip;
        for &(line, logged) in &part.user_fields {
            self.user_logged_from(line + shift, logged);
        }
        if self.computer.is_empty() {
            self.computer.clone_from(&part.computer);
        }
        if self.server_ip.is_empty() {
            self.server_ip.clone_from(&part.server_ip);
        }
    }

    /// The server a W3C source names: the first `s-computername` it logged (a log copied into
    /// a ticket folder still says which server wrote it), else `folder_label` (`EX01/W3SVC1`),
    /// else the first `s-ip`.
    pub fn server(&self, folder_label: String) -> String {
        let computer = self.computer.trim();
        if !computer.is_empty() && computer != "-" {
            return computer.to_string();
        }
        if !folder_label.is_empty() {
            return folder_label;
        }
        self.server_ip.clone()
    }

    /// The name a W3C file's rows should all carry when the file named its server two ways:
    /// lines before a header block that added `s-computername` took `label` (the folder
    /// label, or `s-ip` when empty), the lines after the logged name; or, without a label and
    /// a logged name, its rows' `s-ip` differed (the first names the source). One file is one
    /// server's log: `Some(name)` to read it again with that name as its label.
    pub fn named_twice(&self, label: &str) -> Option<&str> {
        let computer = self.computer.trim();
        if !computer.is_empty() && computer != "-" {
            return (self.unnamed > 0 && computer != label).then_some(computer);
        }
        // No name logged and no label: its rows were named by their `s-ip`, and not all by the
        // first one, which names the source.
        let ip = self.server_ip.as_str();
        (label.is_empty() && self.other_ip && !ip.is_empty()).then_some(ip)
    }

    /// Whether `cs-username` was among the `#Fields` in force at `line` (an empty user there
    /// is `-`, not unknown).
    pub fn user_logged(&self, line: u64) -> bool {
        let at = self.user_fields.partition_point(|&(from, _)| from <= line);
        at == 0 || self.user_fields[at - 1].1
    }

    /// Notes that from `line` on `cs-username` is logged or not (nothing when that is no
    /// change).
    pub fn user_logged_from(&mut self, line: u64, logged: bool) {
        let now = self.user_fields.last().is_none_or(|&(_, l)| l);
        if now != logged {
            self.user_fields.push((line, logged));
        }
    }

    /// Counts an unparsed line and keeps its diagnostic if there is room.
    pub fn bad_line(&mut self, line: u64, reason: &str, text: &str) {
        self.unparsed += 1;
        self.note_line(line, reason, text);
    }

    /// Keeps a diagnostic (if there is room) for a line that was read but not as written
    /// (values ignored, a number kept as text); it is not counted as unparsed.
    pub fn note_line(&mut self, line: u64, reason: &str, text: &str) {
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            let t = crate::escape::escape_control(&crate::clip::clip(text, 160)).into_owned();
            self.diagnostics.push(Diagnostic {
                line,
                reason: reason.to_string(),
                text: t,
            });
        }
    }
}

/// How a user is shown where the log's `#Fields` has no `cs-username` (not `-`, anonymous).
pub const USER_NOT_LOGGED: &str = "not logged (no cs-username in #Fields)";

/// Whether the log of `source` had `cs-username` among the `#Fields` in force at `line` (true
/// for a source not found).
pub fn user_logged(sources: &[SourceInfo], source: SourceId, line: u64) -> bool {
    by_id(sources, source).is_none_or(|s| s.stats.user_logged(line))
}

/// The loaded source with this id: at its index first (a load numbers its sources in order),
/// else searched for (an analysis given a subset of its sources, tests). The one way every
/// report, finding, ticket and screen finds a source by id.
pub fn by_id(sources: &[SourceInfo], id: SourceId) -> Option<&SourceInfo> {
    sources
        .get(usize::from(id.0))
        .filter(|s| s.id == id)
        .or_else(|| sources.iter().find(|s| s.id == id))
}

/// Who of the loaded HCW logs names no clock (a pasted excerpt without line 1 and the Process
/// Info table, read as UTC), as sentences cite them (`excerpt.log`, `excerpt.log and 2 more
/// HCW logs`), with the verb that agrees; `None` when every HCW log names its clock.
pub fn unclocked_hcw(sources: &[SourceInfo]) -> Option<(String, &'static str)> {
    let names: Vec<String> = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw && s.zone_origin == ZoneOrigin::Assumed)
        .map(|s| cited_name(sources, s.id))
        .collect();
    let (first, more) = names.split_first()?;
    Some(match more.len() {
        0 => (first.clone(), "names"),
        n => (format!("{first} and {n} more HCW logs"), "name"),
    })
}

/// How finely the loaded source `id` writes its instants ([`SourceKind::resolution`]; to the
/// millisecond when it is not loaded or not known: a handshake's first leg, a finding's
/// `time_source`).
pub fn resolution(sources: &[SourceInfo], id: impl Into<Option<SourceId>>) -> Resolution {
    id.into()
        .and_then(|id| by_id(sources, id))
        .map_or(Resolution::Millisecond, |s| s.kind.resolution())
}

/// One loaded input file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    /// Position in the loaded set.
    pub id: SourceId,
    /// The path as given (or found under a given folder).
    pub path: PathBuf,
    /// Detected kind.
    pub kind: SourceKind,
    /// Detected encoding.
    pub encoding: TextEncoding,
    /// Server label: the first `s-computername` logged (for a file that logs none, the name
    /// its site folder's files log; for an HTTPERR log, its machine's when the load can tell
    /// it), else `EX01/W3SVC1` from the folder, else the first `s-ip`;
    /// for HCW the machine name when the log names it, else empty (the bootstrapper's `.boot`
    /// log names none; its file stem is the run's start time, not a machine). A name (not a
    /// folder label or address) is the one the load shows its machine by, settled at every
    /// diagnosis ([`one_name_per_machine`]: `EX01` for a log that wrote `ex01.contoso.com`
    /// beside HCW's `EX01`); [`SourceStats::computer`] keeps what the log wrote.
    pub server: String,
    /// The clock of the file's stamps.
    pub zone: ZoneSpec,
    /// Where [`SourceInfo::zone`] came from.
    pub zone_origin: ZoneOrigin,
    /// Extra skew applied on top of the zone, in milliseconds (clock drift correction).
    pub skew_ms: i64,
    /// Parse counters.
    pub stats: SourceStats,
    /// First and last event instants (UTC, zone and skew applied).
    pub span: Option<(UtcMs, UtcMs)>,
}

impl SourceInfo {
    /// What names the source beside its kind: [`SourceInfo::server`], else the file's name
    /// (`20220305_144855.boot`), so sources that name no server stay apart.
    pub fn name(&self) -> String {
        if self.server.is_empty() {
            self.path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            self.server.clone()
        }
    }

    /// The UTC offset as `+01:00` (at the start of the source for IANA zones).
    pub fn utc_offset(&self) -> String {
        let at = self.span.map(|s| s.0).unwrap_or_default();
        format_offset(self.zone.offset_at(at))
    }
}

/// A path that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}
