//! W3C lines read by live follow: the `#Fields:` column map and a parser for complete lines
//! appended to a file (IIS and HTTPERR), feeding a [`RequestIndex`] of just the new rows.
//!
//! `crate::parse::w3c` will own W3C parsing; until it offers a resumable entry point this is
//! the follower's own minimal parser: directives re-bind the columns, `-` is empty, times are
//! UTC with second resolution, bad lines are counted and skipped.

use crate::index::RequestIndex;
use crate::record::W3cRecord;
use crate::time::UtcMs;

/// Where the fields the index keeps sit in a data line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    date: Option<usize>,
    time: Option<usize>,
    computer: Option<usize>,
    s_ip: Option<usize>,
    method: Option<usize>,
    uri_stem: Option<usize>,
    uri: Option<usize>,
    uri_query: Option<usize>,
    s_port: Option<usize>,
    user: Option<usize>,
    c_ip: Option<usize>,
    c_port: Option<usize>,
    agent: Option<usize>,
    referer: Option<usize>,
    host: Option<usize>,
    status: Option<usize>,
    substatus: Option<usize>,
    win32: Option<usize>,
    time_taken: Option<usize>,
    reason: Option<usize>,
    forwarded: Option<usize>,
}

impl Columns {
    /// The columns of a `#Fields:` directive line (None for any other line).
    pub fn parse(line: &str) -> Option<Columns> {
        let rest = line
            .trim_end_matches(['\r', '\n'])
            .strip_prefix("#Fields:")?;
        let mut c = Columns::default();
        for (i, name) in rest.split_ascii_whitespace().enumerate() {
            let slot = match name.to_ascii_lowercase().as_str() {
                "date" => &mut c.date,
                "time" => &mut c.time,
                "s-computername" => &mut c.computer,
                "s-ip" => &mut c.s_ip,
                "cs-method" => &mut c.method,
                "cs-uri-stem" => &mut c.uri_stem,
                "cs-uri" => &mut c.uri,
                "cs-uri-query" => &mut c.uri_query,
                "s-port" => &mut c.s_port,
                "cs-username" => &mut c.user,
                "c-ip" => &mut c.c_ip,
                "c-port" => &mut c.c_port,
                "cs(user-agent)" => &mut c.agent,
                "cs(referer)" | "cs(referrer)" => &mut c.referer,
                "cs-host" => &mut c.host,
                "sc-status" => &mut c.status,
                "sc-substatus" => &mut c.substatus,
                "sc-win32-status" => &mut c.win32,
                "time-taken" => &mut c.time_taken,
                "s-reason" => &mut c.reason,
                "x-forwarded-for" => &mut c.forwarded,
                _ => continue,
            };
            *slot = Some(i);
        }
        Some(c)
    }
}

/// What parsing appended lines did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Data rows added to the index.
    pub rows: u64,
    /// Lines that were neither a directive nor a readable data row.
    pub bad: u64,
}

/// Parses complete W3C lines: `bytes` starts at file offset `start` with physical line
/// `first_line`; directives update `columns`; every data row goes to `index` with its instant
/// shifted by `skew_ms` and `server` as its server unless the line names one.
pub fn parse_appended(
    bytes: &[u8],
    start: u64,
    first_line: u64,
    columns: &mut Option<Columns>,
    server: &str,
    skew_ms: i64,
    index: &mut RequestIndex,
) -> Parsed {
    let mut out = Parsed::default();
    let mut offset = start;
    let body = if start == 0 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    offset += (bytes.len() - body.len()) as u64;
    for (line_no, raw) in (first_line..).zip(body.split_inclusive(|&b| b == b'\n')) {
        let text = String::from_utf8_lossy(raw);
        let line = text.trim_end_matches(['\r', '\n']);
        if line.starts_with('#') {
            if let Some(c) = Columns::parse(line) {
                *columns = Some(c);
            }
        } else if !line.trim().is_empty() {
            match columns.as_ref().and_then(|c| record(c, line, server)) {
                Some(mut rec) => {
                    rec.line = line_no;
                    rec.offset = offset;
                    rec.ts = rec.ts.plus_ms(skew_ms);
                    index.push(&rec);
                    out.rows += 1;
                }
                None => out.bad += 1,
            }
        }
        offset += raw.len() as u64;
    }
    out
}

