//! The [`RequestSink`] behind `export`: every request of one W3C file goes out as the JSON line
//! the parsing threads wrote for it (`hook.rs`), with its line number put in, and the requests
//! the handshake grouper and the MRS collector want (as in the report) become records for them.
//!
//! A request that could be a leg of an NTLM/Negotiate handshake is held back until the grouper
//! decides its handshake (closed by a final leg, or abandoned once the log's clock passes its
//! horizon); then every leg goes out with the same `hcwlens.handshake.id` and the outcome. Only
//! open handshakes' legs are held, so memory stays flat however long the file is; lines
//! therefore leave in file order except handshake legs, which leave when their handshake ends
//! (`@timestamp` and `hcwlens.line` order them).

use super::hook::{Clock, Rendered, Written};
use super::kept::Kept;
use super::out::Out;
use super::request::{self, Frame, Memo};
use super::tag;
use crate::analyze::handshake::{GroupResult, Handshake, HandshakeGrouper};
use crate::analyze::hint::Leg;
use crate::analyze::mrs::{MrsCollector, MrsRequest};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use rustc_hash::FxHashMap;

/// Buffers of written legs kept for reuse, and the largest kept.
const SPARE_BUFFERS: usize = 256;
const SPARE_BYTES: usize = 16 * 1024;

/// What a file's sink hands back when the file is done.
pub struct FileResult {
    /// The grouper's counts and users (its handshakes already written and moved to `kept`).
    pub group: GroupResult,
    pub mrs: Vec<MrsRequest>,
    pub mrs_dropped: u64,
    pub span: Option<(UtcMs, UtcMs)>,
    pub requests: u64,
    /// Requests outside the time window, not written.
    pub outside: u64,
}

/// The sink of one W3C file.
pub struct FileSink<'o, 'w> {
    out: &'o mut Out<'w>,
    clock: Clock,
    /// For a record whose row the hook did not write (never expected).
    frame: Frame,
    memo: Memo,
    /// `:<file name>:` escaped, the middle of the handshake ids.
    id_middle: Vec<u8>,
    grouper: HandshakeGrouper,
    mrs: MrsCollector,
    /// The current block's objects (taken from the hook's output), its lines before it, and
    /// the row the record handed to `request` next belongs to.
    json: Vec<u8>,
    line_base: u64,
    row: Written,
    wants_group: bool,
    wants_mrs: bool,
    /// Legs of open handshakes, written, by line.
    held: FxHashMap<u64, (Vec<u8>, &'static str)>,
    spare: Vec<Vec<u8>>,
    /// The tag of the handshake being closed.
    rendered: Vec<u8>,
    kept: &'o mut Kept,
    span: Option<(UtcMs, UtcMs)>,
    requests: u64,
    outside: u64,
}

impl<'o, 'w> FileSink<'o, 'w> {
    /// A sink for the file named `name` (its handshake ids name it), written with `frame`,
    /// its instants moved by `clock`.
    pub fn new(
        out: &'o mut Out<'w>,
        kept: &'o mut Kept,
        name: &str,
        frame: Frame,
        clock: Clock,
    ) -> Self {
        FileSink {
            out,
            clock,
            frame,
            memo: Memo::default(),
            id_middle: tag::id_middle(name),
            grouper: HandshakeGrouper::new(true),
            mrs: MrsCollector::default(),
            json: Vec::new(),
            line_base: 0,
            row: Written::default(),
            wants_group: false,
            wants_mrs: false,
            held: FxHashMap::default(),
            spare: Vec::new(),
            rendered: Vec::new(),
            kept,
            span: None,
            requests: 0,
            outside: 0,
        }
    }

