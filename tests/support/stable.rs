//! Stable report text for snapshots: the checkout path becomes `<repo>`, and on Windows the
//! `\` (`\\` in JSON) of paths after it becomes `/`, so one snapshot serves both builds.

/// `text` with the checkout path replaced (and, on Windows, its separators made `/`).
pub fn stable(text: &str) -> String {
    let text = text.replace(env!("CARGO_MANIFEST_DIR"), "<repo>");
    if cfg!(windows) {
        forward_slashes_after_repo(&text)
    } else {
        text
    }
}

fn forward_slashes_after_repo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<repo>") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find([' ', ':', ')', '"', '`', '\n'])
            .unwrap_or(tail.len());
        out.push_str(&tail[..end].replace("\\\\", "/").replace('\\', "/"));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}
