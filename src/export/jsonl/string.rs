//! JSON strings of the export: what serde_json writes, and also escaped (`\u00XX`, `\uXXXX`)
//! every character that could act on a terminal the export is shown on
//! ([`crate::escape::is_unsafe`]: DEL, C1 controls, U+2028/2029, bidi controls), which serde_json
//! leaves raw. A JSON reader gets the same value.
//!
//! The hand-framed request objects copy a field between quotes when no byte of it can need an
//! escape (checked a whole field at a time, without early exit, so that it runs on whole
//! vectors: plain ASCII takes only that check). A byte that can is a quote, a backslash, a C0
//! control, DEL, or the lead byte of U+0080–U+00BF (`C2`) or U+2000–U+2FFF (`E2`); such a field
//! is copied in runs between the characters that do need one. The serde-written lines (calls,
//! findings) go through [`to_writer`], whose formatter escapes the same characters.

use scan::{first_flagged, needs_escape};
use serde::Serialize;

mod scan;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether byte `c` can start a character that needs an escape (`c | 0x20 == 0xe2` is `C2`
/// or `E2`: one comparison for both).
#[inline(always)]
fn special(c: u8) -> bool {
    (c < 0x20) | (c == b'"') | (c == b'\\') | (c == 0x7f) | ((c | 0x20) == 0xe2)
}

/// `\uXXXX` of `code` (below 0x10000).
#[inline]
fn unicode(out: &mut Vec<u8>, code: u32) {
    let hex = |shift: u32| HEX[((code >> shift) & 0xf) as usize];
    out.extend_from_slice(&[b'\\', b'u', hex(12), hex(8), hex(4), hex(0)]);
}

/// The character at the start of `rest` (which starts with `C2` or `E2`) and its length, when
/// it needs an escape.
#[inline]
fn unsafe_char(rest: &[u8]) -> Option<(char, usize)> {
    let len = if rest.first() == Some(&0xc2) { 2 } else { 3 };
    let c = std::str::from_utf8(rest.get(..len)?).ok()?.chars().next()?;
    crate::escape::is_unsafe(c).then_some((c, len))
}

/// Appends `v` escaped (without quotes): the runs between escapes are copied whole.
#[inline(never)]
fn escaped(out: &mut Vec<u8>, v: &[u8]) {
    // At most six bytes per byte: pushes below need no room checked.
    out.reserve(v.len() * 6);
    let mut rest = v;
    let mut from = 0;
    while let Some(at) = first_flagged(&rest[from..]).map(|p| from + p) {
        let c = rest[at];
        if !special(c) {
            // Text such as `é`: copied with the run.
            from = at + 1;
            continue;
        }
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            0xc2 | 0xe2 => {
                match unsafe_char(&rest[at..]) {
                    Some((ch, len)) => {
                        out.extend_from_slice(&rest[..at]);
                        unicode(out, u32::from(ch));
                        rest = &rest[at + len..];
                        from = 0;
                    }
                    // Text such as `é` or `€`: copied with the run.
                    None => from = at + 1,
                }
                continue;
            }
            _ => {
                out.extend_from_slice(&rest[..at]);
                unicode(out, u32::from(c));
                rest = &rest[at + 1..];
                from = 0;
                continue;
            }
        };
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(&[b'\\', short]);
        rest = &rest[at + 1..];
        from = 0;
    }
    out.extend_from_slice(rest);
}

/// Writes a JSON string (of UTF-8 text). Inlined: it runs for every field of every request.
#[inline(always)]
pub fn text(out: &mut Vec<u8>, v: impl AsRef<[u8]>) {
    quoted(out, b"\"", v.as_ref(), b"\"");
}

/// Writes `open`, `v` as the inside of a JSON string, and `close`: `open` ends with the string's
/// opening quote and `close` starts with its closing one, so that a field's key and the
/// punctuation around it go out with the quotes in one copy each.
#[inline(always)]
pub fn quoted(out: &mut Vec<u8>, open: &[u8], v: &[u8], close: &[u8]) {
    out.extend_from_slice(open);
    if needs_escape(v) {
        escaped(out, v);
    } else {
        out.extend_from_slice(v);
    }
    out.extend_from_slice(close);
}

