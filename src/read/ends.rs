//! Line ends of W3C logs. IIS and HTTP.sys end their lines in CRLF; a log that went through
//! other hands may end some or all of them in a bare LF or a bare CR (a classic Mac editor, a
//! transfer that turned CRLF into CR, logs of both kinds joined into one file). No W3C field
//! holds a CR (IIS writes `+` for a control character), so a CR ends a line unless an LF follows
//! it after any more CRs: CR CR LF is one line end (a log converted to CRLF twice). The W3C
//! readers turn each bare CR into an LF, one byte for one, so offsets stay the file's and lines
//! split at LF as before.
//!
//! A run of CRs that ends what has been read is undecided until the next byte comes. Where
//! nothing follows (the end of what has been written) it ends a line when the line end before
//! it is a bare CR: a CRLF log can end between a line's CR and LF while it is being written or
//! copied, and that line is not complete yet.

const CR: u8 = b'\r';
const LF: u8 = b'\n';

/// Whether `buf` holds a bare CR that a byte of `buf` follows (a CR run ending `buf` is not
/// looked at). A W3C log holds one CR a line at most, so a search for each CR with the byte
/// after it read costs less than comparing every byte with the next.
pub fn has_bare_cr(buf: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = memchr::memchr(CR, &buf[from..]) {
        let next = from + at + 1;
        match buf.get(next) {
            Some(&LF) => from = next + 1,
            Some(&CR) => from = next,
            Some(_) => return true,
            None => return false,
        }
    }
    false
}

/// Where the CR run that ends `buf` starts (`buf.len()` when `buf` does not end in a CR).
pub fn trailing_run(buf: &[u8]) -> usize {
    buf.iter().rposition(|&b| b != CR).map_or(0, |i| i + 1)
}

/// What [`to_lf`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// Where the undecided CR run ending the bytes starts (their length when there is none).
    pub run: usize,
    /// Whether the last line end before `run` is a bare CR; `None` when there is none.
    pub bare: Option<bool>,
}

/// Turns the bare CRs of `buf` into LFs, all but a CR run that ends it (undecided: what follows
/// decides, see [`end_run`]).
pub fn to_lf(buf: &mut [u8]) -> Tail {
    let run = trailing_run(buf);
    let bare = last_end_is_bare(&buf[..run]);
    let head = &mut buf[..run];
    if has_bare_cr(head) {
        let mut i = 0;
        while let Some(at) = memchr::memchr(CR, &head[i..]) {
            let from = i + at;
            let to = from + head[from..].iter().take_while(|&&b| b == CR).count();
            // `head` ends in a byte that is no CR: `to` is inside it.
            if head[to] != LF {
                head[from..to].fill(LF);
            }
            i = to;
        }
    }
    Tail { run, bare }
}

/// Decides the CR run `buf[run..]` that ends what has been written: line ends when the line
/// end before it is a bare CR (`bare_before`), else the CR of a CRLF whose LF is to come.
pub fn end_run(buf: &mut [u8], run: usize, bare_before: bool) {
    if bare_before {
        buf[run..].fill(LF);
    }
}

/// Whether the last line end of `buf` is a bare CR (`buf` must not end in a CR: see
/// [`trailing_run`]); `None` when it holds none.
fn last_end_is_bare(buf: &[u8]) -> Option<bool> {
    // The last CR or LF: a CR found last has neither after it, so no LF follows it.
    memchr::memrchr2(LF, CR, buf).map(|i| buf[i] == CR)
}

/// The end of the last complete line of `buf`, the start of what has been written after a line
/// end that was a bare CR when `bare_before` (0 when no line is complete).
pub fn last_line_end(buf: &[u8], bare_before: bool) -> usize {
    let run = trailing_run(buf);
    let before = &buf[..run];
    let last = memchr::memrchr2(LF, CR, before);
    if run < buf.len() && last.map_or(bare_before, |i| buf[i] == CR) {
        return buf.len();
    }
    last.map_or(0, |i| i + 1)
}

/// The line ends in `buf`, a CR run that ends it counted as line ends (`buf` ends where a
/// line ends: [`last_line_end`]).
pub fn count_lines(buf: &[u8]) -> u64 {
    let feeds = memchr::memchr_iter(LF, buf).count() as u64;
    let run = trailing_run(buf);
    let mut bare = (buf.len() - run) as u64;
    if has_bare_cr(&buf[..run]) {
        let head = &buf[..run];
        let mut i = 0;
        while let Some(at) = memchr::memchr(CR, &head[i..]) {
            let from = i + at;
            let to = from + head[from..].iter().take_while(|&&b| b == CR).count();
            if head[to] != LF {
                bare += (to - from) as u64;
            }
            i = to;
        }
    }
    feeds + bare
}

