//! W3C lines read by live follow, parsed by the crate's W3C parser
//! ([`crate::parse::w3c::W3cParser`]) so followed rows read exactly like loaded ones.
//!
//! That parser reads a stream from its start; appended lines are fed to it with the file's
//! `#Fields:` line in force put in front, and the records' line numbers and offsets are moved
//! back to where the lines sit in the file. Instants get the clock the load gave the source
//! (a `--tz` override, then the skew).

use crate::analyze::handshake::{Handshake, HandshakeGrouper};
use crate::analyze::mrs::{MrsCollector, MrsRequest};
use crate::index::RequestIndex;
use crate::parse::w3c::W3cParser;
use crate::read::text::LineText;
use crate::record::{RequestSink, W3cRecord};
use crate::source::{SourceId, SourceInfo, SourceStats, ZoneOrigin};
use std::convert::Infallible;

/// The `#Fields:` directive in force at the follower's position, as written (no line end).
pub type FieldsLine = Option<Vec<u8>>;

/// The analysis sinks a followed W3C file keeps between polls: handshakes and MRS requests
/// found in appended lines (a handshake begun before following started is not completed).
#[derive(Debug)]
pub struct Followers {
    handshakes: HandshakeGrouper,
    mrs: MrsCollector,
}

impl Default for Followers {
    fn default() -> Self {
        Followers {
            handshakes: HandshakeGrouper::new(true),
            mrs: MrsCollector::new(),
        }
    }
}

impl Followers {
    /// Takes the handshakes finished and the MRS requests seen so far.
    pub fn take(&mut self) -> (Vec<Handshake>, Vec<MrsRequest>) {
        (self.handshakes.take_finished(), self.mrs.take())
    }
}

/// The last `#Fields:` line of `bytes`, if any.
pub fn last_fields_line(bytes: &[u8]) -> FieldsLine {
    bytes
        .split(|&b| b == b'\n')
        .rev()
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| l.starts_with(b"#Fields:"))
        .map(<[u8]>::to_vec)
}

/// Parses complete W3C lines: `bytes` starts at file offset `start` with physical line
/// `first_line`; `fields` is the directive in force before them and is updated by theirs.
/// Every data row goes to `index`, and to the analysis sinks when given; the counts come back.
pub fn parse_appended(
    bytes: &[u8],
    start: u64,
    first_line: u64,
    fields: &mut FieldsLine,
    info: &SourceInfo,
    index: &mut RequestIndex,
    sinks: Option<&mut Followers>,
) -> SourceStats {
    let mut stream = Vec::with_capacity(bytes.len() + 512);
    let mut head_lines = 0;
    if let Some(f) = fields.as_ref().filter(|_| start > 0) {
        stream.extend_from_slice(f);
        stream.push(b'\n');
        head_lines = 1;
    }
    let head_len = stream.len() as u64;
    stream.extend_from_slice(bytes);
    let mut sink = Shift {
        info,
        index,
        sinks,
        lines: first_line.saturating_sub(1 + head_lines),
        head_len,
        start,
    };
    let Ok(stats) = W3cParser::new(info.id)
        .kind(info.kind)
        .server_label(&info.server)
        .total(stream.len() as u64)
        .bytes(&stream, &mut sink);
    if let Some(f) = last_fields_line(bytes) {
        *fields = Some(f);
    }
    stats
}

/// Reads a W3C file again whole (after a rotation or truncation), the way the load read it.
pub fn reload(info: &SourceInfo) -> Result<RequestIndex, String> {
    let opened = crate::read::open(&info.path).map_err(|e| e.to_string())?;
    let mut index = RequestIndex::new(info.id, LineText::None);
    let mut sink = Shift {
        info,
        index: &mut index,
        sinks: None,
        lines: 0,
        head_len: 0,
        start: 0,
    };
    let (_, text) = W3cParser::new(info.id)
        .opened(opened, &mut sink)
        .map_err(|e| e.to_string())?;
    index.set_text(text);
    Ok(index)
}

/// Moves records from stream to file positions and onto the source's clock.
struct Shift<'a> {
    info: &'a SourceInfo,
    index: &'a mut RequestIndex,
    sinks: Option<&'a mut Followers>,
    /// Added to a stream line number (after the prepended directive).
    lines: u64,
    head_len: u64,
    start: u64,
}

