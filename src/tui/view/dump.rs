//! Making HCW object dumps readable: `Type {Prop='v' Prop2=1 …}` becomes one property per line.
//!
//! Dumps do not escape quotes inside values (`Message='… server 'x' could …'`), so a property
//! boundary is a space followed by `Name=` where the value so far is unquoted or just closed
//! with `'`, `]` or `}`. Values may span lines (stack traces); those lines stay with their
//! property. Text that does not look like a dump is returned unchanged.

#[cfg(test)]
mod tests;

/// Expands every object dump in an entry body; other lines pass through.
pub fn expand(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((ty, open)) = dump_start(lines[i]) {
            let mut text = lines[i][open..].to_string();
            let mut j = i;
            while !text.trim_end().ends_with('}') && j + 1 < lines.len() {
                j += 1;
                text.push('\n');
                text.push_str(lines[j]);
            }
            let trimmed = text.trim_end();
            if let Some(inner) = trimmed.strip_suffix('}') {
                out.push(format!("{ty} {{"));
                for prop in split_props(inner) {
                    let mut parts = prop.lines();
                    if let Some(first) = parts.next() {
                        out.push(format!("  {first}"));
                    }
                    out.extend(parts.map(|l| format!("    {}", l.trim_start())));
                }
                out.push("}".to_string());
                i = j + 1;
                continue;
            }
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    out
}

/// `(type name, byte index after "{")` when a line opens a dump: `Type.Name {Prop=…`.
fn dump_start(line: &str) -> Option<(&str, usize)> {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    let sp = t.find(" {")?;
    let ty = &t[..sp];
    let ty_ok = ty
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && ty
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '`' | '+'));
    let after = &t[sp + 2..];
    (ty_ok && (after.starts_with('}') || name_eq_at(after, 0).is_some()))
        .then_some((ty, lead + sp + 2))
}

/// Length of `Name=` at byte `at`, if there is one.
fn name_eq_at(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    if !b.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    let n = b[at..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    (b.get(at + n) == Some(&b'=')).then_some(n + 1)
}

fn quoted_value(text: &str, start: usize) -> bool {
    name_eq_at(text, start)
        .and_then(|n| text.as_bytes().get(start + n))
        .is_some_and(|c| matches!(c, b'\'' | b'[' | b'{' | b'"'))
}

fn split_props(inner: &str) -> Vec<String> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = quoted_value(inner, 0);
    let mut p = 1;
    while p < b.len() {
        if b[p] == b' ' && name_eq_at(inner, p + 1).is_some() {
            let closed = matches!(b[p - 1], b'\'' | b']' | b'}' | b'"');
            if !quoted || closed {
                out.push(inner[start..p].to_string());
                start = p + 1;
                quoted = quoted_value(inner, start);
            }
        }
        p += 1;
    }
    let last = inner[start..].trim_end();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}