fn record<'a>(c: &Columns, line: &'a str, server: &'a str) -> Option<W3cRecord<'a>> {
    let fields: Vec<&str> = line.split(' ').collect();
    let get = |col: Option<usize>| {
        col.and_then(|i| fields.get(i))
            .map(|v| if *v == "-" { "" } else { *v })
            .unwrap_or("")
    };
    let num = |col: Option<usize>| get(col).parse::<u32>().ok();
    let ts = stamp(get(c.date), get(c.time))?;
    let (uri_stem, uri_query) = match (c.uri_stem, c.uri) {
        (Some(_), _) => (get(c.uri_stem), get(c.uri_query)),
        (None, Some(_)) => {
            let uri = get(c.uri);
            uri.split_once('?').unwrap_or((uri, ""))
        }
        (None, None) => ("", ""),
    };
    let computer = get(c.computer);
    Some(W3cRecord {
        ts,
        server: if computer.is_empty() {
            server
        } else {
            computer
        },
        server_ip: get(c.s_ip),
        method: get(c.method),
        uri_stem,
        uri_query,
        server_port: get(c.s_port),
        username: get(c.user),
        client_ip: get(c.c_ip),
        client_port: get(c.c_port),
        forwarded_for: get(c.forwarded),
        user_agent: get(c.agent),
        referer: get(c.referer),
        host: get(c.host),
        status: get(c.status).parse().ok(),
        substatus: get(c.substatus).parse().ok(),
        win32: num(c.win32),
        time_taken: num(c.time_taken),
        reason: get(c.reason),
        text: line,
        ..Default::default()
    })
}

/// `2024-11-05` + `13:23:14` (optionally with a fraction) as UTC.
fn stamp(date: &str, time: &str) -> Option<UtcMs> {
    let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, mo, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':').map(|p| p.parse::<u32>().ok());
    let (h, mi, s) = (t.next()??, t.next()??, t.next()??);
    let ms = frac
        .get(..frac.len().min(3))
        .filter(|f| !f.is_empty())
        .and_then(|f| format!("{f:0<3}").parse::<u32>().ok())
        .unwrap_or(0);
    crate::time::naive_ms(i32::try_from(y).ok()?, mo, day, h, mi, s, ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Field;
    use crate::index::text::LineText;
    use crate::source::SourceId;

    const IIS: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 4\r\nnot a line\r\n";

    #[test]
    fn parses_rows_after_the_fields_directive_with_offsets_and_lines() {
        let mut idx = RequestIndex::new(SourceId(1), LineText::None);
        let mut cols = None;
        let p = parse_appended(IIS.as_bytes(), 100, 7, &mut cols, "EX01", 1000, &mut idx);
        assert_eq!(p, Parsed { rows: 1, bad: 1 });
        assert_eq!(idx.line_no(0), 9);
        let first_two = IIS.find("2024").unwrap() as u64;
        assert_eq!(idx.offset(0), 100 + first_two);
        assert_eq!(idx.status(0), (401, 1, 2_148_074_310));
        assert_eq!(idx.field(Field::Client, 0), "10.0.5.20");
        assert_eq!(idx.field(Field::Server, 0), "EX01");
        assert_eq!(idx.ts(0).rfc3339(), "2024-11-05T13:23:15.000Z");
        let more = "2024-11-05 13:23:20 10.0.0.5 GET /ecp/ - 443 CONTOSO\\admin 10.0.1.30 Mozilla/5.0 - 200 0 0 120\n";
        parse_appended(more.as_bytes(), 500, 11, &mut cols, "EX01", 0, &mut idx);
        assert_eq!(idx.field(Field::User, 1), "CONTOSO\\admin");
        assert_eq!(idx.line_no(1), 11);
    }

    #[test]
    fn httperr_uri_is_split_and_rows_without_fields_are_bad() {
        let mut idx = RequestIndex::new(SourceId(2), LineText::None);
        let mut cols = None;
        let line = "2024-11-05 13:23:14 10.0.5.20 50000 10.0.0.5 443 HTTP/1.1 POST /EWS/mrsproxy.svc?x=1 400 - BadRequest -\n";
        assert_eq!(
            parse_appended(line.as_bytes(), 0, 1, &mut cols, "EX01", 0, &mut idx).bad,
            1
        );
        let head = "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n";
        let text = format!("{head}{line}");
        parse_appended(text.as_bytes(), 0, 1, &mut cols, "EX01", 0, &mut idx);
        assert_eq!(idx.field(Field::Uri, 0), "/EWS/mrsproxy.svc");
        assert_eq!(idx.status(0).0, 400);
    }
}
