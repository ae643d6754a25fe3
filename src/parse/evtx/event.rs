//! The typed Security events hcwlens keeps: successful logon (4624), failed logon (4625) and
//! credential validation on a domain controller (4776).

use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// Which of the kept events a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityEventKind {
    /// 4624: an account was successfully logged on.
    LogonSuccess,
    /// 4625: an account failed to log on.
    LogonFailure,
    /// 4776: the computer attempted to validate the credentials for an account (NTLM).
    CredentialValidation,
}

impl SecurityEventKind {
    /// The kind of an event id, if it is one hcwlens keeps.
    pub fn from_id(id: u32) -> Option<Self> {
        match id {
            4624 => Some(Self::LogonSuccess),
            4625 => Some(Self::LogonFailure),
            4776 => Some(Self::CredentialValidation),
            _ => None,
        }
    }

    /// The event id.
    pub fn id(self) -> u32 {
        match self {
            Self::LogonSuccess => 4624,
            Self::LogonFailure => 4625,
            Self::CredentialValidation => 4776,
        }
    }
}

/// One kept Security event. Text fields are `None` when absent or logged as `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityEvent {
    /// 4624, 4625 or 4776.
    pub kind: SecurityEventKind,
    /// `EventRecordID` (0 when missing).
    pub record_id: u64,
    /// `TimeCreated/@SystemTime`, always UTC.
    pub time: UtcMs,
    /// The computer that logged the event.
    pub computer: Option<String>,
    /// `TargetUserName`.
    pub user: Option<String>,
    /// `TargetDomainName` (4624/4625).
    pub domain: Option<String>,
    /// `LogonType` (2 interactive, 3 network, 8 network clear text, 10 remote interactive…).
    pub logon_type: Option<u32>,
    /// `AuthenticationPackageName` (4624/4625) or `PackageName` (4776).
    pub auth_package: Option<String>,
    /// `LmPackageName`: `NTLM V1`, `NTLM V2` or `LM` when NTLM was used.
    pub lm_package: Option<String>,
    /// `WorkstationName` (4624/4625) or `Workstation` (4776).
    pub workstation: Option<String>,
    /// `IpAddress` of the client.
    pub ip: Option<String>,
    /// `IpPort` of the client (None when `-` or 0).
    pub port: Option<u16>,
    /// `Status` (4625: the failure; 4776: the DC's answer, 0 = success).
    pub status: Option<u32>,
    /// `SubStatus` (4625): the precise reason.
    pub sub_status: Option<u32>,
    /// The `.evtx` source the event was read from (set when loaded into an analysis).
    pub source: SourceId,
    /// The event's 1-based position among its file's kept events, by time: its "line" for
    /// evidence and the explorer (the line of [`SecurityEvent::line_text`] in the source's text).
    pub line: u64,
}

impl SecurityEvent {
    /// The event id.
    pub fn id(&self) -> u32 {
        self.kind.id()
    }

    /// Whether the event records a failure (4625, or 4776 with a non-zero status).
    pub fn is_failure(&self) -> bool {
        match self.kind {
            SecurityEventKind::LogonFailure => true,
            SecurityEventKind::CredentialValidation => self.status.is_some_and(|s| s != 0),
            SecurityEventKind::LogonSuccess => false,
        }
    }

    /// The most precise status: the sub-status when it says more than "success"/absent.
    pub fn reason_code(&self) -> Option<u32> {
        match self.sub_status {
            Some(s) if s != 0 => Some(s),
            _ => self.status.filter(|&s| s != 0),
        }
    }

    /// `DOMAIN\user` when both are known, else the user.
    pub fn account(&self) -> Option<String> {
        match (&self.domain, &self.user) {
            (Some(d), Some(u)) => Some(format!("{d}\\{u}")),
            (None, Some(u)) => Some(u.clone()),
            _ => None,
        }
    }

    /// Whether the account is the anonymous one (`ANONYMOUS LOGON`), whose network logons
    /// Windows reports as NTLM V1 although no password is sent.
    pub fn is_anonymous(&self) -> bool {
        self.user
            .as_deref()
            .is_some_and(|u| u.trim().eq_ignore_ascii_case("ANONYMOUS LOGON"))
    }

    /// Whether NTLM version 1 was used (a 4624 with `LmPackageName` `NTLM V1`).
    pub fn is_ntlm_v1(&self) -> bool {
        self.lm_package
            .as_deref()
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("NTLM V1"))
    }
}

