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
    c("STATUS_INSUFFICIENT_RESOURCES", 0xC000_009A, "Insufficient system resources to complete the logon", None),
    c(
        "STATUS_TIME_DIFFERENCE_AT_DC",
        0xC000_0133,
        "The clocks of the client and the domain controller differ too much",
        Some("Kerberos allows 5 minutes of clock skew by default; check the time service."),
    ),
    c("STATUS_LOGON_TYPE_NOT_GRANTED", 0xC000_015B, "The user has not been granted the requested logon type", None),
    c("STATUS_TRUSTED_RELATIONSHIP_FAILURE", 0xC000_018D, "The trust relationship with the domain failed", None),
    c("STATUS_NETLOGON_NOT_STARTED", 0xC000_0192, "The Netlogon service is not started", None),
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
    c(
        "STATUS_AUTHENTICATION_FIREWALL_FAILED",
        0xC000_0413,
        "The account is not allowed to authenticate to this server (selective authentication)",
        None,
    ),
    c(
        "STATUS_NTLM_BLOCKED",
        0xC000_0418,
        "NTLM authentication is blocked by policy",
        Some("The \"Network security: Restrict NTLM\" policies on the server or a domain controller."),
    ),
];

/// Looks an NTSTATUS value up.
pub fn lookup(code: u32) -> Option<&'static CodeInfo> {
    super::find_in(TABLE, code)
}

/// A few words for an event's status, as the handshake pane and the report say it
/// ("bad password"); `None` for values without a short form.
pub fn reason(code: u32) -> Option<&'static str> {
    Some(match code {
        0xC000_006A => "bad password",
        0xC000_006D => "unknown user name or bad password",
        0xC000_0064 => "no such user",
        0xC000_0072 => "account disabled",
        0xC000_0234 => "account locked out",
        0xC000_0071 => "password expired",
        0xC000_0193 => "account expired",
        0xC000_006E => "account restriction",
        0xC000_0224 => "password must be changed",
        0xC000_006F => "outside logon hours",
        0xC000_0070 => "workstation not allowed",
        0xC000_0133 => "clock skew with the domain controller",
        0xC000_015B => "logon type not granted",
        0xC000_018D => "domain trust failed",
        0xC000_005E => "no logon servers",
        0xC000_0192 => "Netlogon not started",
        0xC000_0413 => "authentication firewall",
        0xC000_0418 => "NTLM blocked by policy",
        0xC000_035B => "channel binding mismatch (Extended Protection)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::query::{Decoded, decode_query};

    /// The values the Security log writes on NTLM failures (log-formats §5), as `decode` finds
    /// them from the lower-case hex the events use and from decimal.
    #[test]
    fn decode_knows_the_security_log_failures() {
        let expected = [
            (0xC000_006D, "STATUS_LOGON_FAILURE"),
            (0xC000_006A, "STATUS_WRONG_PASSWORD"),
            (0xC000_0064, "STATUS_NO_SUCH_USER"),
            (0xC000_0072, "STATUS_ACCOUNT_DISABLED"),
            (0xC000_0234, "STATUS_ACCOUNT_LOCKED_OUT"),
            (0xC000_0071, "STATUS_PASSWORD_EXPIRED"),
            (0xC000_006E, "STATUS_ACCOUNT_RESTRICTION"),
            (0xC000_0224, "STATUS_PASSWORD_MUST_CHANGE"),
            (0xC000_006F, "STATUS_INVALID_LOGON_HOURS"),
            (0xC000_0070, "STATUS_INVALID_WORKSTATION"),
            (0xC000_0193, "STATUS_ACCOUNT_EXPIRED"),
            (0xC000_0133, "STATUS_TIME_DIFFERENCE_AT_DC"),
            (0xC000_015B, "STATUS_LOGON_TYPE_NOT_GRANTED"),
            (0xC000_0413, "STATUS_AUTHENTICATION_FIREWALL_FAILED"),
            (0xC000_035B, "STATUS_BAD_BINDINGS"),
        ];
        for (value, name) in expected {
            assert_eq!(lookup(value).map(|i| i.name), Some(name));
            assert!(reason(value).is_some(), "{name} has a short reason");
            for query in [format!("0x{value:08x}"), value.to_string()] {
                let items = decode_query(&query).expect("decodes");
                let found = items.iter().any(|d| match d {
                    Decoded::Code(f) => f.info.name == name && f.value == value,
                    _ => false,
                });
                assert!(found, "{query} → {items:?}");
            }
        }
        assert_eq!(reason(0xC000_006A), Some("bad password"));
        assert_eq!(reason(0xC000_0064), Some("no such user"));
        assert_eq!(reason(0), None);
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(TABLE.windows(2).all(|w| w[0].value < w[1].value));
    }
}
