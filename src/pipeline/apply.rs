//! What one round of live follow found ([`Delta`]) and how an [`Analysis`] takes it in
//! ([`Analysis::apply`]): sources replaced or added, rows appended, entries and calls sorted
//! the way the load sorts them, handshakes and MRS requests as the load would group them now,
//! then correlation and diagnosis again.

use super::Analysis;
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::handshake::GroupResult;
use crate::analyze::mrs::MrsRequest;
use crate::index::RequestIndex;
use crate::read::text::LineText;
use crate::record::HcwEntry;
use crate::source::{SourceId, SourceInfo};

/// How a source changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// W3C lines were appended.
    Appended,
    /// Read again from its start (a rotated or truncated W3C file, an HCW log that changed).
    Replaced,
    /// A new file in a followed folder.
    Added,
}

/// One source's change.
#[derive(Debug)]
pub struct SourceChange {
    /// The source as it is now (counts, span).
    pub info: SourceInfo,
    /// How it changed.
    pub how: Change,
    /// How to read its lines back, when replaced or added.
    pub text: Option<LineText>,
    /// W3C rows for the explorer's index: the appended ones, or all of a replaced or added
    /// source (only when loaded with [`super::LoadOptions::index`]).
    pub rows: Option<RequestIndex>,
    /// HCW: every entry (on the UTC axis) and paired call of the source, and for a run wholly
    /// in a repeated hour (read as its first pass) the ms to the second, for the IIS requests
    /// to decide (`pipeline/hcw/repeated.rs`).
    pub hcw: Option<(Vec<HcwEntry>, Vec<CmdletCall>, Option<i64>)>,
    /// HttpProxy: every row of the source, in place of those it had.
    pub proxy: Option<Vec<crate::parse::httpproxy::ProxyRequest>>,
}

/// Something about a followed file to say beside the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowNote {
    /// The file is gone; what was loaded stays.
    Vanished(SourceId),
    /// Reading it failed (tried again at the next poll).
    Failed(SourceId, String),
    /// Read again to be named anew, as a load names it now: a file that logs a machine joined
    /// its site folder, whose files that log none take the name the others log (or their
    /// folder's label once they log two machines). Its rows now show `to`.
    Renamed {
        /// The source.
        source: SourceId,
        /// Its server before (`EX01/W3SVC1`).
        from: String,
        /// Its server now (`EX01`).
        to: String,
    },
}

/// What one poll found.
#[derive(Debug, Default)]
pub struct Delta {
    /// Changed sources, in the order found.
    pub changes: Vec<SourceChange>,
    /// When W3C sources changed: every source's grouping before the cross-source step, as
    /// the load would have it now, less the handshakes handed over before — its handshakes
    /// are those that ended since the last poll and the open ones closed as if the logs ended
    /// now ([`Delta::provisional`]) — and every MRS request (sorted) with the count dropped.
    /// [`Analysis::apply`] joins it to the handshakes it holds.
    pub grouped: Option<(GroupResult, Vec<MrsRequest>, u64)>,
    /// The ids of the handshakes of [`Delta::grouped`] that are still open (sorted): the next
    /// grouping replaces them.
    pub provisional: Vec<super::HandshakeId>,
    /// Files gone or unreadable.
    pub notes: Vec<FollowNote>,
    /// Followed files whose unfinished last line changed: its bytes now (0: it ended).
    pub pending: Vec<(SourceId, u64)>,
}

impl Delta {
    /// True when nothing changed and nothing is to be said.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.grouped.is_none()
            && self.notes.is_empty()
            && self.pending.is_empty()
    }
}

/// What [`Analysis::apply`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// W3C sources with appended rows: source, request index position, rows before.
    pub appended: Vec<(SourceId, usize, usize)>,
    /// Sources read again from their start.
    pub replaced: Vec<SourceId>,
    /// Sources added.
    pub added: Vec<SourceId>,
    /// HCW entries changed (calls paired again).
    pub hcw: bool,
    /// A followed file's unfinished last line changed ([`Analysis::pending`]).
    pub pending: bool,
}

