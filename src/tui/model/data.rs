//! The loaded analysis plus lookups the UI needs often, built once off the UI thread.
//!
//! Everything here is independent of session offsets; what depends on them lives in
//! [`crate::tui::model::timeline`].

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::analyze::handshake::Handshake;
use crate::index::RequestIndex;
use crate::pipeline::Analysis;
use crate::source::{SourceId, SourceKind};
use crate::tui::model::row::RowRef;
use crate::tui::model::seeds::UserSeeds;
use std::collections::HashMap;

mod legs;

/// An analysis with its lookups. Immutable once built; shared with workers through an `Arc`.
#[derive(Debug, Default)]
pub struct Data {
    /// What the pipeline produced.
    pub analysis: Analysis,
    /// Per HCW source: `(first line, last line, entry index)`, sorted by line.
    hcw_lines: HashMap<SourceId, Vec<(u64, u64, u32)>>,
    /// Source id → its position in `analysis.requests` ([`NO_INDEX`] for other sources).
    index_of_source: Vec<u16>,
    /// Where the handshakes' legs lie in the request indexes: the leg rows, and per index the
    /// handshakes whose final loaded leg is one of its rows.
    legs: legs::LegRows,
    /// Number of failed handshakes.
    pub failed_handshakes: usize,
    /// An HCW entry (START or FINISH) → its cmdlet call.
    call_of_entry: HashMap<u32, u32>,
    /// The load's follow state, until live follow takes it ([`crate::tui::live::Watch::take`]).
    pub follow: std::sync::Mutex<Option<crate::pipeline::Follow>>,
    /// The bare user names of the request indexes, for the redactor: worked out on first use.
    users: std::sync::OnceLock<UserSeeds>,
    /// The redactor seeded from this data, built once on first use (on a worker).
    redactor: std::sync::OnceLock<crate::redact::Redactor>,
}

/// No request index: the source is not a W3C source of this data.
const NO_INDEX: u16 = u16::MAX;

impl Data {
    /// A redactor for this data: the analysis' own ([`crate::redact::for_analysis`], the same
    /// as `report --redact` uses), which also learns the bare user names the index holds
    /// ([`UserSeeds`]). Built once per data on first use (on a worker); each caller gets its
    /// own copy (redacting learns).
    pub fn redactor(&self) -> crate::redact::Redactor {
        self.redactor.get_or_init(|| self.seeded_redactor()).clone()
    }

    fn seeded_redactor(&self) -> crate::redact::Redactor {
        let mut r = crate::redact::for_analysis(&self.analysis);
        for user in self.user_seeds().names(&self.analysis.requests) {
            r.seed(crate::redact::Kind::User, user);
        }
        r
    }

    /// The user names seeded into the redactor, worked out on first use: only redaction needs
    /// them, and walking every row's user is a tenth of a second at a gigabyte.
    pub fn user_seeds(&self) -> &UserSeeds {
        self.users
            .get_or_init(|| UserSeeds::build(&self.analysis.requests))
    }

    /// The next data of a live follow: built like [`Data::new`]; when `before` had worked out
    /// its user names they are taken over (only appended rows are looked at, all rows of the
    /// `renumbered` sources), otherwise they are left for first use.
    pub fn after(analysis: Analysis, before: &Data, renumbered: &[SourceId]) -> Self {
        let data = Self::new(analysis);
        if let Some(prev) = before.users.get() {
            let users = UserSeeds::after(&data.analysis.requests, Some(prev), renumbered);
            let _ = data.users.set(users);
        }
        data
    }

    /// Builds the lookups.
    pub fn new(analysis: Analysis) -> Self {
        let mut data = Data {
            analysis,
            ..Default::default()
        };
        for (i, e) in data.analysis.hcw.iter().enumerate() {
            data.hcw_lines.entry(e.source).or_default().push((
                e.line,
                e.end_line.max(e.line),
                to_u32(i),
            ));
        }
        for v in data.hcw_lines.values_mut() {
            v.sort_unstable();
        }
        for (k, idx) in data.analysis.requests.iter().enumerate() {
            let s = usize::from(idx.source.0);
            if data.index_of_source.len() <= s {
                data.index_of_source.resize(s + 1, NO_INDEX);
            }
            data.index_of_source[s] = u16::try_from(k).unwrap_or(NO_INDEX);
        }
        data.note_handshakes();
        for (c, call) in data.analysis.cmdlets.iter().enumerate() {
            let lines = std::iter::once(call.line).chain(call.finish_line);
            for line in lines {
                if let Some(RowRef::Hcw(e)) = data.hcw_row(call.source, line) {
                    data.call_of_entry.insert(e, to_u32(c));
                }
            }
        }
        data
    }

    /// Appends rows read later from request index `k`'s source; returns the new rows. Rows at
    /// or before the last line already loaded are skipped (a line completed after the load).
    pub fn append_rows(&mut self, k: usize, rows: &RequestIndex) -> std::ops::Range<usize> {
        let Some(idx) = self
            .analysis
            .requests
            .get_mut(k)
            .map(std::sync::Arc::make_mut)
        else {
            return 0..0;
        };
        let before = idx.len();
        let last = before.checked_sub(1).map_or(0, |r| idx.line_no(r));
        let skip = (0..rows.len())
            .take_while(|&i| rows.line_no(i) <= last)
            .count();
        idx.append(rows, skip);
        before..idx.len()
    }

