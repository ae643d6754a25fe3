//! The server label of a W3C file when its lines do not name the server: taken from the folders
//! logs are kept in (`EX01/W3SVC1/u_ex241105.log` → `EX01/W3SVC1`).
//!
//! A label always ends in the site (or `HTTPERR`) folder, so it can never be mistaken for a
//! computer name logged in `s-computername`: [`is_folder_label`] tells them apart. Folder names
//! are display labels only; they never name a server in a command.

use super::Detected;
use std::path::{Component, Path};

/// Folder names that say nothing about the server (standard Windows log locations).
const GENERIC: &[&str] = &[
    "logfiles", "logs", "log", "inetpub", "system32", "windows", "iis", "w3c",
];

/// How many folders above the site folder are searched for a server name.
const UP: usize = 4;

/// `<server>/W3SVCn` for IIS files in a `W3SVCn` folder, `<server>/HTTPERR` for HTTPERR files
/// in an `HTTPERR` folder (just the folder name when no better ancestor exists), else empty.
pub fn server_label(path: &Path, kind: &Detected) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let names: Vec<&str> = full
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    // names = [..ancestors, folder, file]
    let Some((folder, above)) = names.len().checked_sub(2).map(|i| (names[i], &names[..i])) else {
        return String::new();
    };
    let fits = match kind {
        Detected::Iis | Detected::W3c => is_site_folder(folder),
        Detected::Httperr => folder.eq_ignore_ascii_case("HTTPERR"),
        _ => false,
    };
    if !fits {
        return String::new();
    }
    let server = above
        .iter()
        .rev()
        .take(UP)
        .find(|n| !GENERIC.iter().any(|g| g.eq_ignore_ascii_case(n)));
    match server {
        Some(s) => format!("{s}/{folder}"),
        None => folder.to_string(),
    }
}

/// Whether a server label came from the folders (`EX01/W3SVC1`, `W3SVC1`, `EX03/HTTPERR`)
/// rather than from a log line.
pub fn is_folder_label(label: &str) -> bool {
    let last = label.rsplit(['/', '\\']).next().unwrap_or(label);
    label.contains(['/', '\\']) || is_site_folder(last) || last.eq_ignore_ascii_case("HTTPERR")
}

/// The `s-computername` the first data line of a W3C file's head logs under its `#Fields`
/// (empty when none): the server the other files of its site folder were written by too.
/// Only whole lines are read (the head may end inside one).
pub fn head_computer(head: &[u8]) -> String {
    head_value(head, "s-computername")
}

/// The value of W3C field `field` on the first data line of a file's head that logs it (not
/// `-`) under its `#Fields`; empty when none. Only whole lines are read.
pub fn head_value(head: &[u8], field: &str) -> String {
    let mut first = String::new();
    head_values(head, field, |v| {
        first = String::from_utf8_lossy(v).into_owned();
        false
    });
    first
}

/// How many data lines of a head [`head_addresses`] reads (a day's log repeats its few).
const ADDRESS_LINES: usize = 64;

/// The server addresses (`s-ip`) the first data lines of a W3C file's head log, each once, in
/// order, at most `max`; an IPv6 zone id dropped, as the parser drops it (HTTP.sys writes
/// `fe80::5%12` where IIS writes `fe80::5`). Only whole lines are read.
pub fn head_addresses(head: &[u8], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut lines = 0;
    head_values(head, "s-ip", |v| {
        let v = crate::parse::w3c::zone_at(v).map_or(v, |at| &v[..at]);
        let v = String::from_utf8_lossy(v);
        if !out.iter().any(|o| *o == v) {
            out.push(v.into_owned());
        }
        lines += 1;
        out.len() < max && lines < ADDRESS_LINES
    });
    out
}

