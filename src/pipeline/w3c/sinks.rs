//! The sinks one W3C file's requests go through: the handshake grouper (the Exchange Back
//! End's hops left out), the MRS request collector and, for the explorer, the columnar index
//! (filled a block at a time); with the source's clock (zone override, skew) and the time
//! window applied.

use crate::analyze::handshake::HandshakeGrouper;
use crate::analyze::hint::Hint;
use crate::analyze::mrs::MrsCollector;
use crate::index::{IndexChunk, RequestIndex};
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::{UtcMs, ZoneSpec};
use std::convert::Infallible;

/// The sinks one W3C file feeds (kept by live follow as the source's state).
#[derive(Debug)]
pub(in crate::pipeline) struct Sinks {
    pub(in crate::pipeline) zone: Option<ZoneSpec>,
    pub(in crate::pipeline) skew_ms: i64,
    /// Filled a block at a time ([`RequestSink::block`]), never row by row.
    pub(in crate::pipeline) index: Option<RequestIndex>,
    /// The server of rows that log none (empty: their `s-ip`).
    pub(in crate::pipeline) label: String,
    /// The IIS site id of the folder the file was read from (`W3SVC2` → 2).
    pub(in crate::pipeline) folder_site: Option<u32>,
    pub(in crate::pipeline) grouper: HandshakeGrouper,
    pub(in crate::pipeline) mrs: MrsCollector,
    pub(in crate::pipeline) span: Option<(UtcMs, UtcMs)>,
    /// Requests outside it are dropped (and counted in `outside`).
    pub(in crate::pipeline) window: Option<crate::pipeline::window::Window>,
    pub(in crate::pipeline) outside: u64,
}

impl Sinks {
    pub(in crate::pipeline) fn feed(
        &mut self,
        source: SourceId,
        r: &W3cRecord<'_>,
    ) -> std::result::Result<bool, Infallible> {
        self.widen(r.ts);
        if !crate::pipeline::w3c_site::is_back_end(r, self.folder_site) {
            self.grouper.request(source, r)?;
        }
        self.mrs.request(source, r)
    }

    fn widen(&mut self, ts: UtcMs) {
        self.span = Some(match self.span {
            None => (ts, ts),
            Some((a, b)) => (a.min(ts), b.max(ts)),
        });
    }

    /// Whether logged instants need moving onto the source's clock.
    fn shifted(&self) -> bool {
        self.zone.is_some() || self.skew_ms != 0
    }

    pub(in crate::pipeline) fn clock(&self, ts: UtcMs) -> UtcMs {
        on_clock(self.zone.as_ref(), self.skew_ms, ts)
    }
}

/// A logged instant on a source's clock (zone override, then skew).
pub(in crate::pipeline) fn on_clock(zone: Option<&ZoneSpec>, skew_ms: i64, ts: UtcMs) -> UtcMs {
    zone.map_or(ts, |z| z.local_to_utc(ts)).plus_ms(skew_ms)
}

impl RequestSink for Sinks {
    type Row = Hint;
    type Block = IndexChunk;
    type Error = Infallible;

    fn block(
        &mut self,
        _source: SourceId,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
    ) -> std::result::Result<bool, Infallible> {
        let (zone, skew_ms) = (self.zone.as_ref(), self.skew_ms);
        if let Some(ix) = self.index.as_mut().filter(|_| !chunk.is_empty()) {
            let clock = |t: i64| on_clock(zone, skew_ms, UtcMs(t)).0;
            let inside = |t: i64| self.window.is_none_or(|w| w.contains(UtcMs(clock(t))));
            match chunk.retained(&inside) {
                Some(part) => ix.append_chunk(&part, text, line_base, &self.label, &clock),
                None => ix.append_chunk(chunk, text, line_base, &self.label, &clock),
            }
        }
        Ok(true)
    }

    fn wants(&mut self, source: SourceId, ts: UtcMs, hint: &Hint) -> bool {
        if let Some(w) = &self.window
            && !w.contains(self.clock(ts))
        {
            self.outside += 1;
            return false;
        }
        if self.shifted()
            || self.grouper.wants(source, ts, hint)
            || self.mrs.wants(source, ts, hint)
        {
            return true;
        }
        self.widen(ts);
        false
    }

    fn request(
        &mut self,
        source: SourceId,
        rec: &W3cRecord<'_>,
    ) -> std::result::Result<bool, Infallible> {
        if !self.shifted() {
            return self.feed(source, rec);
        }
        let mut r = *rec;
        r.ts = self.clock(r.ts);
        self.feed(source, &r)
    }
}
