//! Data lines told by their shape, for files without a header: an HCW log entry's timestamp,
//! and the IIS and HTTPERR layouts of a W3C log whose directives were cut off.

use super::Detected;

/// `YYYY.MM.DD HH:MM:SS.fff ` at the start of a line; the time separator is the culture's
/// (`:`, or `.` as in fi-FI), the same twice.
pub(super) fn is_hcw_header(b: &[u8]) -> bool {
    const SHAPE: &[u8] = b"dddd.dd.dd ddtddtdd.ddd ";
    let sep = b.get(13).copied().filter(|c| matches!(c, b':' | b'.'));
    b.len() >= SHAPE.len()
        && SHAPE.iter().zip(b).all(|(&s, &c)| match s {
            b'd' => c.is_ascii_digit(),
            b't' => Some(c) == sep,
            _ => c == s,
        })
}

/// A data line of a file without header: the Exchange default IIS layout (15 fields), the
/// HTTPERR layout (13 fields, 12 on old systems without `s-queuename`), or other IIS fields in
/// IIS order ([`crate::parse::w3c::fields_of`]).
pub(super) fn headerless_w3c(line: &str) -> Option<Detected> {
    let f: Vec<&str> = line.split(' ').collect();
    if f.len() < 6 || !is_date(f[0]) || !is_time(f[1]) {
        return None;
    }
    let num = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let num_or_dash = |s: &str| s == "-" || num(s);
    if f.len() == 15 && num(f[11]) && num(f[12]) && num(f[13]) && num(f[14]) {
        return Some(Detected::Iis);
    }
    let httperr = (f.len() == 12 || f.len() == 13)
        && num_or_dash(f[3])
        && num_or_dash(f[5])
        && num_or_dash(f[9])
        && !num(f[11])
        && f[11] != "-";
    if httperr {
        return Some(Detected::Httperr);
    }
    // Another selection of IIS fields, in IIS order.
    crate::parse::w3c::fields_of(line).map(|_| Detected::Iis)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[..8].iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b':'
            } else {
                c.is_ascii_digit()
            }
        })
}