/// `text` with its bare CRs turned into LFs (one byte for one: offsets stay), a CR run that
/// ends it too after a bare CR ([`end_run`]); a transcoded log's text, held whole.
pub fn text_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    let tail = to_lf(&mut bytes);
    end_run(&mut bytes, tail.run, tail.bare.unwrap_or(false));
    // Only ASCII CRs became ASCII LFs.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Where the line starting at `buf[0]` ends (its text, without the line end): at the first CR
/// or LF; `buf.len()` when there is none.
pub fn line_len(buf: &[u8]) -> usize {
    memchr::memchr2(LF, CR, buf).unwrap_or(buf.len())
}

/// The lines of `buf` as `(start, end, ended)`: each one's text (without its line end) and
/// whether a line end follows it in `buf`; blank lines left out.
pub fn lines(buf: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < buf.len() {
            let start = at;
            let end = start + line_len(&buf[start..]);
            let ended = end < buf.len();
            at = end + buf[end..].iter().take_while(|&&b| b == CR).count();
            if buf.get(at) == Some(&LF) {
                at += 1;
            }
            if end > start {
                return Some((start, end, ended));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lf(text: &[u8]) -> (Vec<u8>, Tail) {
        let mut buf = text.to_vec();
        let tail = to_lf(&mut buf);
        (buf, tail)
    }

    proptest::proptest! {
        /// The search by CR finds what a look at every byte and the next finds.
        #[test]
        fn a_bare_cr_is_found_as_by_a_byte_pair_scan(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'\r', b'\n', b'a', b' ']), 0..200),
        ) {
            let pairs = bytes
                .windows(2)
                .any(|w| w[0] == CR && w[1] != LF && w[1] != CR);
            proptest::prop_assert_eq!(has_bare_cr(&bytes), pairs);
        }
    }

    #[test]
    fn a_cr_ends_a_line_unless_an_lf_follows_it() {
        assert_eq!(
            lf(b"a\r\nb\rc\nd\r\r\ne\r\rf").0,
            b"a\r\nb\nc\nd\r\r\ne\n\nf"
        );
        assert_eq!(lf(b"a\rb\r").0, b"a\nb\r");
        assert_eq!(
            lf(b"a\rb\r\r").1,
            Tail {
                run: 3,
                bare: Some(true)
            }
        );
        assert_eq!(lf(b"a\r\nb\r").1.bare, Some(false));
        assert_eq!(lf(b"\r\r").1, Tail { run: 0, bare: None });
        assert!(!has_bare_cr(b"a\r\nb\r\r\nc\r"));
        assert!(has_bare_cr(b"a\r\nb\rc"));
    }

    #[test]
    fn a_cr_that_ends_what_is_written_ends_a_line_after_a_bare_cr() {
        // A CRLF log cut between a line's CR and LF: that line is not complete.
        assert_eq!(last_line_end(b"#Software: IIS\r", false), 0);
        assert_eq!(last_line_end(b"a\r\nb\r", false), 3);
        assert_eq!(last_line_end(b"a\r\nb\r", true), 3);
        assert_eq!(last_line_end(b"a\rb\r", false), 4);
        assert_eq!(last_line_end(b"b\r", true), 2);
        assert_eq!(last_line_end(b"a\rb", false), 2);
        assert_eq!(last_line_end(b"ab", true), 0);
        assert_eq!(count_lines(b"a\r\nb\rc\r\r\nd\re\r\r"), 6);
        let mut buf = b"a\rb\r".to_vec();
        end_run(&mut buf, 3, true);
        assert_eq!(buf, b"a\rb\n");
    }

    #[test]
    fn lines_split_at_any_line_end() {
        let buf = b"a\r\nbb\rc\n\r\nd\r\r\ne";
        let got: Vec<_> = lines(buf).map(|(s, e, x)| (&buf[s..e], x)).collect();
        let want: Vec<(&[u8], bool)> = vec![
            (b"a", true),
            (b"bb", true),
            (b"c", true),
            (b"d", true),
            (b"e", false),
        ];
        assert_eq!(got, want);
        assert_eq!(line_len(b"abc\rdef"), 3);
    }
}
