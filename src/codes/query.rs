//! Parsing what a user types after `hcwlens decode`: numbers in any notation, IIS status
//! triples, HTTPERR line tails, symbolic names, HCW codes and HTTPERR reasons.

use super::http::is_registered;
use super::iis::{IisInfo, iis_info};
use super::leg::{LegNote, leg_note};
use super::{CodeInfo, by_name, by_name_suffix, hcw_code, hex, httperr_reason, resolve, signed};
use super::{HcwCode, HttpErrReason};
use crate::escape::escape_control;
use serde::Serialize;

mod httperr;

/// How a numeric input reached its table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The value itself is in a table.
    Direct,
    /// Eight bare digits not known as decimal, read as hex (`80090346`).
    HexDigits,
    /// `0x8007xxxx` = `HRESULT_FROM_WIN32` of the Win32 code in the low 16 bits.
    Win32InHresult,
}

/// A numeric code and its table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeMatch {
    /// The value decoded (for [`Via::Win32InHresult`] the full HRESULT, not the Win32 code).
    pub value: u32,
    /// The table row.
    pub info: &'static CodeInfo,
    /// How the input was read.
    pub via: Via,
}

/// An IIS status, optionally with substatus and `sc-win32-status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IisMatch {
    /// `sc-status`.
    pub status: u16,
    /// `sc-substatus`, when given.
    pub substatus: Option<u16>,
    /// Meaning of `status.substatus` (substatus 0 when not given).
    pub info: IisInfo,
    /// `sc-win32-status`, when given.
    pub win32: Option<u32>,
    /// Its table row, when known.
    pub win32_code: Option<CodeMatch>,
    /// What the whole triple means, when it is a known pattern.
    pub note: Option<&'static LegNote>,
}

/// One decoded item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Decoded {
    /// Win32 / Winsock / SSPI / certificate / NTSTATUS code.
    Code(CodeMatch),
    /// IIS status (with substatus and win32 status when given).
    Iis(IisMatch),
    /// HTTPERR `s-reason`.
    HttpErr(&'static HttpErrReason),
    /// HCW code.
    Hcw(&'static HcwCode),
}

const EXAMPLES: &str = "try e.g. 2148074310, 0x80090346, -2146892986, 401.1, \
     \"401 1 2148074310\", 1326, SEC_E_BAD_BINDINGS, HCW8078 or Timer_ConnectionIdle";

/// Decodes one argument or a whole line. Whitespace-separated tokens are decoded one by one,
/// except that an HTTP status followed by numbers is read as an IIS triple `status substatus
/// win32` (or `status.substatus win32`, or the pair `status substatus`) and an HTTPERR tail
/// `status siteid reason [queue]` as its status and reason; a comma or semicolon
/// ends an item (`401.1, 401 1 2148074254` is two). Any token that cannot be decoded makes the
/// whole call fail with a message naming it.
pub fn decode_query(input: &str) -> Result<Vec<Decoded>, String> {
    let groups: Vec<Vec<&str>> = input.split([',', ';']).map(tokens).collect();
    decode_groups(&groups)
}

/// Decodes the arguments of `hcwlens decode`: an argument that holds several tokens (quoted,
/// `"401 1 2148074254"`) is read on its own, as [`decode_query`] reads a line, so that its
/// tokens never pair with a neighbour's; arguments of one token each are read together, so
/// that `decode 401 1 2148074310` unquoted is still the triple.
pub fn decode_args(args: &[String]) -> Result<Vec<Decoded>, String> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut loose = false;
    for arg in args {
        let parts: Vec<Vec<&str>> = arg.split([',', ';']).map(tokens).collect();
        // One token and no comma (`,1326` ends the item before it, as a quoted one does).
        let single = matches!(parts.as_slice(), [one] if one.len() == 1);
        if single
            && loose
            && let Some(last) = groups.last_mut()
        {
            last.extend(parts.into_iter().flatten());
        } else {
            groups.extend(parts);
        }
        loose = single;
    }
    decode_groups(&groups)
}

/// The tokens of one item's text, quotes and brackets around them dropped.
fn tokens(text: &str) -> Vec<&str> {
    text.split(char::is_whitespace)
        .map(|t| t.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '(' | ')' | '[' | ']')))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Decodes groups of tokens; tokens pair into an IIS triple only within a group.
