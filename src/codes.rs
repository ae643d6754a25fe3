//! Decode tables and lookups for the numbers in IIS, HTTPERR and HCW logs.
//!
//! Tables (one module each, static data, hex values only – decimal and signed forms are always
//! computed): Win32/Winsock ([`win32`]), SSPI `SEC_E_*`/`SEC_I_*` ([`sspi`]), certificate
//! HRESULTs `CRYPT_E_*`/`CERT_E_*` ([`hresult`]), NTSTATUS ([`ntstatus`]), IIS
//! `status.substatus` ([`iis`], falling back to [`http`] phrases), HTTPERR reasons ([`httperr`])
//! and HCW codes ([`hcw`]). [`leg`] reads whole `status substatus win32` triples, [`query`]
//! parses user input for `hcwlens decode` and [`render`] prints it.
//!
//! Lookup rule for `sc-win32-status` (log-formats §4.5): values ≥ `0x80000000` are HRESULTs
//! (SSPI first, then certificate codes, then NTSTATUS, which IIS never writes but users paste
//! from the Security log); smaller values are Win32/Winsock codes, then `SEC_I_*`.

pub mod hcw;
pub mod hresult;
pub mod http;
pub mod httperr;
pub mod iis;
pub mod leg;
pub mod ntstatus;
pub mod query;
pub mod render;
pub mod sspi;
pub mod win32;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use hcw::{HcwCode, hcw_code};
pub use httperr::{HttpErrReason, httperr_reason};
pub use iis::{IisInfo, iis_info, iis_status};
pub use leg::{
    LegCode, LegNote, LegParts, Style, describe_leg, is_benign_challenge, leg_note, leg_parts,
    leg_words,
};
pub use query::{CodeMatch, Decoded, IisMatch, Via, decode_args, decode_query};
pub use render::render_decoded;

/// Which table a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// Win32 error (`ERROR_*`, winerror.h).
    Win32,
    /// Winsock error (`WSAE*`).
    Winsock,
    /// SSPI status (`SEC_E_*` HRESULT or `SEC_I_*` success code).
    Sspi,
    /// Certificate / crypto HRESULT (`CRYPT_E_*`, `CERT_E_*`).
    Cert,
    /// NTSTATUS (`STATUS_*`, Security event log), never written by IIS.
    NtStatus,
}

impl CodeKind {
    /// Short human label, e.g. `SSPI status`.
    pub fn label(self) -> &'static str {
        match self {
            CodeKind::Win32 => "Win32 error",
            CodeKind::Winsock => "Winsock error",
            CodeKind::Sspi => "SSPI status",
            CodeKind::Cert => "certificate HRESULT",
            CodeKind::NtStatus => "NTSTATUS",
        }
    }
}

/// Defines `const fn $name(name, value, meaning, hint) -> CodeInfo` for rows of one kind, so
/// that the tables read as one row per line.
macro_rules! code_row {
    ($name:ident, $kind:expr) => {
        const fn $name(
            name: &'static str,
            value: u32,
            meaning: &'static str,
            hint: Option<&'static str>,
        ) -> CodeInfo {
            CodeInfo {
                name,
                value,
                meaning,
                hint,
                kind: $kind,
            }
        }
    };
}
use code_row;

/// Looks `code` up in a table sorted by value.
fn find_in(table: &'static [CodeInfo], code: u32) -> Option<&'static CodeInfo> {
    table
        .binary_search_by_key(&code, |info| info.value)
        .ok()
        .and_then(|i| table.get(i))
}

/// One row of a numeric code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// Symbolic name, e.g. `SEC_E_BAD_BINDINGS`.
    pub name: &'static str,
    /// The code as an unsigned 32-bit value (what IIS writes in decimal).
    pub value: u32,
    /// Short generic meaning.
    pub meaning: &'static str,
    /// Exchange / IIS context, where known.
    pub hint: Option<&'static str>,
    /// Table of origin.
    pub kind: CodeKind,
}

impl CodeInfo {
    /// `0x%08X` form.
    pub fn hex(&self) -> String {
        hex(self.value)
    }

    /// The same bits read as a signed 32-bit integer (.NET / PowerShell `HResult`).
    pub fn signed(&self) -> i32 {
        signed(self.value)
    }
}

/// Formats a code as `0x%08X`, e.g. `0x80090346`.
pub fn hex(code: u32) -> String {
    format!("0x{code:08X}")
}

/// The bits of `code` read as a signed 32-bit integer (`2148074310` → `-2146892986`).
pub fn signed(code: u32) -> i32 {
    i32::from_ne_bytes(code.to_ne_bytes())
}

/// Decodes an `sc-win32-status` value by the rule of log-formats §4.5.
pub fn win32_status(code: u32) -> Option<&'static CodeInfo> {
    if code >= 0x8000_0000 {
        sspi::lookup(code)
            .or_else(|| hresult::lookup(code))
            .or_else(|| ntstatus::lookup(code))
    } else {
        win32::lookup(code).or_else(|| sspi::lookup(code))
    }
}

/// The symbolic name of a non-zero known code (e.g. `SEC_E_BAD_BINDINGS`); `None` for 0
/// (success) and for codes in no table.
pub fn failure_name(code: u32) -> Option<&'static str> {
    if code == 0 {
        return None;
    }
    win32_status(code).map(|info| info.name)
}

/// Resolves a code directly or, for `0x8007xxxx`, as `HRESULT_FROM_WIN32` of a known Win32 code.
pub fn resolve(code: u32) -> Option<(&'static CodeInfo, Via)> {
    if let Some(info) = win32_status(code) {
        return Some((info, Via::Direct));
    }
    if code & 0xFFFF_0000 == 0x8007_0000 {
        return win32::lookup(code & 0xFFFF).map(|info| (info, Via::Win32InHresult));
    }
    None
}

/// Every row of every numeric table (Win32, Winsock, SSPI, certificate, NTSTATUS).
pub fn all_codes() -> impl Iterator<Item = &'static CodeInfo> {
    win32::TABLE
        .iter()
        .chain(sspi::TABLE)
        .chain(hresult::TABLE)
        .chain(ntstatus::TABLE)
}

/// Finds codes by symbolic name, case-insensitively; aliases such as `SEC_E_NO_SPM` resolve to
/// their canonical row.
pub fn by_name(name: &str) -> Option<&'static CodeInfo> {
    let canonical = sspi::ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, target)| *target);
    all_codes().find(|info| info.name.eq_ignore_ascii_case(canonical))
}

/// Codes whose name ends with `_<suffix>` (case-insensitive), e.g. `BAD_BINDINGS`.
pub fn by_name_suffix(suffix: &str) -> Vec<&'static CodeInfo> {
    let suffix = suffix.to_ascii_uppercase();
    all_codes()
        .filter(|info| {
            info.name.len() > suffix.len()
                && info.name.ends_with(suffix.as_str())
                && info.name.as_bytes()[info.name.len() - suffix.len() - 1] == b'_'
        })
        .collect()
}
