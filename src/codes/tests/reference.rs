//! Cross-checks of every table row against the reference document
//! (`shared/docs/log-formats.md` §4, read when present next to the repository), so a typo in a
//! hex value, name or range cannot slip in; each test skips with a note when it is absent.

use super::super::*;
use regex::Regex;

const DOC_CANDIDATES: &[&str] = &[
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/docs/log-formats.md"),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/docs/log-formats.md"
    ),
];

fn reference_doc() -> Option<String> {
    let found = DOC_CANDIDATES
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok());
    if found.is_none() {
        eprintln!("note: log-formats.md not found next to the repository; cross-check skipped");
    }
    found
}

/// The part of the document between two headings.
fn section<'a>(doc: &'a str, start: &str, end: &str) -> &'a str {
    let from = doc.find(start).expect("section start");
    let to = doc[from..].find(end).map_or(doc.len(), |i| from + i);
    &doc[from..to]
}

#[test]
fn sspi_table_matches_the_reference_row_by_row() {
    let Some(doc) = reference_doc() else { return };
    let rows = Regex::new(r"(?m)^\| (SEC_[EI]_\w+) \| 0x([0-9A-F]{8}) \| (\d+) \| (-?\d+) \|")
        .expect("re");
    let mut seen = 0;
    for cap in rows.captures_iter(section(&doc, "### 4.3", "### 4.4")) {
        let info = sspi::TABLE
            .iter()
            .find(|i| i.name == &cap[1])
            .unwrap_or_else(|| panic!("{} missing", &cap[1]));
        assert_eq!(info.hex(), format!("0x{}", &cap[2]), "{}", &cap[1]);
        assert_eq!(info.value.to_string(), cap[3], "{}", &cap[1]);
        assert_eq!(info.signed().to_string(), cap[4], "{}", &cap[1]);
        seen += 1;
    }
    assert_eq!(
        seen,
        sspi::TABLE.len(),
        "every SSPI row of §4.3 and no other"
    );
    for (alias, target) in sspi::ALIASES {
        assert_eq!(by_name(alias).map(|i| i.name), Some(*target));
    }
}

#[test]
fn win32_table_matches_the_reference() {
    let Some(doc) = reference_doc() else { return };
    let rows = Regex::new(r"(?m)^\| ([\d /]+) \| ((?:ERROR|WSAE)[A-Z_ /]+) \|").expect("re");
    let mut seen = 0;
    for cap in rows.captures_iter(section(&doc, "### 4.2", "### 4.3")) {
        let numbers: Vec<u32> = cap[1]
            .split(" / ")
            .map(|n| n.trim().parse().expect("number"))
            .collect();
        let names: Vec<&str> = cap[2].split(" / ").map(str::trim).collect();
        assert_eq!(numbers.len(), names.len(), "{}", &cap[0]);
        for (number, name) in numbers.iter().zip(&names) {
            let full = if name.starts_with("ERROR_") || name.starts_with("WSAE") {
                (*name).to_string()
            } else {
                format!("ERROR_{name}")
            };
            assert_eq!(
                win32::lookup(*number).map(|i| i.name),
                Some(full.as_str()),
                "{number}"
            );
            seen += 1;
        }
    }
    assert_eq!(
        seen,
        win32::TABLE.len(),
        "every Win32/WSA row of §4.2 and no other"
    );
}

#[test]
fn certificate_and_ntstatus_values_match_the_reference() {
    let Some(doc) = reference_doc() else { return };
    let cert = Regex::new(r"((?:CRYPT|CERT)_E_\w+) 0x([0-9A-F]{8}) = (\d+)").expect("re");
    let nt = Regex::new(r"(STATUS_\w+) 0x([0-9A-F]{8}) \((\d+)\)").expect("re");
    let mut seen = 0;
    for cap in cert.captures_iter(&doc).chain(nt.captures_iter(&doc)) {
        let info = by_name(&cap[1]).unwrap_or_else(|| panic!("{} missing", &cap[1]));
        assert_eq!(info.hex(), format!("0x{}", &cap[2]));
        assert_eq!(info.value.to_string(), cap[3]);
        seen += 1;
    }
    assert!(seen >= 8, "found only {seen} certificate/NTSTATUS mentions");
}

#[test]
fn every_iis_code_and_range_of_the_reference_has_a_row() {
    let Some(doc) = reference_doc() else { return };
    let part = section(&doc, "### 4.1", "Exchange note:");
    let first_cell = Regex::new(r"(?m)^\| ([0-9][0-9.–/ ]*[0-9]) \|").expect("re");
    let mut expected = Vec::new();
    for cap in first_cell.captures_iter(part) {
        let mut status = 0u16;
        for piece in cap[1].split('/').map(str::trim) {
            let (from, to) = piece.split_once('–').unwrap_or((piece, piece));
            let (s, from_sub) = from.split_once('.').expect("dotted");
            if !s.is_empty() {
                status = s.parse().expect("status");
            }
            let to_sub = to.rsplit('.').next().expect("sub");
            let (a, b): (u16, u16) = (from_sub.parse().expect("sub"), to_sub.parse().expect("sub"));
            expected.extend((a..=b).map(|sub| (status, sub)));
        }
    }
    assert!(
        expected.len() >= 100,
        "parsed only {} codes",
        expected.len()
    );
    let rows: Vec<(u16, u16)> = iis::rows().map(|(s, sub, _)| (s, sub)).collect();
    for code in &expected {
        assert!(rows.contains(code), "{}.{} has no row", code.0, code.1);
        assert_eq!(iis_info(code.0, code.1).map(|i| i.exact), Some(true));
    }
}

#[test]
fn every_httperr_reason_of_the_reference_is_known_with_its_status() {
    let Some(doc) = reference_doc() else { return };
    let rows = Regex::new(
        r"(?m)^\| ([A-Za-z_/]+[A-Za-z]|N/A|N/I|Invalid_CR/LF|Version_N/S) \| ([^|]+) \|",
    )
    .expect("re");
    let mut seen = 0;
    for cap in rows.captures_iter(section(&doc, "### 4.4", "### 4.5")) {
        let row = httperr_reason(&cap[1]).unwrap_or_else(|| panic!("{} missing", &cap[1]));
        let documented = cap[2].trim();
        let status = documented.trim_end_matches("[U]").trim();
        match row.status {
            None => assert_eq!(status, "-", "{}", row.reason),
            Some(s) => assert_eq!(s, status, "{}", row.reason),
        }
        assert_eq!(
            row.status_documented,
            !documented.contains("[U]"),
            "{}",
            row.reason
        );
        seen += 1;
    }
    assert_eq!(seen, httperr::TABLE.len(), "every §4.4 reason and no other");
}

#[test]
fn every_hcw_code_mentioned_in_the_reference_is_known() {
    let Some(doc) = reference_doc() else { return };
    let codes = Regex::new(r"HCW\d{4}").expect("re");
    let mut mentioned: Vec<&str> = codes.find_iter(&doc).map(|m| m.as_str()).collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    assert!(mentioned.len() >= 6);
    for code in mentioned {
        assert_eq!(hcw_code(code).map(|c| c.code), Some(code));
    }
}
