//! The UI's single door to the status-code decoder.
//!
//! Every decoded status the UI shows goes through [`describe_leg`] and [`failure_name`]. They
//! should call `crate::codes::describe_leg` / `crate::codes::failure_name` (the full tables);
//! until that module lands, a minimal table of the codes an NTLM handshake shows stands in.

/// `401.1 Logon failed - 0x80090346 SEC_E_BAD_BINDINGS: …` for one request's status triple.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    let http = status_text(status, substatus);
    let code = match (win32, failure_name(win32)) {
        (0, _) => String::new(),
        (c, Some(name)) if c >= 0x8000_0000 => format!("0x{c:08X} {name}"),
        (c, Some(name)) => format!("{c} {name}"),
        (c, None) if c >= 0x8000_0000 => format!("0x{c:08X}"),
        (c, None) => format!("win32 {c}"),
    };
    let meaning = meaning(status, substatus, win32);
    let mut out = format!("{status}.{substatus} {http}");
    if !code.is_empty() {
        out.push_str(" - ");
        out.push_str(&code);
    }
    if !meaning.is_empty() {
        out.push_str(": ");
        out.push_str(meaning);
    }
    out
}

/// The symbolic name of a `sc-win32-status` value, when known.
pub fn failure_name(code: u32) -> Option<&'static str> {
    Some(match code {
        0 => "ERROR_SUCCESS",
        2 => "ERROR_FILE_NOT_FOUND",
        5 => "ERROR_ACCESS_DENIED",
        64 => "ERROR_NETNAME_DELETED",
        121 => "ERROR_SEM_TIMEOUT",
        995 => "ERROR_OPERATION_ABORTED",
        1236 => "ERROR_CONNECTION_ABORTED",
        1326 => "ERROR_LOGON_FAILURE",
        0x8009_0308 => "SEC_E_INVALID_TOKEN",
        0x8009_030C => "SEC_E_LOGON_DENIED",
        0x8009_030D => "SEC_E_UNKNOWN_CREDENTIALS",
        0x8009_030E => "SEC_E_NO_CREDENTIALS",
        0x8009_0311 => "SEC_E_NO_AUTHENTICATING_AUTHORITY",
        0x8009_0322 => "SEC_E_WRONG_PRINCIPAL",
        0x8009_0324 => "SEC_E_TIME_SKEW",
        0x8009_0346 => "SEC_E_BAD_BINDINGS",
        _ => return None,
    })
}

fn status_text(status: u16, sub: u16) -> &'static str {
    match (status, sub) {
        (200..=299, _) => "OK",
        (300..=399, _) => "Redirect / not modified",
        (401, 1) => "Logon failed",
        (401, 2) => "No credentials yet",
        (401, 3) => "Denied by ACL",
        (401, _) => "Unauthorized",
        (403, _) => "Forbidden",
        (404, _) => "Not found",
        (405, _) => "Method not allowed",
        (500, _) => "Server error",
        (502, _) => "Bad gateway",
        (503, _) => "Service unavailable",
        _ => "",
    }
}

fn meaning(status: u16, sub: u16, win32: u32) -> &'static str {
    match (status, sub, win32) {
        (401, 2, 5) => "anonymous first request (normal)",
        (401, 1, 0x8009_030E) => "NTLM challenge sent (normal)",
        (_, _, 0x8009_0346) => "channel binding mismatch: Extended Protection rejected the token",
        (_, _, 0x8009_0308) => "token invalid: legs split across connections or servers",
        (_, _, 0x8009_030C) => "logon denied: bad credentials",
        (_, _, 1326) => "unknown user name or bad password",
        _ => "",
    }
}