impl Analysis {
    /// Takes in what a follow poll found: sorting, pairing, spans, counts, grouping and
    /// diagnosis end as a load of the files as they are now would leave them.
    pub fn apply(&mut self, delta: Delta) -> Applied {
        let mut done = Applied::default();
        let mut settle = Vec::new();
        let mut proxy = false;
        for c in delta.changes {
            let id = c.info.id;
            let slot = usize::from(id.0);
            match c.how {
                Change::Added => {
                    self.sources.push(c.info);
                    self.texts.push(c.text.unwrap_or(LineText::None));
                    done.added.push(id);
                }
                Change::Replaced | Change::Appended => {
                    if let Some(s) = self.sources.get_mut(slot) {
                        *s = c.info;
                    }
                    if let (Some(t), Some(slot)) = (c.text, self.texts.get_mut(slot)) {
                        *slot = t;
                    }
                    if c.how == Change::Replaced {
                        done.replaced.push(id);
                    }
                }
            }
            if let Some(rows) = c.rows {
                let k = self.requests.iter().position(|r| r.source == id);
                match (k, c.how) {
                    (Some(k), Change::Appended) => {
                        let before = self.requests[k].len();
                        // Copied first when another analysis shares it (the explorer's
                        // data on screen while the next one is built).
                        std::sync::Arc::make_mut(&mut self.requests[k]).append(&rows, 0);
                        done.appended.push((id, k, before));
                    }
                    (Some(k), _) => self.requests[k] = std::sync::Arc::new(rows),
                    (None, _) => self.requests.push(std::sync::Arc::new(rows)),
                }
            }
            if let Some(rows) = c.proxy {
                super::httpproxy::replace_rows(self, id, rows);
                proxy = true;
            }
            if let Some((entries, calls, repeated)) = c.hcw {
                settle.extend(repeated.map(|ms| (id, ms)));
                self.hcw.retain(|e| e.source != id);
                self.hcw.extend(entries);
                self.cmdlets.retain(|c| c.source != id);
                self.cmdlets.extend(calls);
                done.hcw = true;
            }
        }
        if done.hcw {
            self.hcw.sort_by_key(|e| (e.ts, e.source, e.line));
            self.cmdlets.sort_by_key(|c| (c.start, c.source, c.line));
        }
        let changed = done.hcw || delta.grouped.is_some() || !done.added.is_empty() || proxy;
        let regrouped = delta.grouped.is_some();
        if let Some((grouped, mrs, dropped)) = delta.grouped {
            super::regroup::regroup(self, grouped, delta.provisional, &done.replaced);
            self.mrs = mrs;
            self.mrs_dropped = dropped;
        }
        // New HttpProxy rows, or handshakes grouped anew: the legs they join are read again.
        if proxy || (regrouped && !self.proxy.is_empty()) {
            super::httpproxy::relink(self);
        }
        // A run read again that lies wholly in a repeated hour: placed as the load places it.
        if !settle.is_empty() {
            super::hcw::settle_repeated(self, &settle);
            self.hcw.sort_by_key(|e| (e.ts, e.source, e.line));
            self.cmdlets.sort_by_key(|c| (c.start, c.source, c.line));
        }
        if changed || !done.replaced.is_empty() || !done.appended.is_empty() {
            super::rediagnose(self);
        }
        done.pending = !delta.pending.is_empty();
        for (id, bytes) in delta.pending {
            self.set_pending(id, bytes);
        }
        done
    }
}

impl Analysis {
    /// A copy of this analysis for [`Analysis::apply`] to take `delta` into, leaving this one
    /// as it is (the explorer keeps showing it meanwhile): request indexes are shared (one that
    /// gains rows is copied when appended to), and what the delta replaces whole (MRS
    /// requests, when it groups again) is not copied.
    pub fn fork(&self, delta: &Delta) -> Analysis {
        let regroup = delta.grouped.is_some();
        // Every field named, so a new one cannot be forgotten here.
        let Analysis {
            sources,
            skipped,
            hcw,
            requests,
            cmdlets,
            handshakes,
            handshake_summary,
            findings,
            skew,
            mrs,
            links,
            mrs_dropped,
            handshakes_unkept,
            clients,
            security,
            texts,
            warnings,
            proxy,
            proxy_links,
            found,
            window,
            regroup: grouping,
            pending,
            machines,
        } = self;
        Analysis {
            sources: sources.clone(),
            skipped: skipped.clone(),
            hcw: hcw.clone(),
            requests: requests.clone(),
            cmdlets: cmdlets.clone(),
            handshakes: handshakes.clone(),
            handshake_summary: handshake_summary.clone(),
            findings: findings.clone(),
            skew: skew.clone(),
            mrs: if regroup { Vec::new() } else { mrs.clone() },
            links: links.clone(),
            mrs_dropped: *mrs_dropped,
            handshakes_unkept: *handshakes_unkept,
            clients: clients.clone(),
            security: security.clone(),
            texts: texts.clone(),
            warnings: warnings.clone(),
            proxy: proxy.clone(),
            proxy_links: proxy_links.clone(),
            found: found.clone(),
            window: window.clone(),
            regroup: grouping.clone(),
            pending: pending.clone(),
            machines: machines.clone(),
        }
    }
}