/// Writes an IIS `cs(User-Agent)` as [`quoted`] does, with its `+` read back as spaces.
pub fn agent(out: &mut Vec<u8>, open: &[u8], v: &[u8], close: &[u8]) {
    let start = out.len() + open.len();
    quoted(out, open, v, b"");
    // `+` and space are both ASCII, and no escape contains a `+`: the bytes stay valid UTF-8.
    // A select rather than a branch, so that it runs on whole vectors.
    for c in out.get_mut(start..).unwrap_or_default() {
        *c = if *c == b'+' { b' ' } else { *c };
    }
    out.extend_from_slice(close);
}

/// serde_json's compact output with the strings escaped as [`text`] escapes them.
struct Strict;

impl serde_json::ser::Formatter for Strict {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let b = fragment.as_bytes();
        if !needs_escape(b) {
            return writer.write_all(b);
        }
        let mut buf = Vec::new();
        escaped(&mut buf, b);
        writer.write_all(&buf)
    }
}

/// Writes `value` as compact JSON, its strings escaped as [`text`] escapes them.
pub fn to_writer<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), serde_json::Error> {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, Strict))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `f` writes, as text (shared by the writers' tests).
    pub(in crate::export::jsonl) fn json(f: impl FnOnce(&mut Vec<u8>)) -> String {
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
            json(|b| agent(b, b"\"", b"Mozilla/5.0+(Windows)", b"\"")),
            "\"Mozilla/5.0 (Windows)\""
        );
        assert_eq!(json(|b| agent(b, b"\"", b"a+\"b", b"\"")), "\"a \\\"b\"");
    }

    #[test]
    fn del_c1_separators_and_bidi_controls_are_escaped() {
        assert_eq!(
            json(|b| agent(b, b"\"", "UA\u{9b}31m\u{7f}".as_bytes(), b"\"")),
            "\"UA\\u009b31m\\u007f\""
        );
        assert_eq!(
            json(|b| text(
                b,
                "a\u{80}\u{9f}\u{2028}\u{2029}\u{202a}\u{202e}\u{2066}\u{2069}z"
            )),
            "\"a\\u0080\\u009f\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069z\""
        );
        // Their neighbours are text.
        let kept = "é\u{a0}©–€\u{2027}\u{202f}\u{2065}\u{206a}…";
        assert_eq!(json(|b| text(b, kept)), format!("\"{kept}\""));
        let mut call = Vec::new();
        to_writer(&mut call, &("a\u{9b}\"\u{202e}é", 1)).expect("serialises");
        assert_eq!(
            String::from_utf8(call).expect("UTF-8"),
            "[\"a\\u009b\\\"\\u202eé\",1]"
        );
    }

    /// serde_json's string with the characters of `escape::is_unsafe` escaped as `\uXXXX`.
    fn serde_strict(s: &str) -> String {
        let mut want = String::new();
        for c in serde_json::to_string(s).expect("json").chars() {
            if c != '\n' && crate::escape::is_unsafe(c) {
                want.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                want.push(c);
            }
        }
        want
    }

    proptest! {
        #[test]
        fn strings_as_serde_json_writes_them(s in "[ -~\t\r\n\u{0}-\u{1f}\u{7f}-\u{a0}é€😀\u{2000}-\u{2070}\"\\\\]{0,40}") {
            let ours = json(|b| text(b, &s));
            prop_assert_eq!(&ours, &serde_strict(&s));
            prop_assert_eq!(serde_json::from_str::<String>(&ours).expect("JSON"), s.clone());
            let plus = json(|b| agent(b, b"{\"", s.as_bytes(), b"\"+}"));
            prop_assert_eq!(plus, format!("{{{}+}}", serde_strict(&s.replace('+', " "))));
            let mut strict = Vec::new();
            to_writer(&mut strict, &s).expect("serialises");
            prop_assert_eq!(String::from_utf8(strict).expect("UTF-8"), ours);
        }
    }
}
