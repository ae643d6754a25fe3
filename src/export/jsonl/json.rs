//! Writing JSON values for the hand-framed request objects, byte for byte as serde_json writes
//! them: strings are copied between quotes when nothing in them needs an escape (checked a
//! whole field at a time) and escaped here otherwise (`\"`, `\\`, `\b \t \n \f \r`, `\u00XX`
//! for the other control characters), numbers in decimal without allocating. A test checks
//! both against serde_json.

/// Whether a JSON string needs escapes: a quote, a backslash or a control character. Checked
/// without early exit so that it runs on whole vectors.
#[inline]
pub fn needs_escape(b: &[u8]) -> bool {
    b.iter().fold(false, |acc, &c| {
        acc | (c < 0x20) | (c == b'"') | (c == b'\\')
    })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `v` escaped (without quotes).
#[cold]
fn escaped(out: &mut Vec<u8>, v: &[u8]) {
    let mut from = 0;
    for (i, &c) in v.iter().enumerate() {
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            0..0x20 => 0,
            _ => continue,
        };
        out.extend_from_slice(&v[from..i]);
        from = i + 1;
        if short == 0 {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 0xf)]);
        } else {
            out.push(b'\\');
            out.push(short);
        }
    }
    out.extend_from_slice(&v[from..]);
}

/// Writes a JSON string.
#[inline]
pub fn text(out: &mut Vec<u8>, v: &str) {
    let b = v.as_bytes();
    out.push(b'"');
    if needs_escape(b) {
        escaped(out, b);
    } else {
        out.extend_from_slice(b);
    }
    out.push(b'"');
}

/// Writes an IIS `cs(User-Agent)` as a JSON string with its `+` read back as spaces.
pub fn agent(out: &mut Vec<u8>, v: &str) {
    let start = out.len() + 1;
    text(out, v);
    // `+` and space are both ASCII, and no escape contains a `+`: the bytes stay valid UTF-8.
    for c in &mut out[start..] {
        if *c == b'+' {
            *c = b' ';
        }
    }
}

/// Writes `v` in decimal.
#[inline]
pub fn number(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// Whether `v` is a dotted IPv4 address (four numbers up to 255, each of one to three digits),
/// the common case, checked before the general parser.
pub fn is_ipv4(v: &[u8]) -> bool {
    if v.len() < 7 || v.len() > 15 {
        return false;
    }
    let (mut parts, mut digits, mut n) = (0, 0, 0u32);
    for &c in v {
        if c == b'.' {
            if digits == 0 || n > 255 {
                return false;
            }
            parts += 1;
            (digits, n) = (0, 0);
        } else if c.is_ascii_digit() {
            digits += 1;
            n = n * 10 + u32::from(c - b'0');
            if digits > 3 {
                return false;
            }
        } else {
            return false;
        }
    }
    parts == 3 && digits > 0 && n <= 255
}

/// A port number as IIS logs it: `0`–`65535` in decimal (a leading `+` allowed, as `u16`'s
/// parser allows it).
pub fn port(v: &str) -> Option<u16> {
    let b = v.as_bytes();
    if !b.is_empty() && b.len() <= 5 && b.iter().all(u8::is_ascii_digit) {
        let n = b.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'));
        return u16::try_from(n).ok();
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        assert_eq!(
            json(|b| text(b, "\t\r\n\u{8}\u{c}\u{1f}")),
            "\"\\t\\r\\n\\b\\f\\u001f\""
        );
        assert_eq!(
            json(|b| agent(b, "Mozilla/5.0+(Windows)")),
            "\"Mozilla/5.0 (Windows)\""
        );
        assert_eq!(json(|b| agent(b, "a+\"b")), "\"a \\\"b\"");
    }

    #[test]
    fn dotted_quads_are_ipv4() {
        assert!(is_ipv4(b"10.0.1.11"));
        assert!(is_ipv4(b"255.255.255.255"));
        assert!(is_ipv4(b"0.0.0.0"));
        assert!(!is_ipv4(b"256.1.1.1"));
        assert!(!is_ipv4(b"1.1.1.256"));
        assert!(!is_ipv4(b"10.0.1"));
        assert!(!is_ipv4(b"10.0.1.1.1"));
        assert!(!is_ipv4(b"10..1.1"));
        assert!(!is_ipv4(b"10.1.1."));
        assert!(!is_ipv4(b".10.1.1"));
        assert!(!is_ipv4(b"1.2.3.0004"));
        assert!(!is_ipv4(b"2001:db8::1"));
    }

    proptest! {
        #[test]
        fn strings_as_serde_json_writes_them(s in "[ -~\t\r\n\u{0}-\u{1f}\u{7f}é€😀\"\\\\]{0,40}") {
            let ours = json(|b| text(b, &s));
            prop_assert_eq!(&ours, &serde_json::to_string(&s).expect("json"));
            let plus = json(|b| agent(b, &s));
            prop_assert_eq!(plus, serde_json::to_string(&s.replace('+', " ")).expect("json"));
        }

        #[test]
        fn numbers_as_serde_json_writes_them(n in any::<u64>()) {
            prop_assert_eq!(json(|b| number(b, n)), n.to_string());
            prop_assert_eq!(json(|b| number(b, n % 1000)), (n % 1000).to_string());
        }

        #[test]
        fn ipv4_is_four_small_numbers(s in "[0-9.]{0,16}") {
            let parts: Vec<&str> = s.split('.').collect();
            let spec = parts.len() == 4
                && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.parse::<u32>().is_ok_and(|n| n <= 255));
            prop_assert_eq!(is_ipv4(s.as_bytes()), spec);
        }

        #[test]
        fn ports_as_the_standard_parser_reads_them(s in "[+0-9a]{0,7}") {
            prop_assert_eq!(port(&s), s.parse::<u16>().ok());
        }
    }
}
