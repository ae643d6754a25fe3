//! Where a PowerShell command in remedy prose starts and ends: `.\\script.ps1 …`, or
//! `Verb-Noun` (an approved verb) followed by parameters, a first value given without its name
//! (a host, an address, a path) or a pipeline.

/// PowerShell's approved verbs that remedies use.
const VERBS: &[&str] = &[
    "Add",
    "Clear",
    "Disable",
    "Enable",
    "Export",
    "Format",
    "Get",
    "Import",
    "Install",
    "Invoke",
    "New",
    "Register",
    "Remove",
    "Resolve",
    "Restart",
    "Resume",
    "Select",
    "Set",
    "Start",
    "Stop",
    "Suspend",
    "Test",
    "Uninstall",
    "Unlock",
    "Unregister",
    "Update",
    "Where",
];

/// The end of a command starting at `at`, if one does.
pub(super) fn command_at(line: &str, at: usize) -> Option<usize> {
    let rest = &line[at..];
    let script = rest.starts_with(".\\") || rest.starts_with("& ");
    let cmdlet = is_cmdlet_name(word(rest));
    if !script && !cmdlet {
        return None;
    }
    let mut end = at + word(rest).len();
    let mut args = 0;
    let mut expect_value = script;
    loop {
        let tail = &line[end..];
        let spaces = tail.len() - tail.trim_start_matches(' ').len();
        let next = &tail[spaces..];
        if next.is_empty() || spaces == 0 {
            break;
        }
        let token = if next.starts_with('-') && next[1..].starts_with(|c: char| c.is_alphabetic()) {
            expect_value = true;
            word(next)
        } else if let Some(after) = next.strip_prefix("| ") {
            let stage = word(after.trim_start());
            if stage.is_empty() {
                break;
            }
            expect_value = true;
            &next[..next.len() - after.trim_start().len() + stage.len()]
        } else if expect_value && let Some(v) = value(next) {
            expect_value = false;
            v
        } else if cmdlet
            && args == 0
            && let Some(v) = positional(next)
        {
            // `Resolve-DnsName mail.contoso.com`, `Test-NetConnection mail.contoso.com -Port 443`.
            v
        } else {
            break;
        };
        args += 1;
        end += spaces + token.len();
    }
    let text = line[at..end].trim_end_matches(['.', ',', ';', ':']);
    (script || args > 0).then_some(at + text.len())
}

/// A parameter value: quoted, parenthesised, a `<placeholder>`, or a name-like token.
fn value(s: &str) -> Option<&str> {
    let close = match s.chars().next()? {
        '\'' => Some('\''),
        '"' => Some('"'),
        '(' => Some(')'),
        '<' => Some('>'),
        _ => None,
    };
    if let Some(close) = close {
        let open = s.chars().next()?;
        let mut depth = 0usize;
        for (i, c) in s.char_indices() {
            if c == open && (open != close || i == 0) {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(&s[..i + c.len_utf8()]);
                }
            }
        }
        return None;
    }
    let w = word(s);
    let value_like = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        || w.starts_with(['$', '@', '.', '\\'])
        || w.contains(['.', '\\', ':', '/', '@', ',']);
    (!w.is_empty() && value_like).then_some(w)
}

/// A first value given without its parameter name: a host name, an address or a path
/// (`mail.contoso.com`, `8.8.8.8`, `C:\\logs`), never a word ending a sentence (`again.`).
fn positional(s: &str) -> Option<&str> {
    let w = word(s);
    let inner = w.trim_end_matches(['.', ',', ';', ':']);
    let starts = inner.starts_with(|c: char| c.is_ascii_alphanumeric());
    (starts && inner.contains(['.', '\\', '/'])).then_some(w)
}

/// The token at the start of `s`: up to whitespace, `;`, or a `)` that closes nothing in it.
fn word(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            ' ' | '\t' | ';' => return &s[..i],
            '(' => depth += 1,
            ')' if depth == 0 => return &s[..i],
            ')' => depth -= 1,
            _ => {}
        }
    }
    s
}

/// `Get-WebServicesVirtualDirectory`: an approved verb, a dash and a capitalised noun.
fn is_cmdlet_name(w: &str) -> bool {
    let Some((verb, noun)) = w.split_once('-') else {
        return false;
    };
    VERBS.contains(&verb)
        && noun.starts_with(|c: char| c.is_ascii_uppercase())
        && noun.chars().all(|c| c.is_ascii_alphanumeric())
}
