//! Evidence lines and error texts in the reports: the whole text from [`crate::export`] (one
//! home for line → text), escaped, and wrapped for the plain-text report — never cut.

use crate::analyze::finding::Evidence;
use crate::escape::escape_keep_newlines;
use crate::pipeline::Analysis;

/// The whole text of an evidence line, control characters escaped (newlines kept).
pub fn evidence_text(a: &Analysis, ev: Evidence) -> Option<String> {
    crate::export::evidence_text(a, ev).map(|t| escape_keep_newlines(&t).into_owned())
}

/// `text` wrapped at spaces into lines of at most `width` characters (a longer word gets a line
/// of its own); its own line breaks are kept, nothing is left out.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if len > 0 && len + 1 + n > width {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += n;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_every_word() {
        let text = "The HTTP request is unauthorized with client authentication scheme 'Negotiate'. \
                    The authentication header received from the server was 'Negotiate,NTLM'.\nnext";
        let lines = wrap(text, 40);
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:?}");
        let words: Vec<&str> = text.split_whitespace().collect();
        let back = lines.join(" ");
        assert_eq!(back.split_whitespace().collect::<Vec<_>>(), words);
        assert_eq!(lines.last().map(String::as_str), Some("next"));
    }
}