    /// Writes what is still held and returns what the findings need.
    pub fn finish(mut self) -> FileResult {
        let grouper = std::mem::replace(&mut self.grouper, HandshakeGrouper::new(false));
        let mut group = grouper.finish_unresolved();
        for h in std::mem::take(&mut group.handshakes) {
            self.close(h);
        }
        // Legs of no handshake (never expected): out untagged, in file order.
        let mut rest: Vec<(u64, (Vec<u8>, &'static str))> = self.held.drain().collect();
        rest.sort_by_key(|(line, _)| *line);
        for (_, (json, _)) in rest {
            self.out.raw(&json);
        }
        let (mrs, mrs_dropped) = std::mem::take(&mut self.mrs).finish();
        FileResult {
            group,
            mrs,
            mrs_dropped,
            span: self.span,
            requests: self.requests,
            outside: self.outside,
        }
    }

    /// Writes the held legs of a finished handshake with its tag; keeps what a finding may
    /// need of it.
    fn close(&mut self, h: Handshake) {
        tag::render(&h, &self.id_middle, &mut self.rendered);
        for leg in &h.legs {
            if let Some((mut json, role)) = self.held.remove(&u64::from(leg.line)) {
                tag::add(&mut json, role, &self.rendered);
                self.out.raw(&json);
                self.recycle(json);
            }
        }
        self.kept.push(h);
    }

    fn recycle(&mut self, mut json: Vec<u8>) {
        // A leg of a very long line does not keep its buffer.
        if self.spare.len() < SPARE_BUFFERS && json.capacity() <= SPARE_BYTES {
            json.clear();
            self.spare.push(json);
        }
    }

    /// The line number of `row`.
    fn line_of(&self, row: &Written) -> u64 {
        self.line_base + u64::from(row.line)
    }

    /// Writes `row`'s object with its line number: to the output, or into `to`.
    fn put(&mut self, row: &Written, to: Option<&mut Vec<u8>>) {
        let line = self.line_of(row);
        let (start, split, end) = (row.start as usize, row.split as usize, row.end as usize);
        let head = self.json.get(start..split).unwrap_or_default();
        let tail = self.json.get(split..end).unwrap_or_default();
        match to {
            Some(to) => {
                to.extend_from_slice(head);
                super::json::number(to, line);
                to.extend_from_slice(tail);
            }
            None => self.out.pieces(head, line, tail),
        }
    }
}

impl RequestSink for FileSink<'_, '_> {
    type Row = Written;
    type Block = Rendered;
    type Error = std::convert::Infallible;

    fn block(
        &mut self,
        _source: SourceId,
        out: &Rendered,
        _text: &str,
        line_base: u64,
    ) -> Result<bool, Self::Error> {
        // The block's buffer changes hands: this sink's previous one goes back for reuse.
        self.json = out.json.replace(std::mem::take(&mut self.json));
        self.line_base = line_base;
        if let Some((a, b)) = out.span {
            self.span = Some(self.span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
        Ok(true)
    }

    fn wants(&mut self, source: SourceId, ts: UtcMs, row: &Written) -> bool {
        if !row.inside {
            self.outside += 1;
            return false;
        }
        self.requests += 1;
        self.wants_group = self.grouper.wants(source, ts, &row.hint);
        self.wants_mrs = self.mrs.wants(source, ts, &row.hint);
        if self.wants_group || self.wants_mrs {
            self.row = *row;
            return true;
        }
        self.put(row, None);
        false
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> Result<bool, std::convert::Infallible> {
        let row = self.row;
        let mut r = *rec;
        r.ts = self.clock.instant(r.ts);
        if self.wants_mrs {
            self.mrs.request(source, &r)?;
        }
        let mut json = self.spare.pop().unwrap_or_default();
        if self.line_of(&row) == r.line {
            self.put(&row, Some(&mut json));
        } else {
            // Never expected: the record is not the row the hook wrote; its object anew.
            let split = self.memo.write(&self.frame, &mut json, &r);
            let tail = json.split_off(split);
            super::json::number(&mut json, r.line);
            json.extend_from_slice(&tail);
        }
        if !self.wants_group {
            self.out.raw(&json);
            self.recycle(json);
            return Ok(true);
        }
        self.held.insert(r.line, (json, request::leg_name(&r)));
        self.grouper.request(source, &r)?;
        for h in self.grouper.take_finished() {
            self.close(h);
        }
        // An authenticated request that closed nothing is no leg.
        let opens = matches!(Leg::of_record(&r), Leg::Anonymous | Leg::Challenge);
        if !opens && let Some((json, _)) = self.held.remove(&r.line) {
            self.out.raw(&json);
            self.recycle(json);
        }
        Ok(true)
    }
}
