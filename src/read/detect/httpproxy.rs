//! An Exchange HttpProxy log told by its content: its `#Fields` list without the `#Log-type`
//! line, or (a file cut before its header) its data rows.

/// An HttpProxy `#Fields` line without its `#Log-type`: comma-separated, naming the request id,
/// the back end it was proxied to and that back end's answer.
pub(super) fn is_httpproxy_fields(value: &str) -> bool {
    let has = |n: &str| value.split(',').any(|x| x.trim().eq_ignore_ascii_case(n));
    has("RequestId") && has("TargetServer") && has("BackEndStatus")
}

/// The `Protocol` values of HttpProxy rows (one folder each).
const PROXY_PROTOCOLS: [&str; 17] = [
    "Autodiscover",
    "Eas",
    "Ecp",
    "Ews",
    "Mapi",
    "Oab",
    "Owa",
    "OwaCalendar",
    "PowerShell",
    "PushNotifications",
    "ReportingWebService",
    "Rest",
    "RpcHttp",
    "Xrop",
    "O365SuiteService",
    "E4e",
    "Psws",
];

/// An HttpProxy data row (a file without its `#Fields` line, cut at its start): `DateTime`
/// (ISO 8601 UTC), `RequestId`, the four build numbers, `ClientRequestId` and a `Protocol`,
/// the order every Exchange build logs them in. Other Exchange CSV logs start the same way but
/// have no protocol there.
pub(super) fn is_httpproxy_row(line: &str) -> bool {
    let f: Vec<&str> = line.splitn(9, ',').collect();
    let num = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    f.len() == 9
        && crate::parse::httpproxy::parse_instant(f[0]).is_some()
        && f[1].len() == 36
        && f[1].bytes().all(|c| c.is_ascii_hexdigit() || c == b'-')
        && f[2..6].iter().all(|v| num(v))
        && PROXY_PROTOCOLS.iter().any(|p| p.eq_ignore_ascii_case(f[7]))
}
