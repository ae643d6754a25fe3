//! Counted nouns in what hcwlens prints: `1 file`, `3 files`. The one home for plurals of
//! regular English nouns, so that no message says `1 files` or falls back to `file(s)`; and,
//! in `duration`, for lengths of time (`5.4 s`, `5 min 54 s`) and clock differences
//! (`+1 min 35 s`, the one wording of a skew); a client address a log does
//! not name.

mod duration;
pub use duration::{call_duration, clock_gap, clock_shift, run_length};

/// `n` and `one` in the singular or plural (`s` added): `1 file`, `0 files`, `3 files`.
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What a sentence says for a client a W3C log names no address of (a field set without
/// `c-ip`): never an empty gap (`from  that ended`).
pub const CLIENT_NOT_LOGGED: &str = "an address the log does not name (no c-ip)";

/// The same where a screen row has no room for a sentence.
pub const CLIENT_NOT_LOGGED_SHORT: &str = "(c-ip not logged)";

/// A client address as said in a sentence: the address, or [`CLIENT_NOT_LOGGED`].
pub fn client(address: &str) -> &str {
    if address.is_empty() {
        CLIENT_NOT_LOGGED
    } else {
        address
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_every_other_count_plural() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(count(3, "IIS folder"), "3 IIS folders");
    }
}
