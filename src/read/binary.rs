//! Telling binary data from a text log with a few damaged bytes, on the decoded start of a file
//! (every kind of text log is sniffed through here).
//!
//! The sample is judged after decoding, so UTF-16 (with or without a BOM) has already lost the
//! NUL in every other byte. What is left is binary when more than one character in ten is not
//! text: a control character other than tab, line ends, form feed and the DOS end-of-file mark,
//! an undecodable byte (U+FFFD), or a run of NULs. A run of NULs counts once, however long: a
//! zeroed block or a torn write in a log is damage in one place (its lines are counted as
//! damaged by the parsers), while executables, archives, images, compressed data and event log
//! chunks scatter NULs, control bytes and invalid UTF-8 all through their first kilobytes.
//! A zeroed block at the very head of a log (the clusters a crash left unwritten, the header
//! IIS writes on restart behind them) is looked past before judging ([`after_zeroed_head`]).

/// How many characters of the decoded start are judged.
const SAMPLE: usize = 4096;

/// Whether the decoded start of a file is binary data rather than text.
pub(super) fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    let mut in_nuls = false;
    for c in text.chars().take(SAMPLE) {
        if c == '\0' {
            if !in_nuls {
                total += 1;
                odd += 1;
            }
            in_nuls = true;
            continue;
        }
        in_nuls = false;
        total += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1a');
        odd += usize::from(control || c == '\u{fffd}');
    }
    odd * 10 > total
}

/// Fewest leading NUL bytes read as a zeroed block rather than text (UTF-16BE without a byte
/// order mark starts with one NUL; a zeroed block is at least a disk sector).
pub(in crate::read) const ZEROED_HEAD: usize = 16;

/// The start of a file behind a zeroed block at its head (the clusters a crash left unwritten,
/// with the header IIS writes when it starts again behind them), an even number of bytes in.
pub(in crate::read) fn after_zeroed_head(head: &[u8]) -> &[u8] {
    let nuls = head.iter().take_while(|&&b| b == 0).count();
    if nuls < ZEROED_HEAD {
        head
    } else {
        &head[nuls & !1..]
    }
}

#[cfg(test)]
mod tests {
    use super::looks_binary;

    /// HCW lines as the wizard writes them.
    fn hcw_log() -> String {
        let mut t = String::from(
            "2024.11.05 14:21:55.651               Current Time Zone: W. Europe Standard Time (2:21:55 PM)\r\n",
        );
        for i in 0..60 {
            t += &format!(
                "2024.11.05 14:21:{:02}.{i:03}         10016 [Client=UX, Thread=1] Startup Options: boot\r\n",
                i % 60
            );
        }
        t
    }

    /// Deterministic bytes that look like compressed data.
    fn noise(n: usize) -> Vec<u8> {
        let mut x: u32 = 0x1234_5678;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn text_logs_with_a_few_damaged_bytes_are_text() {
        let log = hcw_log();
        assert!(!looks_binary(&log));
        // One NUL in the third line.
        let at = log.match_indices('\n').nth(1).map_or(0, |(i, _)| i) + 30;
        let mut one = log.clone();
        one.insert(at, '\0');
        assert!(!looks_binary(&one));
        // A zeroed 512-byte block near the top.
        let mut block = log.clone();
        block.insert_str(at, &"\0".repeat(512));
        assert!(!looks_binary(&block));
        // A few NULs and control bytes scattered over the sample.
        let scattered: String = log
            .chars()
            .enumerate()
            .map(|(i, c)| if i % 400 == 399 { '\0' } else { c })
            .collect();
        assert!(!looks_binary(&scattered));
    }

    #[test]
    fn binary_data_is_binary() {
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert!(looks_binary(&lossy(&noise(8192))), "compressed or random");
        // A PE header: `MZ`, small numbers in zero-padded fields, then the DOS stub.
        let mut pe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00".to_vec();
        pe.extend_from_slice(&[0u8; 40]);
        pe.extend_from_slice(b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21");
        pe.extend_from_slice(b"This program cannot be run in DOS mode.\r\r\n$\x00\x00");
        pe.extend(
            noise(2048)
                .iter()
                .enumerate()
                .map(|(i, b)| if i % 3 == 0 { 0 } else { *b }),
        );
        assert!(looks_binary(&lossy(&pe)), "an executable");
        // An event log chunk: binary XML with UTF-16 names and many small fields.
        let mut chunk = b"ElfChnk\x00".to_vec();
        for i in 0..200u8 {
            chunk.extend_from_slice(&[0x0f, 0x01, 0x01, 0x00, 0x0c, i, 0x00, 0x00]);
            chunk.extend("Event".encode_utf16().flat_map(u16::to_le_bytes));
        }
        assert!(looks_binary(&lossy(&chunk)), "an .evtx chunk");
        assert!(looks_binary(&"\0".repeat(5000)), "nothing but NULs");
    }
}