impl SecurityEvent {
    /// One line for the report and the handshake pane:
    /// `Security 4625: bad password (0xC000006A), NTLM, from 10.0.5.20`.
    pub fn describe(&self) -> String {
        let mut out = format!("Security {}", self.id());
        let what = self.reason_words();
        out.push_str(": ");
        out.push_str(&what);
        if let Some(p) = self.auth_package.as_deref() {
            out.push_str(", ");
            out.push_str(p);
        }
        if let Some(lm) = self.lm_package.as_deref() {
            out.push_str(&format!(" ({lm})"));
        }
        if let Some(account) = self.account() {
            out.push_str(&format!(", user {account}"));
        }
        if let Some(t) = self.logon_type {
            out.push_str(&format!(", logon type {t}"));
        }
        match (self.ip.as_deref(), self.workstation.as_deref()) {
            (Some(ip), _) => out.push_str(&format!(", from {ip}")),
            (None, Some(ws)) => out.push_str(&format!(", from workstation {ws}")),
            (None, None) => {}
        }
        crate::escape::escape_control(&out).into_owned()
    }
}

impl SecurityEvent {
    /// The event as one line of text, everything kept: time, computer, id, decoded reason,
    /// status and sub-status, account, workstation, address, logon type, packages, record id.
    /// This is the event's "line" in evidence, searches and copies.
    pub fn line_text(&self) -> String {
        let mut out = format!("{} ", self.time.rfc3339());
        if let Some(c) = self.computer.as_deref() {
            out.push_str(c);
            out.push(' ');
        }
        out.push_str(&format!("{}: {}", self.id(), self.reason_words()));
        for (name, v) in [("Status", self.status), ("SubStatus", self.sub_status)] {
            if let Some(v) = v {
                out.push_str(&format!(", {name} {}", crate::codes::hex(v)));
            }
        }
        if let Some(a) = self.account() {
            out.push_str(&format!(", user {a}"));
        }
        if let Some(w) = self.workstation.as_deref() {
            out.push_str(&format!(", workstation {w}"));
        }
        if let Some(ip) = self.ip.as_deref() {
            out.push_str(&format!(", from {ip}"));
            if let Some(p) = self.port {
                out.push_str(&format!(" port {p}"));
            }
        }
        if let Some(t) = self.logon_type {
            out.push_str(&format!(", logon type {t}"));
        }
        if let Some(p) = self.package_label() {
            out.push_str(&format!(", {p}"));
        }
        out.push_str(&format!(", record {}", self.record_id));
        crate::escape::escape_control(&out).into_owned()
    }

    /// The short form a failed handshake's detail shows, where the account is already on the
    /// legs: `Security 4625: bad password (0xC000006A), NTLM, from 10.0.5.20`.
    pub fn summary(&self) -> String {
        let mut out = format!("Security {}: {}", self.id(), self.reason_words());
        if let Some(p) = self.package_label() {
            out.push_str(&format!(", {p}"));
        }
        match (self.ip.as_deref(), self.workstation.as_deref()) {
            (Some(ip), _) => out.push_str(&format!(", from {ip}")),
            (None, Some(ws)) => out.push_str(&format!(", from workstation {ws}")),
            (None, None) => {}
        }
        crate::escape::escape_control(&out).into_owned()
    }

    /// What the event says in a few words: `bad password (0xC000006A)`, `logon`,
    /// `credentials validated`.
    pub fn reason_words(&self) -> String {
        match self.kind {
            SecurityEventKind::LogonSuccess => "logon".to_string(),
            _ => match self.reason_code() {
                Some(code) => format!("{} ({})", reason_of(code), crate::codes::hex(code)),
                None if self.kind == SecurityEventKind::CredentialValidation => {
                    "credentials validated".to_string()
                }
                None => "failure".to_string(),
            },
        }
    }

    /// The package as an admin names it: `NTLM V1`, `NTLM V2` (the `LmPackageName` says
    /// more than `NTLM`), else `Kerberos`, `Negotiate`, `NTLM`…
    pub fn package_label(&self) -> Option<String> {
        match (self.auth_package.as_deref(), self.lm_package.as_deref()) {
            (_, Some(lm)) => Some(lm.to_string()),
            (Some(p), None) => Some(p.to_string()),
            (None, None) => None,
        }
    }
}

/// A few words for a status: the short form, else the table's meaning, else `failure`.
pub fn reason_of(code: u32) -> &'static str {
    crate::codes::ntstatus::reason(code)
        .or_else(|| crate::codes::ntstatus::lookup(code).map(|i| i.meaning))
        .unwrap_or("failure")
}
