//! The IIS log folders named by `applicationHost.config`: each `<site>`'s id and its
//! `<logFile directory=…>`, else the `<siteDefaults>` one, else IIS's default
//! `%SystemDrive%\inetpub\logs\LogFiles`. A tolerant scan of tags and attributes, not an XML
//! parser: comments are dropped, attribute order, quotes and case do not matter, and a damaged
//! file still gives the default sites 1 and 2 (Default Web Site, Exchange Back End).

/// IIS's default log directory.
pub const DEFAULT_DIRECTORY: &str = r"%SystemDrive%\inetpub\logs\LogFiles";

/// One site's log folder: `<directory>\W3SVC<id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLog {
    /// The site's name.
    pub name: String,
    /// The site's id.
    pub id: u32,
    /// The log directory as written (with `%SystemDrive%` and the like).
    pub directory: String,
}

/// The sites of the configuration text and their log directories; the two Exchange sites with
/// the default directory when the text names no site.
pub fn site_log_folders(config: &str) -> Vec<SiteLog> {
    let text = strip_comments(config);
    let defaults = section(&text, "siteDefaults")
        .and_then(|s| tags(s, "logFile").find_map(|t| attr(t, "directory")))
        .unwrap_or_else(|| DEFAULT_DIRECTORY.to_string());
    let mut sites = Vec::new();
    let mut rest = text.as_str();
    while let Some((tag, body, after)) = next_element(rest, "site") {
        rest = after;
        let Some(id) = attr(tag, "id").and_then(|v| v.trim().parse::<u32>().ok()) else {
            continue;
        };
        let directory = body
            .and_then(|b| tags(b, "logFile").find_map(|t| attr(t, "directory")))
            .unwrap_or_else(|| defaults.clone());
        sites.push(SiteLog {
            name: attr(tag, "name").unwrap_or_default(),
            id,
            directory,
        });
    }
    if sites.is_empty() {
        for (id, name) in [(1, "Default Web Site"), (2, "Exchange Back End")] {
            sites.push(SiteLog {
                name: name.to_string(),
                id,
                directory: defaults.clone(),
            });
        }
    }
    sites
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    out.push_str(rest);
    out
}

/// Where a tag named exactly `name` (case-insensitive) starts in `text`: `<name` followed by
/// white space, `>` or `/`.
fn find_tag(text: &str, name: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find('<') {
        let at = from + i;
        let end = at + 1 + name.len();
        if end <= b.len()
            && b[at + 1..end].eq_ignore_ascii_case(name.as_bytes())
            && b.get(end)
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The next `<name …>` element: its opening tag, its body (none when self-closed or
/// unterminated) and the text after it.
fn next_element<'t>(text: &'t str, name: &str) -> Option<(&'t str, Option<&'t str>, &'t str)> {
    let start = find_tag(text, name)?;
    let close = text[start..].find('>').map_or(text.len(), |j| start + j);
    let tag = &text[start..close];
    let after_tag = (close + 1).min(text.len());
    if tag.ends_with('/') {
        return Some((tag, None, &text[after_tag..]));
    }
    let end_tag = format!("</{name}");
    let lower = text[after_tag..].to_ascii_lowercase();
    match lower.find(&end_tag.to_ascii_lowercase()) {
        Some(j) => Some((
            tag,
            Some(&text[after_tag..after_tag + j]),
            &text[after_tag + j..],
        )),
        None => Some((tag, None, &text[after_tag..])),
    }
}

/// The body of the first `<name>…</name>` element.
fn section<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    next_element(text, name).and_then(|(_, body, _)| body)
}

/// The opening tags named `name` in `text`.
fn tags<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = &'t str> + 't {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = find_tag(rest, name)?;
        let close = rest[start..].find('>').map_or(rest.len(), |j| start + j);
        let tag = &rest[start..close];
        rest = &rest[close..];
        Some(tag)
    })
}

/// The value of attribute `name` in an opening tag (`name="v"` or `name='v'`), entities for
/// quotes and ampersands decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let b = tag.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let boundary = i > 0 && b[i - 1].is_ascii_whitespace();
        let end = i + name.len();
        if boundary && end <= b.len() && b[i..end].eq_ignore_ascii_case(name.as_bytes()) {
            let mut j = end;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let quote = *b.get(j)?;
                if quote == b'"' || quote == b'\'' {
                    let v = &tag[j + 1..];
                    let v = &v[..v.find(quote as char).unwrap_or(v.len())];
                    return Some(
                        v.replace("&quot;", "\"")
                            .replace("&apos;", "'")
                            .replace("&amp;", "&"),
                    );
                }
            }
        }
        i += 1;
    }
    None
}
