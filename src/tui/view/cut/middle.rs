//! Shortening a word too long for a row in its middle (`7d4f1c2a-93b6…his.msappproxy.net`), so
//! a title that starts with a long host name still shows the host's ends and the words after
//! it, where cutting between words alone ([`super::cut_line`]) would leave only `ERROR…`.

/// `text` with each whitespace-separated word longer than `max` characters cut in its middle
/// with `…`: its start up to a `-` or `.` boundary and its end from one (a host's domain), at
/// most `max` characters in all; spaces as they were.
pub fn shorten_words(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            out.push_str(&middle(&word, max));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&middle(&word, max));
    out
}

fn boundary(c: char) -> bool {
    matches!(c, '.' | '-' | '/' | '\\' | '_')
}

/// One word in at most `max` characters: whole when it fits, else its start, `…`, its end.
fn middle(word: &str, max: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n <= max || max < 5 {
        return word.to_string();
    }
    let room = max - 1;
    // The end: the longest that starts after a boundary and takes at most two thirds.
    let tail_max = room * 2 / 3;
    let tail_start = (n - tail_max..n)
        .find(|&p| p > 0 && boundary(chars[p - 1]))
        .unwrap_or(n - room / 2);
    let head_max = room - (n - tail_start);
    // The start: back to a boundary in its second half, separators dropped.
    let head_end = (head_max / 2..=head_max)
        .rev()
        .find(|&p| p < n && boundary(chars[p]))
        .unwrap_or(head_max);
    let head: String = chars[..head_end].iter().collect();
    let head = head.trim_end_matches(boundary);
    let tail: String = chars[tail_start..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::shorten_words;

    const AGENT: &str =
        "7d4f1c2a-93b6-4e0d-a5f8-61c2e9b04d37.resource.mailboxmigration.his.msappproxy.net";

    #[test]
    fn a_long_host_keeps_its_start_and_its_domain() {
        let out = shorten_words(&format!("{AGENT} answered (503)"), 34);
        assert_eq!(out, "7d4f1c2a-93b6…his.msappproxy.net answered (503)");
    }

    #[test]
    fn every_word_fits_and_short_ones_are_whole() {
        for max in 5..AGENT.len() {
            let out = shorten_words(AGENT, max);
            assert!(out.chars().count() <= max, "{max}: {out}");
            assert!(out.contains('…'), "{max}: {out}");
        }
        assert_eq!(shorten_words("a  b\tc", 5), "a  b\tc");
        assert_eq!(shorten_words("abcdefghijklmnop", 9), "abcd…mnop");
    }
}
