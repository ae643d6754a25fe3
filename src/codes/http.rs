//! Plain HTTP status phrases (RFC 9110 plus the Microsoft 440 / 449 used by OWA and ActiveSync),
//! the fallback for IIS statuses without a substatus row.

static PHRASES: &[(u16, &str)] = &[
    (100, "Continue"),
    (101, "Switching Protocols"),
    (102, "Processing"),
    (103, "Early Hints"),
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "Non-Authoritative Information"),
    (204, "No Content"),
    (205, "Reset Content"),
    (206, "Partial Content"),
    (207, "Multi-Status"),
    (208, "Already Reported"),
    (226, "IM Used"),
    (300, "Multiple Choices"),
    (301, "Moved Permanently"),
    (302, "Found (redirect)"),
    (303, "See Other"),
    (304, "Not Modified"),
    (305, "Use Proxy"),
    (307, "Temporary Redirect"),
    (308, "Permanent Redirect"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (402, "Payment Required"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (407, "Proxy Authentication Required"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (417, "Expectation Failed"),
    (421, "Misdirected Request"),
    (422, "Unprocessable Content"),
    (423, "Locked"),
    (424, "Failed Dependency"),
    (425, "Too Early"),
    (426, "Upgrade Required"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (431, "Request Header Fields Too Large"),
    (440, "Login Time-out (Microsoft: OWA session expired)"),
    (
        449,
        "Retry With (Microsoft: ActiveSync device must provision)",
    ),
    (451, "Unavailable For Legal Reasons"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
    (505, "HTTP Version Not Supported"),
    (506, "Variant Also Negotiates"),
    (507, "Insufficient Storage"),
    (508, "Loop Detected"),
    (510, "Not Extended"),
    (511, "Network Authentication Required"),
];

/// The plain HTTP meaning of a status 100–599: its standard phrase, or its class.
pub fn http_phrase(status: u16) -> Option<&'static str> {
    if let Some((_, phrase)) = PHRASES.iter().find(|(code, _)| *code == status) {
        return Some(phrase);
    }
    match status {
        100..=199 => Some("Informational (unassigned 1xx)"),
        200..=299 => Some("Success (unassigned 2xx)"),
        300..=399 => Some("Redirection (unassigned 3xx)"),
        400..=499 => Some("Client error (unassigned 4xx)"),
        500..=599 => Some("Server error (unassigned 5xx)"),
        _ => None,
    }
}

/// Whether `status` has a registered HTTP phrase (not just a class).
pub fn is_registered(status: u16) -> bool {
    PHRASES.iter().any(|(code, _)| *code == status)
}