    /// The index position of a source's rows.
    fn index_of(&self, source: SourceId) -> Option<usize> {
        let k = *self.index_of_source.get(usize::from(source.0))?;
        (k != NO_INDEX).then_some(usize::from(k))
    }

    /// Counts the failed handshakes, notes the rows of their legs and lists each index's final
    /// legs ([`legs::LegRows`]).
    fn note_handshakes(&mut self) {
        let index_of = |source: SourceId| self.index_of(source);
        let legs = legs::LegRows::build(
            &self.analysis.requests,
            &self.analysis.handshakes,
            &index_of,
        );
        self.failed_handshakes = legs.failed;
        self.legs = legs;
    }

    /// Per request index: `(row, handshake)` of the handshakes whose final loaded leg is one
    /// of its rows, by that row's instant, then row, then handshake.
    pub fn final_legs(&self) -> &[Vec<(u32, u32)>] {
        &self.legs.finals
    }

    /// The position of a W3C source in `analysis.requests`.
    pub fn request_index_of(&self, source: SourceId) -> Option<usize> {
        self.index_of(source)
    }

    /// The HCW entry that contains a line (header or continuation).
    pub fn hcw_row(&self, source: SourceId, line: u64) -> Option<RowRef> {
        let v = self.hcw_lines.get(&source)?;
        let i = v.partition_point(|&(first, _, _)| first <= line);
        let &(first, last, e) = v.get(i.checked_sub(1)?)?;
        (first <= line && line <= last).then_some(RowRef::Hcw(e))
    }

    /// The request row of a W3C source's line.
    pub fn request_row(&self, source: SourceId, line: u64) -> Option<RowRef> {
        let k = self.index_of(source)?;
        let row = self.analysis.requests.get(k)?.row_of_line(line)?;
        Some(RowRef::Iis(u16::try_from(k).ok()?, to_u32(row)))
    }

    /// The row of any source's line.
    pub fn row_of(&self, source: SourceId, line: u64) -> Option<RowRef> {
        match self.kind(source) {
            Some(SourceKind::Hcw) => self.hcw_row(source, line),
            Some(_) => self.request_row(source, line),
            None => None,
        }
    }

    /// The kind of a source.
    pub fn kind(&self, source: SourceId) -> Option<SourceKind> {
        crate::source::by_id(&self.analysis.sources, source).map(|s| s.kind)
    }

    /// The source a row comes from.
    pub fn source_of(&self, row: RowRef) -> SourceId {
        match row {
            RowRef::Hcw(e) => self
                .analysis
                .hcw
                .get(e as usize)
                .map(|e| e.source)
                .unwrap_or_default(),
            RowRef::Iis(k, _) => self
                .analysis
                .requests
                .get(usize::from(k))
                .map(|i| i.source)
                .unwrap_or_default(),
        }
    }

    /// The 1-based line number of a row in its file (its first line for an HCW entry).
    pub fn line_of(&self, row: RowRef) -> u64 {
        match row {
            RowRef::Hcw(e) => self.analysis.hcw.get(e as usize).map_or(0, |x| x.line),
            RowRef::Iis(k, r) => self
                .analysis
                .requests
                .get(usize::from(k))
                .map_or(0, |i| i.line_no(r as usize)),
        }
    }

    /// The handshake a request row is a leg of (the last one when it is a leg of several).
    pub fn handshake_of(&self, row: RowRef) -> Option<usize> {
        let RowRef::Iis(k, r) = row else {
            return None;
        };
        let index_of = |source: SourceId| self.index_of(source);
        let a = &self.analysis;
        self.legs
            .handshake_of(&a.requests, &a.handshakes, &index_of, usize::from(k), r)
    }

    /// The cmdlet call whose START or FINISH entry this is.
    pub fn call_of(&self, row: RowRef) -> Option<usize> {
        match row {
            RowRef::Hcw(e) => self.call_of_entry.get(&e).map(|&c| c as usize),
            RowRef::Iis(..) => None,
        }
    }

    /// The row of a handshake's last leg (where it failed or succeeded).
    pub fn final_leg_row(&self, hs: &Handshake) -> Option<RowRef> {
        hs.legs
            .iter()
            .rev()
            .find_map(|l| self.request_row(l.source, u64::from(l.line)))
    }

    /// The row of a call's START entry.
    pub fn call_row(&self, call: &CmdletCall) -> Option<RowRef> {
        self.hcw_row(call.source, call.line)
    }
}

/// True when a call failed or errored.
pub fn call_failed(call: &CmdletCall) -> bool {
    matches!(call.outcome, CmdletOutcome::Failed | CmdletOutcome::Error)
}

/// Converts an index to the u32 the lookups use (saturating; no log has 4 billion entries).
pub fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
