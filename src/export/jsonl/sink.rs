//! The [`RequestSink`] behind `export`: every request of one W3C file becomes a JSON line as it
//! is parsed, and the same requests feed the handshake grouper and the MRS collector the
//! report uses.
//!
//! A request that could be a leg of an NTLM/Negotiate handshake is serialised at once but held
//! back until the grouper decides its handshake (closed by a final leg, or abandoned once the
//! log's clock passes its horizon); then every leg goes out with the same
//! `hcwlens.handshake.id` and the outcome. Only open handshakes' legs are held, so memory stays
//! flat however long the file is; lines therefore leave in file order except handshake legs,
//! which leave when their handshake ends (`@timestamp` and `hcwlens.line` order them).

use super::kept::Kept;
use super::out::Out;
use super::request::{self, Context, Tag};
use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Confidence, GroupResult, Handshake, HandshakeGrouper, HandshakeOutcome,
};
use crate::analyze::hint::{Hint, Leg};
use crate::analyze::mrs::{MrsCollector, MrsRequest};
use crate::record::{RequestSink, W3cRecord};
use crate::source::{SourceId, SourceKind};
use crate::time::{UtcMs, ZoneSpec};
use std::collections::HashMap;

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
    kind: SourceKind,
    file: String,
    name: String,
    zone: Option<ZoneSpec>,
    skew_ms: i64,
    grouper: HandshakeGrouper,
    mrs: MrsCollector,
    wants_group: bool,
    wants_mrs: bool,
    held: HashMap<u64, (Vec<u8>, &'static str)>,
    kept: &'o mut Kept,
    span: Option<(UtcMs, UtcMs)>,
    /// The last instant formatted, and its text (IIS logs whole seconds: many lines share one).
    stamp: (i64, String),
    requests: u64,
}

impl<'o, 'w> FileSink<'o, 'w> {
    /// A sink for the file at `file` (shown as `log.file.path`); instants move onto the
    /// source's clock with `zone` and `skew_ms`, like the report's.
    pub fn new(
        out: &'o mut Out<'w>,
        kept: &'o mut Kept,
        kind: SourceKind,
        file: &std::path::Path,
        zone: Option<ZoneSpec>,
        skew_ms: i64,
    ) -> Self {
        FileSink {
            out,
            kind,
            file: file.display().to_string(),
            name: file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            zone,
            skew_ms,
            grouper: HandshakeGrouper::new(true),
            mrs: MrsCollector::default(),
            wants_group: false,
            wants_mrs: false,
            held: HashMap::new(),
            kept,
            span: None,
            stamp: (i64::MIN, String::new()),
            requests: 0,
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
    type Row = Hint;
    type Block = crate::index::IndexChunk;
    type Error = std::convert::Infallible;

    fn wants(&mut self, source: SourceId, ts: UtcMs, hint: &Hint) -> bool {
        self.wants_group = self.grouper.wants(source, ts, hint);
        self.wants_mrs = self.mrs.wants(source, ts, hint);
        true
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> Result<bool, std::convert::Infallible> {
        let mut r = *rec;
        if self.zone.is_some() || self.skew_ms != 0 {
            r.ts = self
                .zone
                .as_ref()
                .map_or(r.ts, |z| z.local_to_utc(r.ts))
                .plus_ms(self.skew_ms);
        }
        self.requests += 1;
        self.widen(r.ts);
        if self.wants_mrs {
            self.mrs.request(source, &r)?;
        }
        if self.stamp.0 != r.ts.0 {
            self.stamp = (r.ts.0, r.ts.rfc3339());
        }
        let cx = Context {
            kind: self.kind,
            file: &self.file,
            timestamp: &self.stamp.1,
        };
        if !self.wants_group {
            self.out.line(|b| {
                request::write(b, &r, &cx);
                Ok(())
            });
            return Ok(true);
        }
        let mut json = Vec::with_capacity(r.text.len() + 640);
        request::write(&mut json, &r, &cx);
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