fn decode_groups(groups: &[Vec<&str>]) -> Result<Vec<Decoded>, String> {
    if groups.iter().all(Vec::is_empty) {
        return Err(format!("nothing to decode; {EXAMPLES}"));
    }
    let mut out = Vec::new();
    for tokens in groups {
        let mut i = 0;
        while let Some(rest) = tokens.get(i..).filter(|r| !r.is_empty()) {
            if let Some((found, used)) = httperr::httperr_at(rest) {
                out.extend(found);
                i += used;
            } else if let Some((found, used)) = iis_at(rest) {
                out.push(Decoded::Iis(found));
                i += used;
            } else {
                out.extend(decode_token(rest[0])?);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn iis_at(tokens: &[&str]) -> Option<(IisMatch, usize)> {
    let first = *tokens.first()?;
    let next_number = tokens.get(1).and_then(|t| parse_number(t)).map(|(v, _)| v);
    if let Some((status, substatus)) = first.split_once('.') {
        let status = parse_status(status, false)?;
        let substatus = parse_u16(substatus)?;
        return Some(match next_number {
            Some(win32) => (iis_match(status, Some(substatus), Some(win32)), 2),
            None => (iis_match(status, Some(substatus), None), 1),
        });
    }
    let substatus = tokens.get(1).and_then(|t| parse_u16(t))?;
    let win32 = tokens.get(2).and_then(|t| parse_number(t)).map(|(v, _)| v);
    if let Some(win32) = win32 {
        let status = parse_status(first, false)?;
        return Some((iis_match(status, Some(substatus), Some(win32)), 3));
    }
    let status = parse_status(first, true)?;
    iis_info(status, substatus)
        .filter(|info| info.exact)
        .map(|_| (iis_match(status, Some(substatus), None), 2))
}

fn iis_match(status: u16, substatus: Option<u16>, win32: Option<u32>) -> IisMatch {
    let sub = substatus.unwrap_or(0);
    let info = iis_info(status, sub).unwrap_or(IisInfo {
        status,
        substatus: sub,
        meaning: "unknown status",
        detail: None,
        exact: false,
    });
    IisMatch {
        status,
        substatus,
        info,
        win32,
        win32_code: win32
            .and_then(|value| resolve(value).map(|(info, via)| CodeMatch { value, info, via })),
        note: win32.and_then(|value| leg_note(status, sub, value)),
    }
}

fn decode_token(token: &str) -> Result<Vec<Decoded>, String> {
    let shown = escape_control(token);
    if let Some((value, form)) = parse_number(token) {
        return decode_number(token, value, form).ok_or_else(|| {
            format!(
                "cannot decode '{shown}': {} (hex {}, signed {}) is in none of the decode tables",
                value,
                hex(value),
                signed(value)
            )
        });
    }
    if token.len() > 3
        && token
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case("HCW"))
    {
        return hcw_code(token)
            .map(|code| vec![Decoded::Hcw(code)])
            .ok_or_else(|| format!("cannot decode '{shown}': not a known HCW code"));
    }
    if let Some(reason) = httperr_reason(token) {
        return Ok(vec![Decoded::HttpErr(reason)]);
    }
    if let Some(info) = by_name(token) {
        return Ok(vec![code(info.value, info, Via::Direct)]);
    }
    if let Some(value) = parse_bare_hex(token) {
        if let Some((info, via)) = resolve(value) {
            return Ok(vec![code(value, info, via)]);
        }
        return Err(format!(
            "cannot decode '{shown}': read as hex {} it is in none of the decode tables",
            hex(value)
        ));
    }
    if token.len() >= 4 && token.bytes().any(|b| b.is_ascii_alphabetic()) {
        let found = by_name_suffix(token);
        if !found.is_empty() {
            return Ok(found
                .into_iter()
                .map(|info| code(info.value, info, Via::Direct))
                .collect());
        }
    }
    Err(format!(
        "cannot decode '{shown}': not a known code, name, HCW code or HTTPERR reason; {EXAMPLES}"
    ))
}

fn decode_number(token: &str, value: u32, form: NumberForm) -> Option<Vec<Decoded>> {
    let mut out = Vec::new();
    if form == NumberForm::Decimal
        && let Ok(status) = u16::try_from(value)
        && (100..=599).contains(&status)
        && is_registered(status)
    {
        out.push(Decoded::Iis(iis_match(status, None, None)));
    }
    if let Some((info, via)) = resolve(value) {
        out.push(code(value, info, via));
    }
    if out.is_empty() && form == NumberForm::Decimal && token.len() == 8 {
        let as_hex = u32::from_str_radix(token, 16).ok()?;
        let (info, via) = resolve(as_hex)?;
        let via = if via == Via::Direct {
            Via::HexDigits
        } else {
            via
        };
        out.push(code(as_hex, info, via));
    }
    (!out.is_empty()).then_some(out)
}

fn code(value: u32, info: &'static CodeInfo, via: Via) -> Decoded {
    Decoded::Code(CodeMatch { value, info, via })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberForm {
    Decimal,
    Negative,
    Hex,
}

/// `2148074310`, `-2146892986`, `0x80090346`.
fn parse_number(token: &str) -> Option<(u32, NumberForm)> {
    if let Some(digits) = token
        .strip_prefix("0x")
        .or_else(|| token.strip_prefix("0X"))
    {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return u32::from_str_radix(digits, 16)
            .ok()
            .map(|v| (v, NumberForm::Hex));
    }
    if let Some(digits) = token.strip_prefix('-') {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value = i32::try_from(-digits.parse::<i64>().ok()?).ok()?;
        return Some((
            u32::from_ne_bytes(value.to_ne_bytes()),
            NumberForm::Negative,
        ));
    }
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse::<u32>().ok().map(|v| (v, NumberForm::Decimal))
}

/// `8009030E`, `C000035B`: up to eight hex digits with at least one letter.
fn parse_bare_hex(token: &str) -> Option<u32> {
    let hexish = !token.is_empty()
        && token.len() <= 8
        && token.bytes().all(|b| b.is_ascii_hexdigit())
        && token.bytes().any(|b| b.is_ascii_alphabetic());
    if hexish {
        u32::from_str_radix(token, 16).ok()
    } else {
        None
    }
}

fn parse_u16(token: &str) -> Option<u16> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// An HTTP status 100–599; `registered_only` demands a registered phrase (bare pairs).
fn parse_status(token: &str, registered_only: bool) -> Option<u16> {
    let status = parse_u16(token).filter(|s| (100..=599).contains(s))?;
    (!registered_only || is_registered(status)).then_some(status)
}

#[cfg(test)]
mod tests;
