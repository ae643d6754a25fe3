//! Writing JSON values for the hand-framed request objects: strings are copied between quotes
//! only when nothing in them needs an escape, and otherwise written by serde_json, so no value
//! is escaped by hand; numbers are written by serde_json too.

/// Whether a JSON string needs escapes: a quote, a backslash or a control character. Checked
/// without early exit so that it runs on whole vectors.
pub fn needs_escape(b: &[u8]) -> bool {
    b.iter().fold(false, |acc, &c| {
        acc | (c < 0x20) | (c == b'"') | (c == b'\\')
    })
}

/// Writes a JSON string: copied between quotes when nothing in it needs an escape, else
/// escaped by serde_json.
pub fn text(out: &mut Vec<u8>, v: &str) {
    if needs_escape(v.as_bytes()) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, v);
        return;
    }
    plain(out, v);
}

/// Writes a JSON string known to need no escapes.
pub fn plain(out: &mut Vec<u8>, v: &str) {
    out.reserve(v.len() + 2);
    out.push(b'"');
    out.extend_from_slice(v.as_bytes());
    out.push(b'"');
}

/// A string of the logged line: when the whole line needs no escapes (`clean`), neither does
/// any part of it.
pub fn logged(out: &mut Vec<u8>, v: &str, clean: bool) {
    if clean {
        plain(out, v);
    } else {
        text(out, v);
    }
}

/// Whether `v` is a dotted IPv4 address (four numbers up to 255), the common case, checked
/// before the general parser.
pub fn is_ipv4(v: &[u8]) -> bool {
    let mut parts = 0;
    for part in v.split(|&c| c == b'.') {
        parts += 1;
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.iter().all(u8::is_ascii_digit)
            && part.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')) <= 255;
        if !ok || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// Writes an IIS `cs(User-Agent)` as a JSON string with its `+` read back as spaces.
pub fn agent(out: &mut Vec<u8>, v: &str, clean: bool) {
    if !clean && needs_escape(v.as_bytes()) {
        text(out, &v.replace('+', " "));
        return;
    }
    out.reserve(v.len() + 2);
    out.push(b'"');
    // `+` and space are both ASCII: the bytes stay valid UTF-8.
    out.extend(v.bytes().map(|c| if c == b'+' { b' ' } else { c }));
    out.push(b'"');
}

pub fn number(out: &mut Vec<u8>, v: u64) {
    let _ = serde_json::to_writer(&mut *out, &v);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).expect("UTF-8")
    }

    #[test]
    fn strings_are_escaped_only_where_needed() {
        assert_eq!(json(|b| text(b, "plain")), "\"plain\"");
        assert_eq!(json(|b| text(b, "CONTOSO\\mig")), "\"CONTOSO\\\\mig\"");
        assert_eq!(json(|b| text(b, "a\"b\u{1}")), "\"a\\\"b\\u0001\"");
        assert_eq!(json(|b| logged(b, "x\"", false)), "\"x\\\"\"");
        assert_eq!(
            json(|b| agent(b, "Mozilla/5.0+(Windows)", true)),
            "\"Mozilla/5.0 (Windows)\""
        );
        assert_eq!(json(|b| agent(b, "a+\"b", false)), "\"a \\\"b\"");
    }

    #[test]
    fn dotted_quads_are_ipv4() {
        assert!(is_ipv4(b"10.0.1.11"));
        assert!(is_ipv4(b"255.255.255.255"));
        assert!(!is_ipv4(b"256.1.1.1"));
        assert!(!is_ipv4(b"10.0.1"));
        assert!(!is_ipv4(b"10.0.1.1.1"));
        assert!(!is_ipv4(b"10..1.1"));
        assert!(!is_ipv4(b"2001:db8::1"));
    }
}
