//! The [`RequestSink`] behind `export`: every request of one W3C file becomes a JSON line as it
//! is parsed, and the same requests feed the handshake grouper and the MRS collector the
//! report uses. The JSON is made on the parser's threads by the export's hook
//! ([`super::hook`]); this sink, fed on one thread in file order, copies it out with the line
//! number, and asks for a record only for the requests the grouper or the collector need.
//!
//! A request that could be a leg of an NTLM/Negotiate handshake is serialised at once but held
//! back until the grouper decides its handshake (closed by a final leg, or abandoned once the
//! log's clock passes its horizon); then every leg goes out with the same
//! `hcwlens.handshake.id` and the outcome. Only open handshakes' legs are held, so memory stays
//! flat however long the file is; lines therefore leave in file order except handshake legs,
//! which leave when their handshake ends (`@timestamp` and `hcwlens.line` order them).

use super::hook::{BlockJson, RowJson};
use super::json::number;
use super::kept::Kept;
use super::out::Out;
use super::request::{self, Tag};
use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, GroupResult, Handshake, HandshakeGrouper, HandshakeOutcome,
};
use crate::analyze::hint::Leg;
use crate::analyze::mrs::{MrsCollector, MrsRequest};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use std::collections::HashMap;
use std::sync::Arc;

/// What a file's sink hands back when the file is done.
pub struct FileResult {
    /// The grouper's counts and users (its handshakes already written and moved to `kept`).
    pub group: GroupResult,
    pub mrs: Vec<MrsRequest>,
    pub mrs_dropped: u64,
    pub span: Option<(UtcMs, UtcMs)>,
    pub requests: u64,
}

/// The sink of one W3C file.
pub struct FileSink<'o, 'w> {
    out: &'o mut Out<'w>,
    name: String,
    grouper: HandshakeGrouper,
    mrs: MrsCollector,
    wants_group: bool,
    wants_mrs: bool,
    held: HashMap<u64, (Vec<u8>, &'static str)>,
    kept: &'o mut Kept,
    span: Option<(UtcMs, UtcMs)>,
    requests: u64,
    /// The JSON the hook made of the current block's rows, and the lines before the block.
    block: Arc<Vec<u8>>,
    line_base: u64,
    /// The hook's row of the request [`wants`](RequestSink::wants) just let through.
    row: RowJson,
}

impl<'o, 'w> FileSink<'o, 'w> {
    /// A sink for the file at `file`, fed by an [`super::hook::ExportHook`] of that file
    /// (which moves instants onto the source's clock, as the report does).
    pub fn new(out: &'o mut Out<'w>, kept: &'o mut Kept, file: &std::path::Path) -> Self {
        FileSink {
            out,
            name: file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            grouper: HandshakeGrouper::with_cap(true, usize::MAX),
            mrs: MrsCollector::default(),
            wants_group: false,
            wants_mrs: false,
            held: HashMap::new(),
            kept,
            span: None,
            requests: 0,
            block: Arc::default(),
            line_base: 0,
            row: RowJson::default(),
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
        }
    }

    /// Writes the held legs of a finished handshake with its tag; keeps what a finding may
    /// need of it.
    fn close(&mut self, h: Handshake) {
        let tag = tag_of(&h, &self.name);
        for leg in &h.legs {
            if let Some((mut json, role)) = self.held.remove(&leg.line) {
                // Serialising a tag of plain strings and numbers cannot fail.
                let _ = request::add_tag(&mut json, role, &tag);
                self.out.raw(&json);
            }
        }
        self.kept.push(h);
    }

    fn widen(&mut self, ts: UtcMs) {
        self.span = Some(match self.span {
            None => (ts, ts),
            Some((a, b)) => (a.min(ts), b.max(ts)),
        });
    }
}

/// Appends the hook's JSON of `row` of a block, with its file line number (`base` lines
/// before the block).
pub(super) fn write_row(b: &mut Vec<u8>, block: &[u8], base: u64, row: &RowJson) {
    let get = |a: u32, z: u32| block.get(a as usize..z as usize).unwrap_or(&[]);
    b.extend_from_slice(get(row.start, row.split));
    number(b, base + row.line);
    b.extend_from_slice(get(row.split, row.end));
}

/// The tag every leg of `h` carries.
fn tag_of(h: &Handshake, file: &str) -> Tag {
    let first = h.legs.first().map_or(0, |l| l.line);
    Tag {
        id: format!("{}:{file}:{first}", h.server),
        outcome: match h.outcome {
            HandshakeOutcome::Success => "success",
            HandshakeOutcome::Failed => "failure",
            HandshakeOutcome::Abandoned => "abandoned",
        },
        auth: match h.auth {
            AuthKind::Ntlm => "ntlm",
            AuthKind::Kerberos => "kerberos",
            AuthKind::Unknown => "unknown",
        },
        failure: h.failure_code.and_then(crate::codes::failure_name),
        failure_code: h.failure_code,
        abandoned_at: h.abandoned_at.map(|a| match a {
            AbandonedAt::Anonymous => "anonymous",
            AbandonedAt::Challenge => "challenge",
        }),
        legs: h.legs.len(),
        confidence: match h.confidence {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        },
    }
}

impl RequestSink for FileSink<'_, '_> {
    type Row = RowJson;
    type Block = BlockJson;
    type Error = std::convert::Infallible;

    fn block(
        &mut self,
        _source: SourceId,
        out: &BlockJson,
        _text: &str,
        line_base: u64,
    ) -> Result<bool, std::convert::Infallible> {
        if !out.bytes.is_empty() {
            self.block = Arc::clone(&out.bytes);
        }
        self.line_base = line_base;
        Ok(true)
    }

    fn wants(&mut self, source: SourceId, ts: UtcMs, row: &RowJson) -> bool {
        self.wants_group = self.grouper.wants(source, ts, &row.hint);
        self.wants_mrs = self.mrs.wants(source, ts, &row.hint);
        if self.wants_group || self.wants_mrs {
            self.row = *row;
            return true;
        }
        // Neither the grouper nor the MRS collector needs the record: out as the hook wrote it.
        self.requests += 1;
        self.widen(row.ts);
        let (block, base) = (&self.block, self.line_base);
        self.out.line(|b| {
            write_row(b, block, base, row);
            Ok(())
        });
        if row.last {
            self.block = Arc::default();
        }
        false
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> Result<bool, std::convert::Infallible> {
        let row = self.row;
        let block = if row.last {
            std::mem::take(&mut self.block)
        } else {
            Arc::clone(&self.block)
        };
        let mut r = *rec;
        r.ts = row.ts;
        self.requests += 1;
        self.widen(r.ts);
        if self.wants_mrs {
            self.mrs.request(source, &r)?;
        }
        if !self.wants_group {
            let base = self.line_base;
            self.out.line(|b| {
                write_row(b, &block, base, &row);
                Ok(())
            });
            return Ok(true);
        }
        let mut json = Vec::with_capacity(row.end.saturating_sub(row.start) as usize + 24);
        write_row(&mut json, &block, self.line_base, &row);
        self.held.insert(r.line, (json, request::leg_name(&r)));
        self.grouper.request(source, &r)?;
        for h in self.grouper.take_finished() {
            self.close(h);
        }
        // An authenticated request that closed nothing is no leg.
        let opens = matches!(Leg::of_record(&r), Leg::Anonymous | Leg::Challenge);
        if !opens && let Some((json, _)) = self.held.remove(&r.line) {
            self.out.raw(&json);
        }
        Ok(true)
    }
}
