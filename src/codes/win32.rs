//! Win32 and Winsock error codes commonly seen in `sc-win32-status` (log-formats §4.2).

use super::{CodeInfo, CodeKind};

super::code_row!(w, CodeKind::Win32);

super::code_row!(s, CodeKind::Winsock);

const DISCONNECT: &str = "The client closed or reset the connection before IIS finished sending. \
     Usually benign on long-polling requests (EAS Ping, MAPI NotificationWait, EWS streaming \
     subscriptions) and when clients give up; worth a look only in bursts on short requests.";

const LOGON: &str = "Basic or forms logon (or a DC answer) rejected the account; check the \
     Security log (event 4625) on the Exchange server.";

/// The table, sorted by value (lookups binary-search it).
#[rustfmt::skip]
pub static TABLE: &[CodeInfo] = &[
    w("ERROR_SUCCESS", 0x0, "The operation completed successfully", None),
    w(
        "ERROR_INVALID_FUNCTION",
        0x1,
        "Incorrect function",
        Some(
            "`405 0 1` on /EWS/mrsproxy.svc: handler or verb not available (missing \
             svc-Integrated handler mapping, web.config overwritten by an upgrade).",
        ),
    ),
    w("ERROR_FILE_NOT_FOUND", 0x2, "The system cannot find the file specified", None),
    w("ERROR_PATH_NOT_FOUND", 0x3, "The system cannot find the path specified", None),
    w(
        "ERROR_ACCESS_DENIED",
        0x5,
        "Access is denied",
        Some(
            "With 401.2 (`401 2 5`) this is the normal anonymous challenge, the first leg of \
             Windows authentication, not an error. With 401.3 or 403 an ACL denied access.",
        ),
    ),
    w("ERROR_INVALID_HANDLE", 0x6, "The handle is invalid", None),
    w("ERROR_INVALID_DATA", 0xD, "The data is invalid", None),
    w("ERROR_NOT_SUPPORTED", 0x32, "The request is not supported", None),
    w("ERROR_BAD_NETPATH", 0x35, "The network path was not found", None),
    w("ERROR_UNEXP_NET_ERR", 0x3B, "An unexpected network error occurred", None),
    w(
        "ERROR_NETNAME_DELETED",
        0x40,
        "The specified network name is no longer available",
        Some(DISCONNECT),
    ),
    w("ERROR_INVALID_PARAMETER", 0x57, "The parameter is incorrect", None),
    w(
        "ERROR_SEM_TIMEOUT",
        0x79,
        "The semaphore timeout period has expired",
        Some("Network timeout while sending the response to the client (uncertain)."),
    ),
    w("ERROR_INSUFFICIENT_BUFFER", 0x7A, "The data area passed to a system call is too small", None),
    w(
        "ERROR_OPERATION_ABORTED",
        0x3E3,
        "The I/O operation has been aborted (thread exit or application request)",
        Some(
            "Client disconnect or application pool recycle (uncertain). Benign on long polls; \
             in bursts, check for app pool recycles at that time.",
        ),
    ),
    w("ERROR_IO_PENDING", 0x3E5, "Overlapped I/O operation is in progress", None),
    w("ERROR_NOT_FOUND", 0x490, "Element not found", None),
    w("ERROR_CONNECTION_REFUSED", 0x4C9, "The remote computer refused the network connection", None),
    w("ERROR_GRACEFUL_DISCONNECT", 0x4CA, "The network connection was gracefully closed", None),
    w("ERROR_CONNECTION_INVALID", 0x4CD, "An operation was attempted on a nonexistent network connection", None),
    w("ERROR_NETWORK_UNREACHABLE", 0x4CF, "The network location cannot be reached", None),
    w("ERROR_HOST_UNREACHABLE", 0x4D0, "The remote host cannot be reached", None),
    w("ERROR_PORT_UNREACHABLE", 0x4D2, "No service is operating at the destination port", None),
    w("ERROR_REQUEST_ABORTED", 0x4D3, "The request was aborted", None),
    w(
        "ERROR_CONNECTION_ABORTED",
        0x4D4,
        "The network connection was aborted by the local system",
        Some(DISCONNECT),
    ),
    w(
        "ERROR_NO_LOGON_SERVERS",
        0x51F,
        "There are currently no logon servers available",
        Some("The Exchange server could not reach a domain controller to validate the logon."),
    ),
    w("ERROR_NO_SUCH_LOGON_SESSION", 0x520, "A specified logon session does not exist", None),
    w(
        "ERROR_NO_SUCH_USER",
        0x525,
        "The specified account does not exist",
        Some(LOGON),
    ),
    w("ERROR_WRONG_PASSWORD", 0x52B, "Unable to update the password (wrong current password)", None),
    w(
        "ERROR_LOGON_FAILURE",
        0x52E,
        "Unknown user name or bad password",
        Some(
            "Typical of failed Basic authentication (`401 1 1326`): wrong user name or password \
             (uncertain for other schemes).",
        ),
    ),
    w(
        "ERROR_ACCOUNT_RESTRICTION",
        0x52F,
        "Account restrictions are preventing this user from signing in",
        Some(LOGON),
    ),
    w(
        "ERROR_INVALID_LOGON_HOURS",
        0x530,
        "Account logon time restriction violation",
        Some(LOGON),
    ),
    w(
        "ERROR_INVALID_WORKSTATION",
        0x531,
        "User not allowed to log on to this computer",
        Some(LOGON),
    ),
    w(
        "ERROR_PASSWORD_EXPIRED",
        0x532,
        "The specified account password has expired",
        Some(LOGON),
    ),
    w(
        "ERROR_ACCOUNT_DISABLED",
        0x533,
        "The referenced account is currently disabled",
        Some(LOGON),
    ),
    w("ERROR_INTERNAL_ERROR", 0x54F, "An internal error occurred", None),
    w(
        "ERROR_LOGON_TYPE_NOT_GRANTED",
        0x569,
        "The user has not been granted the requested logon type",
        Some(
            "The account lacks the \"Access this computer from the network\" right on the server.",
        ),
    ),
    w("ERROR_TIMEOUT", 0x5B4, "This operation returned because the timeout period expired", None),
    w(
        "ERROR_NO_TRUST_SAM_ACCOUNT",
        0x6FB,
        "The workstation has no computer account for this trust relationship",
        Some("Secure channel to the domain is broken (reset the computer account)."),
    ),
    w(
        "ERROR_TRUSTED_RELATIONSHIP_FAILURE",
        0x6FD,
        "The trust relationship between this workstation and the primary domain failed",
        Some("Secure channel to the domain is broken (reset the computer account)."),
    ),
    w(
        "ERROR_ACCOUNT_EXPIRED",
        0x701,
        "The user's account has expired",
        Some(LOGON),
    ),
    w(
        "ERROR_PASSWORD_MUST_CHANGE",
        0x773,
        "The user's password must be changed before signing in",
        Some(LOGON),
    ),
    w(
        "ERROR_ACCOUNT_LOCKED_OUT",
        0x775,
        "The referenced account is currently locked out",
        Some(LOGON),
    ),
    s(
        "WSAECONNABORTED",
        0x2745,
        "An established connection was aborted by the software in the host machine",
        Some(DISCONNECT),
    ),
    s(
        "WSAECONNRESET",
        0x2746,
        "An existing connection was forcibly closed by the remote host",
        Some("Connection reset by the peer (client, load balancer or firewall idle timeout)."),
    ),
    s("WSAENOTCONN", 0x2749, "The socket is not connected", None),
    s("WSAESHUTDOWN", 0x274A, "Cannot send after the socket has been shut down", None),
    s("WSAETIMEDOUT", 0x274C, "The connected party did not respond in time (connection timed out)", None),
    s("WSAECONNREFUSED", 0x274D, "The target machine actively refused the connection", None),
    s("WSAEHOSTUNREACH", 0x2751, "No route to the host", None),
];

/// Looks a Win32 or Winsock code up by value.
pub fn lookup(code: u32) -> Option<&'static CodeInfo> {
    super::find_in(TABLE, code)
}
