//! W3C logs whose lines end in a bare CR: a log saved by a classic Mac editor, or a copy that
//! dropped the line feeds (a transfer that turned CRLF into CR). IIS and HTTP.sys write CRLF,
//! and no W3C field holds a CR (IIS writes a space in a value as `+`), so every CR of such a
//! file is a line end: it is read as lines, as the same log with CRLF ends would be, rather
//! than as one line that holds nothing. A file is taken for one when its first 64 KiB hold a
//! CR and no line feed; it is then read whole into memory (such files are rare and small).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// How much of the start of a file decides.
const HEAD: u64 = 64 * 1024;

/// Whether `head`, a file's first bytes, ends its lines in bare CRs: it holds no line feed and
/// a CR that something follows. A CR that ends the head says nothing: a CRLF log being written
/// (or copied) can end between its first line's CR and LF.
pub(super) fn bare_cr(head: &[u8]) -> bool {
    let inner = head.split_last().map_or(&[][..], |(_, rest)| rest);
    memchr::memchr(b'\r', inner).is_some() && memchr::memchr(b'\n', head).is_none()
}

/// Whether `file`'s first 64 KiB end their lines in bare CRs ([`bare_cr`]); reads from its
/// start.
pub(super) fn file_is_bare_cr(mut file: &File) -> io::Result<bool> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = Vec::new();
    file.take(HEAD).read_to_end(&mut head)?;
    Ok(bare_cr(&head))
}

/// `text` with each bare CR read as a line end (one byte for one: offsets stay).
pub(super) fn as_lines(text: String) -> String {
    if !text.contains('\r') || text.contains('\n') {
        return text;
    }
    text.replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_head_with_a_cr_and_no_line_feed_has_bare_cr_line_ends() {
        assert!(bare_cr(b"#Version: 1.0\r#Fields: date\r"));
        assert!(!bare_cr(b"#Version: 1.0\r\n#Fields: date\r\n"));
        assert!(!bare_cr(b"#Version: 1.0\n"));
        assert!(!bare_cr(b""));
        // A CRLF log cut between its first line's CR and LF.
        assert!(!bare_cr(
            b"#Software: Microsoft Internet Information Services 10.0\r"
        ));
        assert!(bare_cr(b"#Version: 1.0\r#"));
        assert_eq!(as_lines("a\rb\r".into()), "a\nb\n");
        assert_eq!(as_lines("a\r\nb\r".into()), "a\r\nb\r");
    }
}
