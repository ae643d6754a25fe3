//! What parsing a source counted: lines read, events, lines that could not be read (and the
//! first few of them as diagnostics), and what a W3C log said of its server and of
//! `cs-username` as it went, merged across the parts of a file read on their own.

use serde::Serialize;

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
    /// machine ([`super::one_name_per_machine`]).
    #[serde(skip)]
    pub folder: String,
    /// W3C: the last line found cut where its writer stopped (a crash, a restart, a copy taken
    /// while it wrote: no line break, NUL bytes or a new header on it), read or not.
    #[serde(skip)]
    pub cut_line: Option<u64>,
    /// W3C: the time of the last request read on a line before [`SourceStats::cut_line`] (how
    /// far the log had got when its writer stopped); `None` when none was read before it in
    /// the part of the file read with it.
    #[serde(skip)]
    pub cut_after: Option<crate::time::UtcMs>,
    /// HCW: the runs of a log that holds several (appended one after another), each with the
    /// clock it was read by; empty for a log of one run. In the JSON report as `runs`.
    #[serde(skip)]
    pub runs: Vec<super::SourceRun>,
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
        if let Some(line) = part.cut_line {
            self.cut_line = Some(line + shift);
            self.cut_after = part.cut_after;
        }
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
