//! NTSTATUS values met in the Security event log (4625) and NTLM audit logs (log-formats §4.3).
//!
//! IIS never writes these; they are decoded so a value pasted from an event decodes too.

use super::{CodeInfo, CodeKind};

super::code_row!(c, CodeKind::NtStatus);

/// The table, sorted by value (lookups binary-search it).
#[rustfmt::skip]
pub static TABLE: &[CodeInfo] = &[
    c("STATUS_NO_LOGON_SERVERS", 0xC000_005E, "No logon servers are available", None),
    c("STATUS_NO_SUCH_USER", 0xC000_0064, "The user name does not exist", None),
    c("STATUS_WRONG_PASSWORD", 0xC000_006A, "The user name is correct but the password is wrong", None),
    c(
        "STATUS_LOGON_FAILURE",
        0xC000_006D,
        "Unknown user name or bad password",
        Some("Event 4625 status; the sub-status tells user-unknown from wrong-password."),
    ),
    c("STATUS_ACCOUNT_RESTRICTION", 0xC000_006E, "Account restriction (e.g. blank password not allowed)", None),
    c("STATUS_INVALID_LOGON_HOURS", 0xC000_006F, "Logon outside the permitted hours", None),
    c("STATUS_INVALID_WORKSTATION", 0xC000_0070, "Logon from a workstation that is not permitted", None),
    c("STATUS_PASSWORD_EXPIRED", 0xC000_0071, "The password has expired", None),
    c("STATUS_ACCOUNT_DISABLED", 0xC000_0072, "The account is disabled", None),
    c("STATUS_LOGON_TYPE_NOT_GRANTED", 0xC000_015B, "The user has not been granted the requested logon type", None),
    c("STATUS_TRUSTED_RELATIONSHIP_FAILURE", 0xC000_018D, "The trust relationship with the domain failed", None),
    c("STATUS_ACCOUNT_EXPIRED", 0xC000_0193, "The account has expired", None),
    c("STATUS_PASSWORD_MUST_CHANGE", 0xC000_0224, "The password must be changed before the first logon", None),
    c("STATUS_ACCOUNT_LOCKED_OUT", 0xC000_0234, "The account is locked out", None),
    c(
        "STATUS_BAD_BINDINGS",
        0xC000_035B,
        "Client channel bindings incorrect (Extended Protection)",
        Some(
            "Security-log form of SEC_E_BAD_BINDINGS (IIS 2148074310): the token was bound to a \
             different TLS channel - Extended Protection with TLS terminated in the middle.",
        ),
    ),
];

/// Looks an NTSTATUS value up.
pub fn lookup(code: u32) -> Option<&'static CodeInfo> {
    super::find_in(TABLE, code)
}