/// Hands `each` the values of W3C field `field` (not `-`) of the head's whole data lines that
/// log it under their `#Fields`, until it returns false.
fn head_values(head: &[u8], field: &str, mut each: impl FnMut(&[u8]) -> bool) {
    let mut at: Option<usize> = None;
    // A line ends in CRLF, LF or a bare CR (`read::ends`).
    for (start, end, ended) in super::ends::lines(head) {
        if !ended {
            break;
        }
        let line = &head[start..end];
        let line = line
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(line)
            .trim_ascii();
        if line.is_empty() {
            continue;
        }
        if line[0] == b'#' {
            if line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"#Fields:") {
                at = String::from_utf8_lossy(&line[8..])
                    .split_ascii_whitespace()
                    .position(|n| n.eq_ignore_ascii_case(field));
            }
            continue;
        }
        let Some(i) = at else {
            continue;
        };
        if let Some(v) = crate::parse::w3c::value_at(line, i).filter(|v| *v != b"-")
            && !each(v)
        {
            return;
        }
    }
}

/// The folder above the site folder of a folder label (`EX01/W3SVC1` → `EX01`), for display.
pub fn folder_server(label: &str) -> Option<&str> {
    if !is_folder_label(label) {
        return None;
    }
    let (head, _) = label.rsplit_once(['/', '\\'])?;
    (!head.is_empty()).then_some(head)
}

/// The IIS site id of a folder label's site folder (`EX01/W3SVC2` → 2); `None` for labels of
/// other folders and for computer names.
pub fn site_id(label: &str) -> Option<u32> {
    let last = label.rsplit(['/', '\\']).next().unwrap_or(label);
    site_digits(last)?.parse().ok()
}

/// `W3SVC` followed by a site id, also as a copy names it (`W3SVC1 (2)`, `W3SVC1 - Copy`,
/// `W3SVC1_old`: the id then a mark that is not a letter or digit).
fn is_site_folder(name: &str) -> bool {
    site_digits(name).is_some()
}

/// The site id's digits of a site folder's name.
fn site_digits(name: &str) -> Option<&str> {
    let head = name.get(..5)?;
    if !head.eq_ignore_ascii_case("W3SVC") {
        return None;
    }
    let rest = &name[5..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let copy_mark = rest[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (end > 0 && copy_mark).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::{head_addresses, is_folder_label, site_id};

    #[test]
    fn a_site_folder_is_known_also_as_a_copy_names_it() {
        for (label, id) in [
            ("EX01/W3SVC1", 1),
            ("W3SVC2", 2),
            ("EX01/W3SVC1 (2)", 1),
            ("EX01/W3SVC1 - Copy", 1),
            ("EX01/w3svc2_old", 2),
        ] {
            assert!(is_folder_label(label), "{label}");
            assert_eq!(site_id(label), Some(id), "{label}");
        }
        for name in ["W3SVC", "W3SVC1x", "W3SVCx1", "EXCH01"] {
            assert!(!is_folder_label(name), "{name}");
            assert_eq!(site_id(name), None, "{name}");
        }
    }

    #[test]
    fn the_head_s_server_addresses_each_once_without_zone_id() {
        let head = b"#Fields: date time c-ip c-port s-ip s-port\r\n\
                     2024-11-05 10:00:00 10.0.5.20 5000 10.0.0.5 443\r\n\
                     2024-11-05 10:00:01 fe80::20%12 5001 fe80::5%12 443\r\n\
                     2024-11-05 10:00:02 10.0.5.21 5002 10.0.0.5 443\r\n\
                     2024-11-05 10:00:03 10.0.5.22 5003 - 443\r\n\
                     2024-11-05 10:00:04 10.0.5.22 5004 10.0.0.6 4";
        assert_eq!(head_addresses(head, 8), ["10.0.0.5", "fe80::5"]);
        assert_eq!(head_addresses(head, 1), ["10.0.0.5"]);
        assert!(head_addresses(b"#Fields: date time s-computername\r\n", 8).is_empty());
        // Only the first lines are read.
        let mut long = b"#Fields: date time s-ip\n".to_vec();
        for i in 0..200 {
            let ip = if i < 100 { "10.0.0.5" } else { "10.0.0.6" };
            long.extend_from_slice(format!("2024-11-05 10:00:00 {ip}\n").as_bytes());
        }
        assert_eq!(head_addresses(&long, 8), ["10.0.0.5"]);
    }
}
