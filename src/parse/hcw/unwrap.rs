//! Undoing HCW's hard wraps where the parser could not tell them from line breaks: the wizard
//! cuts long lines at a width that differs between builds, in the middle of a word, and loses
//! no character; real line breaks inside an entry start indented lines (stack frames).

use std::borrow::Cow;

/// Whether a line is indented like a stack frame (`   at …`, `   --- End of inner exception
/// stack trace ---`): such a line follows a real line break, never a hard wrap.
pub fn is_indented(line: &str) -> bool {
    line.starts_with("  ") || line.starts_with('\t')
}

/// The text with HCW's hard wraps undone, whatever width the wizard wrapped at: a line break
/// followed by a line that is not indented like a stack frame is a wrap and is dropped (HCW
/// cuts in the middle of a word and loses no character). Breaks before indented lines stay.
pub fn unwrap_text(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 && (is_indented(line) || line.is_empty()) {
            out.push('\n');
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}