impl RequestSink for Shift<'_> {
    type Row = ();
    type Block = ();
    type Error = Infallible;

    fn request(&mut self, _source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Infallible> {
        let mut r = *rec;
        r.line = rec.line + self.lines;
        r.offset = (rec.offset + self.start).saturating_sub(self.head_len);
        if self.info.zone_origin == ZoneOrigin::Override {
            r.ts = self.info.zone.local_to_utc(r.ts);
        }
        r.ts = r.ts.plus_ms(self.info.skew_ms);
        self.index.push(&r);
        if let Some(s) = self.sinks.as_deref_mut() {
            s.handshakes.request(self.info.id, &r)?;
            s.mrs.request(self.info.id, &r)?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Field;
    use crate::source::{SourceKind, TextEncoding};
    use crate::time::ZoneSpec;

    fn info(kind: SourceKind, skew_ms: i64) -> SourceInfo {
        SourceInfo {
            id: SourceId(1),
            path: "u_ex241105.log".into(),
            kind,
            encoding: TextEncoding::Utf8,
            server: "EX01".into(),
            zone: ZoneSpec::Fixed(0),
            zone_origin: ZoneOrigin::Utc,
            skew_ms,
            stats: SourceStats::default(),
            span: None,
        }
    }

    const FIELDS: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    const ROW: &str = "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 4";

    #[test]
    fn appended_rows_keep_their_file_lines_offsets_and_the_columns_in_force() {
        let mut idx = RequestIndex::new(SourceId(1), LineText::None);
        let mut fields = Some(FIELDS.as_bytes().to_vec());
        let chunk = format!("{ROW}\r\nnot a line\r\n");
        let s = parse_appended(
            chunk.as_bytes(),
            5000,
            9,
            &mut fields,
            &info(SourceKind::Iis, 1000),
            &mut idx,
            None,
        );
        assert_eq!((s.events, s.unparsed), (1, 1));
        assert_eq!(idx.line_no(0), 9);
        assert_eq!(idx.offset(0), 5000);
        assert_eq!(idx.status(0), (401, 1, 2_148_074_310));
        assert_eq!(idx.field(Field::Client, 0), "10.0.5.20");
        assert_eq!(idx.field(Field::Server, 0), "EX01");
        assert_eq!(
            idx.ts(0).rfc3339(),
            "2024-11-05T13:23:15.000Z",
            "skew applied"
        );

        let narrow = "#Fields: date time cs-uri-stem c-ip sc-status\n2024-11-05 13:24:00 /ecp/ 10.0.1.30 500\n";
        parse_appended(
            narrow.as_bytes(),
            6000,
            11,
            &mut fields,
            &info(SourceKind::Iis, 0),
            &mut idx,
            None,
        );
        assert_eq!(idx.line_no(1), 12);
        assert_eq!(
            idx.offset(1),
            6000 + narrow.find("2024").unwrap_or(0) as u64
        );
        assert_eq!(idx.field(Field::Uri, 1), "/ecp/");
        assert_eq!(
            fields.as_deref(),
            Some(&b"#Fields: date time cs-uri-stem c-ip sc-status"[..]),
            "the new directive is kept for the next chunk"
        );
        parse_appended(
            b"2024-11-05 13:24:01 /owa/ 10.0.1.31 200\n",
            7000,
            13,
            &mut fields,
            &info(SourceKind::Iis, 0),
            &mut idx,
            None,
        );
        assert_eq!(idx.field(Field::Client, 2), "10.0.1.31");
        assert_eq!((idx.line_no(2), idx.offset(2)), (13, 7000));
    }

    #[test]
    fn an_httperr_uri_is_split_into_stem_and_query() {
        let mut idx = RequestIndex::new(SourceId(2), LineText::None);
        let mut fields = Some(b"#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename".to_vec());
        let line = "2024-11-05 13:23:14 10.0.5.20 50000 10.0.0.5 443 HTTP/1.1 POST /EWS/mrsproxy.svc?x=1 400 - BadRequest -\n";
        parse_appended(
            line.as_bytes(),
            300,
            4,
            &mut fields,
            &info(SourceKind::Httperr, 0),
            &mut idx,
            None,
        );
        assert_eq!(idx.field(Field::Uri, 0), "/EWS/mrsproxy.svc");
        assert_eq!(idx.status(0).0, 400);
    }
}
