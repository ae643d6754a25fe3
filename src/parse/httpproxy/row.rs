//! Turning one split CSV row into a [`ProxyRequest`] through the bound [`Columns`].

use super::ProxyRequest;
use super::columns::Columns;
use crate::source::SourceId;
use crate::time::UtcMs;
use std::borrow::Cow;

/// Builds the request of one row (None when `keep` declines its request id after the row was
/// checked), or says why it cannot.
pub fn build(
    fields: &[Cow<'_, str>],
    cols: &Columns,
    (source, line, offset): (SourceId, u64, u64),
    keep: &dyn Fn(&str) -> bool,
) -> Result<Option<ProxyRequest>, String> {
    if fields.len() != cols.count {
        return Err(format!(
            "{} values, #Fields names {}",
            fields.len(),
            cols.count
        ));
    }
    let field =
        |c: Option<usize>| -> &str { c.and_then(|i| fields.get(i)).map_or("", |v| v.trim()) };
    let get = |c: Option<usize>| -> String { field(c).to_string() };
    let ts = parse_instant(field(cols.date_time))
        .ok_or_else(|| "DateTime is not an ISO-8601 instant".to_string())?;
    if !keep(field(cols.request_id)) {
        return Ok(None);
    }
    Ok(Some(ProxyRequest {
        source,
        line,
        offset,
        ts,
        request_id: get(cols.request_id),
        protocol: get(cols.protocol),
        url_host: get(cols.url_host),
        url_stem: get(cols.url_stem),
        url_query: get(cols.url_query),
        authentication_type: get(cols.authentication_type),
        is_authenticated: parse_bool(&get(cols.is_authenticated)),
        authenticated_user: get(cols.authenticated_user),
        client_ip: get(cols.client_ip),
        server_host_name: get(cols.server_host_name),
        http_status: get(cols.http_status).parse().ok(),
        backend_status: get(cols.backend_status).parse().ok(),
        target_server: get(cols.target_server),
        generic_errors: get(cols.generic_errors),
        generic_info: get(cols.generic_info),
        method: get(cols.method),
        user_agent: get(cols.user_agent),
    }))
}

fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `2023-01-09T19:00:00.130Z` (UTC; fraction of any length, `Z` optional).
pub fn parse_instant(s: &str) -> Option<UtcMs> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = i32::try_from(num(0..4)?).ok()?;
    let mut rest = &b[19..];
    let mut ms = 0;
    if let Some((b'.', frac)) = rest.split_first() {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (k, d) in frac[..digits.min(3)].iter().enumerate() {
            ms += u32::from(d - b'0') * [100, 10, 1][k];
        }
        rest = &frac[digits..];
    }
    if !(rest.is_empty() || rest == b"Z") {
        return None;
    }
    UtcMs::from_civil(
        year,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
        ms,
    )
}

/// Whether a record is a valid row that `keep` declines: then nothing needs to be built or
/// allocated. False sends the record down the full path (which says why a row is bad).
pub fn valid_and_not_kept(record: &str, cols: &Columns, keep: &dyn Fn(&str) -> bool) -> bool {
    let (Some(stamp), Some(id)) = (
        plain_value(record, cols.date_time),
        plain_value(record, cols.request_id),
    ) else {
        return false;
    };
    let b = record.as_bytes();
    let count = if memchr::memchr(b'"', b).is_none() {
        Some(memchr::memchr_iter(b',', b).count() + 1)
    } else {
        super::csv::count_fields(record)
    };
    count == Some(cols.count) && parse_instant(stamp).is_some() && !keep(id)
}

/// The value of a column when it lies wholly before the record's first quote (so no unquoting
/// is needed), trimmed.
pub fn plain_value(record: &str, column: Option<usize>) -> Option<&str> {
    let i = column?;
    let quote = memchr::memchr(b'"', record.as_bytes());
    let plain = &record[..quote.unwrap_or(record.len())];
    let mut pieces = plain.split(',');
    let value = pieces.nth(i)?;
    // Without a later comma, the piece runs into the quoted value (unless there is no quote).
    (quote.is_none() || pieces.next().is_some()).then(|| value.trim())
}
