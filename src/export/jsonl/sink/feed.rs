//! What the parser hands the export's sink: each block's buffer of written lines, the rows it
//! asks about (passed on as written, or wanted by the grouper and the MRS collector), and the
//! records of those wanted (a handshake leg held until its handshake is decided).

use super::{FileSink, Held, Place};
use crate::analyze::hint::Leg;
use crate::export::jsonl::hook::{Rendered, Written};
use crate::export::jsonl::request;
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;

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
        self.end_run();
        self.keep_held();
        // The block's buffer changes hands: the previous one goes back for reuse.
        out.json.set(self.out.next_block(out.json.take()));
        self.line_base = line_base;
        self.renumber = out.first_line != Some(line_base);
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
            self.end_run();
            self.row = *row;
            return true;
        }
        if self.renumber {
            let mut json = self.spare.pop().unwrap_or_default();
            self.renumbered(row, &mut json);
            self.plain(Place::Copied(json));
            return false;
        }
        let (start, end) = (row.start as usize, row.end as usize);
        if self.run.2 > 0 && self.run.1 != start {
            self.end_run();
        }
        if self.run.2 == 0 {
            self.run.0 = start;
        }
        self.run.1 = end;
        self.run.2 += 1;
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
        self.latest = self.latest.max(r.ts.0);
        if self.wants_mrs {
            self.mrs.request(source, &r)?;
        }
        let place = if self.line_of(&row) != r.line {
            // Never expected: the record is not the row the hook wrote; its object anew.
            let mut json = self.spare.pop().unwrap_or_default();
            let fields = request::Fields::of(&r);
            self.memo.write(&self.frame, &mut json, &fields, r.line);
            Place::Copied(json)
        } else if self.renumber {
            let mut json = self.spare.pop().unwrap_or_default();
            self.renumbered(&row, &mut json);
            Place::Copied(json)
        } else {
            Place::Block(row.start as usize, (row.end as usize).saturating_sub(1))
        };
        // The back end's hop of a proxied call is no client's handshake (as in the report).
        if !self.wants_group || crate::pipeline::w3c_site::is_back_end(&r, self.folder_site) {
            self.plain(place);
            return Ok(true);
        }
        let role = request::leg_name(&r);
        self.held.insert(r.line, Held { place, role });
        self.grouper.request(source, &r)?;
        self.settle();
        // An authenticated request that closed nothing is no leg. A 401.1 without a logged
        // (or whole) code may be the challenge of an open handshake (the grouper decides): held too.
        let opens = match Leg::of_record(&r) {
            Leg::Anonymous | Leg::Challenge => true,
            Leg::Failure => Leg::code_unknown(&r),
            _ => false,
        };
        if !opens && let Some(held) = self.held.remove(&r.line) {
            self.plain(held.place);
        }
        Ok(true)
    }
}
