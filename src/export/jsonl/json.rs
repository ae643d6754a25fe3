//! Writing JSON numbers for the hand-framed request objects, byte for byte as serde_json writes
//! them: in decimal without allocating (strings: `string.rs`), line numbers counted up in
//! place; and the checks of addresses and ports. A test checks them against serde_json.

/// `00` to `99`.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `v` in decimal: up to three digits as one copy of known size (statuses, codes,
/// times), longer numbers two digits at a time.
#[inline(always)]
pub fn number(out: &mut Vec<u8>, v: u64) {
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    if v < 100 {
        let pair = v as usize * 2;
        out.extend_from_slice(&[PAIRS[pair], PAIRS[pair + 1]]);
        return;
    }
    if v < 1000 {
        let pair = (v % 100) as usize * 2;
        out.extend_from_slice(&[b'0' + (v / 100) as u8, PAIRS[pair], PAIRS[pair + 1]]);
        return;
    }
    longer(out, v);
}

/// [`number`] of four digits and more.
#[inline(never)]
fn longer(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    while v >= 100 {
        let pair = (v % 100) as usize * 2;
        v /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if v >= 10 {
        let pair = v as usize * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + v as u8;
    }
    out.extend_from_slice(&buf[at..]);
}

/// Line numbers written one after another: the text of the last one is kept and, when the next
/// is one more (consecutive lines of a block), counted up in place rather than written anew.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    last: u64,
    /// The digits of `last`, left-aligned; `len` of them (0: none written yet).
    text: [u8; 20],
    len: usize,
}

impl Counter {
    /// Writes `v` in decimal, as [`number`] does.
    #[inline]
    pub fn write(&mut self, out: &mut Vec<u8>, v: u64) {
        if self.len == 0 || v != self.last.wrapping_add(1) || !self.count_up() {
            self.len = digits(v, &mut self.text);
        }
        self.last = v;
        // A copy of known size, then cut to the digits.
        let at = out.len();
        out.extend_from_slice(&self.text);
        out.truncate(at + self.len);
    }

    /// Adds one to the digits; false when that needs one more digit (written anew then).
    #[inline]
    fn count_up(&mut self) -> bool {
        let mut i = self.len;
        while i > 0 {
            i -= 1;
            match self.text.get_mut(i) {
                Some(d) if *d == b'9' => *d = b'0',
                Some(d) => {
                    *d += 1;
                    return true;
                }
                None => return false,
            }
        }
        false
    }
}

/// Writes `v` in decimal at the start of `buf`; returns how many digits.
fn digits(v: u64, buf: &mut [u8; 20]) -> usize {
    let mut text = Vec::with_capacity(20);
    number(&mut text, v);
    let n = text.len().min(20);
    buf[..n].copy_from_slice(&text[..n]);
    n
}

/// Whether `v` is a dotted IPv4 address (four numbers up to 255, each of one to three digits),
/// the common case, checked before the general parser.
pub fn is_ipv4(v: &[u8]) -> bool {
    if v.len() < 7 || v.len() > 15 {
        return false;
    }
    // At most fifteen digits: no overflow.
    let (mut parts, mut digits, mut n) = (0, 0, 0u64);
    for &c in v {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            n = n * 10 + u64::from(d);
            digits += 1;
        } else if c == b'.' && (1..=3).contains(&digits) && n <= 255 {
            parts += 1;
            (digits, n) = (0, 0);
        } else {
            return false;
        }
    }
    parts == 3 && (1..=3).contains(&digits) && n <= 255
}

/// Writes a port number as IIS logs it: `0`–`65535` in decimal, copied when it is written
/// the way JSON writes it, else read (a leading `+` or zeros allowed, as `u16`'s parser allows
/// them) and written. False when it is no such number.
pub fn port(out: &mut Vec<u8>, b: &[u8]) -> bool {
    let digits = !b.is_empty() && b.len() <= 5 && b.iter().all(u8::is_ascii_digit);
    if digits && (b[0] != b'0' || b.len() == 1) {
        let n = b.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'));
        if n <= 0xffff {
            out.extend_from_slice(b);
            return true;
        }
        return false;
    }
    match std::str::from_utf8(b).map(str::parse::<u16>) {
        Ok(Ok(n)) => {
            number(out, u64::from(n));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::export::jsonl::string::tests::json;

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
        fn numbers_as_serde_json_writes_them(n in any::<u64>()) {
            prop_assert_eq!(json(|b| number(b, n)), n.to_string());
            prop_assert_eq!(json(|b| number(b, n % 1000)), (n % 1000).to_string());
        }

        #[test]
        fn counted_line_numbers_as_numbers(start in any::<u64>(), small in 0u64..2000, steps in proptest::collection::vec(0u64..3, 1..40)) {
            let mut c = Counter::default();
            for first in [start, small, 99_999_999_999_999_990, u64::MAX - 5] {
                let mut v = first;
                for step in &steps {
                    prop_assert_eq!(json(|b| c.write(b, v)), v.to_string());
                    v = v.saturating_add(*step);
                }
            }
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
            let mut out = Vec::new();
            let ok = port(&mut out, s.as_bytes());
            prop_assert_eq!(ok, s.parse::<u16>().is_ok());
            let want = s.parse::<u16>().map(|n| n.to_string()).unwrap_or_default();
            prop_assert_eq!(String::from_utf8(out).expect("UTF-8"), want);
        }
    }
}
