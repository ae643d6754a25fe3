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
        if part.is_empty() {
            return None;
        }
        part.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
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

/// Checks stamps as [`parse_instant`] does, remembering the last valid date and hour: rows of
/// the same hour then only need their minutes, seconds, fraction and zone checked.
#[derive(Debug, Default)]
pub struct InstantCheck {
    hour: Option<[u8; 13]>,
}

impl InstantCheck {
    /// Whether [`parse_instant`] accepts `stamp`.
    pub fn valid(&mut self, stamp: &str) -> bool {
        let b = stamp.as_bytes();
        if let (Some(head), Some(last)) = (b.get(..13), self.hour.as_ref())
            && head == last
        {
            return b.len() >= 19
                && b[13] == b':'
                && b[16] == b':'
                && two_digits(b[14], b[15]).is_some_and(|m| m <= 59)
                && two_digits(b[17], b[18]).is_some_and(|s| s <= 60)
                && fraction_and_zone(&b[19..]);
        }
        let ok = parse_instant(stamp).is_some();
        if ok {
            self.hour = b.get(..13).and_then(|h| <[u8; 13]>::try_from(h).ok());
        }
        ok
    }
}

/// Two ASCII digits as a number.
fn two_digits(hi: u8, lo: u8) -> Option<u8> {
    (hi.is_ascii_digit() && lo.is_ascii_digit()).then(|| (hi - b'0') * 10 + (lo - b'0'))
}

/// What [`parse_instant`] accepts after the seconds: `.digits` (at least one), then nothing or
/// `Z`.
fn fraction_and_zone(rest: &[u8]) -> bool {
    // Exchange writes milliseconds and `Z`: `.123Z`.
    if let [b'.', a, b, c, b'Z'] = rest {
        return a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit();
    }
    let rest = match rest.split_first() {
        Some((b'.', frac)) => {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            &frac[digits..]
        }
        _ => rest,
    };
    rest.is_empty() || rest == b"Z"
}

/// Whether a record is a valid row that `keep` declines: then nothing needs to be built or
/// allocated. False sends the record down the full path (which says why a row is bad).
/// `quoted`: whether the record holds a `"` at all.
pub fn valid_and_not_kept(
    record: &str,
    quoted: bool,
    cols: &Columns,
    keep: &dyn Fn(&str) -> bool,
    instants: &mut InstantCheck,
) -> bool {
    let (Some(at_stamp), Some(at_id)) = (cols.date_time, cols.request_id) else {
        return false;
    };
    let b = record.as_bytes();
    // Before the first quote no value is quoted: commas there separate values.
    let quote = if quoted {
        memchr::memchr(b'"', b)
    } else {
        None
    };
    let plain = quote.unwrap_or(b.len());
    let last = at_stamp.max(at_id);
    let (mut stamp, mut id) = ("", "");
    let mut commas = memchr::memchr_iter(b',', &b[..plain]);
    let mut start = 0;
    for field in 0..=last {
        let end = match commas.next() {
            Some(i) => i,
            // Without quotes the last value may end the record; before a quote it would run
            // into the quoted value.
            None if quote.is_none() && field == last => plain,
            None => return false,
        };
        if field == at_stamp {
            stamp = &record[start..end];
        }
        if field == at_id {
            id = &record[start..end];
        }
        start = end + 1;
    }
    let count = match quote {
        Some(_) => super::csv::count_fields(record),
        None if start > b.len() => Some(last + 1),
        // One value after the comma that ended the last wanted one, and one after each comma
        // left.
        None => Some(last + 2 + super::csv::count_commas(&b[start..])),
    };
    count == Some(cols.count) && instants.valid(trim(stamp)) && !keep(trim(id))
}

/// `str::trim`, answered without decoding characters when both ends are visible ASCII.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
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
