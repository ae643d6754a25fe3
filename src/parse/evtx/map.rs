//! The pure mapping from one record's JSON value (as the `evtx` crate renders it) to a typed
//! [`SecurityEvent`].
//!
//! The value looks like `{"Event": {"System": {...}, "EventData": {...}}}`. XML attributes sit
//! under `#attributes`, an element with both attributes and text keeps the text in `#text`
//! (`EventID` with `Qualifiers`), and typed values arrive as JSON numbers or strings (`LogonType`
//! `3`, `Status` `"0xc000006d"`). Every shape is accepted; a missing field is `None`.

use super::event::{SecurityEvent, SecurityEventKind};
use crate::time::UtcMs;
use serde_json::Value;

/// What one record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// A 4624, 4625 or 4776 event.
    Security(Box<SecurityEvent>),
    /// Another event id: only counted.
    Other(u32),
}

/// The computer a record's `System` names (any event id), if any.
pub fn record_computer(value: &Value) -> Option<String> {
    value
        .get("Event")?
        .get("System")?
        .get("Computer")
        .and_then(text_value)
}

/// Maps one record; `Err` says why it is not an event at all.
pub fn map_record(value: &Value) -> Result<Mapped, &'static str> {
    let event = value.get("Event").ok_or("no Event element")?;
    let system = event.get("System").ok_or("no System element")?;
    let id = system
        .get("EventID")
        .and_then(number)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or("no EventID")?;
    let Some(kind) = SecurityEventKind::from_id(id) else {
        return Ok(Mapped::Other(id));
    };
    let time = system
        .get("TimeCreated")
        .and_then(|t| attribute(t, "SystemTime"))
        .and_then(parse_system_time)
        .ok_or("no readable TimeCreated")?;
    let data = event.get("EventData");
    let field = |name: &str| data.and_then(|d| d.get(name));
    let text = |name: &str| field(name).and_then(text_value);
    let code = |name: &str| {
        field(name)
            .and_then(number)
            .and_then(|n| u32::try_from(n).ok())
    };
    let credential = kind == SecurityEventKind::CredentialValidation;
    Ok(Mapped::Security(Box::new(SecurityEvent {
        kind,
        record_id: system
            .get("EventRecordID")
            .and_then(number)
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
        time,
        computer: system.get("Computer").and_then(text_value),
        user: text("TargetUserName"),
        domain: text("TargetDomainName"),
        logon_type: code("LogonType"),
        auth_package: if credential {
            text("PackageName")
        } else {
            text("AuthenticationPackageName")
        },
        lm_package: text("LmPackageName"),
        workstation: if credential {
            text("Workstation")
        } else {
            text("WorkstationName")
        },
        // `::ffff:10.0.5.20` is the IPv4 client, as the IIS side reads it.
        ip: text("IpAddress").map(|a| {
            let v4 = crate::parse::w3c::unmapped(a.as_bytes()).len();
            a.get(a.len() - v4..).map_or(a.clone(), str::to_string)
        }),
        port: code("IpPort")
            .and_then(|p| u16::try_from(p).ok())
            .filter(|&p| p != 0),
        status: code("Status"),
        sub_status: code("SubStatus"),
        source: crate::source::SourceId::default(),
        line: 0,
    })))
}

/// The element's own value: itself, or its `#text` when it also has attributes.
fn own(value: &Value) -> &Value {
    match value {
        Value::Object(map) => map.get("#text").unwrap_or(value),
        _ => value,
    }
}

/// An attribute of an element (`#attributes`), or a plain member of the same name.
fn attribute<'a>(element: &'a Value, name: &str) -> Option<&'a str> {
    element
        .get("#attributes")
        .and_then(|a| a.get(name))
        .or_else(|| element.get(name))
        .and_then(Value::as_str)
}

/// A text value; `-` and empty mean absent.
fn text_value(value: &Value) -> Option<String> {
    let s = match own(value) {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty() && s != "-").then_some(s)
}

/// A number written as a JSON number, a decimal string or a `0x` hexadecimal string.
fn number(value: &Value) -> Option<i64> {
    match own(value) {
        Value::Number(n) => n.as_i64().or_else(|| n.as_u64().map(|u| u as i64)),
        Value::String(s) => parse_number(s.trim()),
        _ => None,
    }
}

/// Parses `1234`, `0xC000006D` or `0XC000006D`.
pub fn parse_number(s: &str) -> Option<i64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}

/// Parses `2016-06-29T12:38:52.123456Z` (fraction optional, any number of digits; UTC).
pub fn parse_system_time(s: &str) -> Option<UtcMs> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = i32::try_from(n(0..4)?).ok()?;
    let mut ms = 0;
    let rest = s.get(19..)?;
    let rest = match rest.strip_prefix('.') {
        Some(frac) => {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let first3: String = frac[..digits].chars().chain("00".chars()).take(3).collect();
            ms = first3.parse().ok()?;
            &frac[digits..]
        }
        None => rest,
    };
    if !matches!(rest, "" | "Z" | "z" | "+00:00") {
        return None;
    }
    UtcMs::from_civil(
        year,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
        ms,
    )
}
