//! Remedy prose as Markdown: every PowerShell command, on its own line or inside a sentence,
//! goes into a fenced `powershell` block (indented to stay inside its list item); the prose
//! around it stays prose.
//!
//! A command is `.\script.ps1 …`, or `Verb-Noun` followed by parameters or a pipeline; it runs
//! over `-Parameters`, their values (quoted, parenthesised, `<placeholders>`, names, paths) and
//! `| Verb-Noun …` stages, and ends at `;`, at a plain lower-case word or at the end of the line.

use crate::escape::escape_keep_newlines;

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
    "Restart",
    "Resume",
    "Select",
    "Set",
    "Start",
    "Stop",
    "Suspend",
    "Test",
    "Uninstall",
    "Unregister",
    "Update",
    "Where",
];

/// One piece of a remedy line.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Prose(&'a str),
    Command(&'a str),
}

/// The remedy as Markdown with commands fenced.
pub fn remedy_markdown(text: &str) -> String {
    let text = escape_keep_newlines(text);
    let mut out = String::new();
    let mut after_list_or_block = false;
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let marker = list_marker(body);
        if lead == 0 && marker == 0 && after_list_or_block && !out.ends_with("\n\n") {
            out.push('\n');
        }
        let indent = " ".repeat(lead + marker);
        let pieces = split(body);
        let mut first = true;
        let mut fenced = false;
        for p in pieces {
            match p {
                Piece::Prose(t) => {
                    let t = tidy_prose(t, !first);
                    if t.is_empty() {
                        continue;
                    }
                    let pad = if first {
                        " ".repeat(lead)
                    } else {
                        indent.clone()
                    };
                    out.push_str(&pad);
                    out.push_str(&t);
                    out.push('\n');
                }
                Piece::Command(c) => {
                    if first && lead + marker > 0 && marker > 0 {
                        // A list item that opens with a command keeps its marker.
                        out.push_str(&" ".repeat(lead));
                        out.push_str(&body[..marker]);
                        out.push('\n');
                    }
                    if !out.is_empty() && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                    out.push_str(&fence(c, &indent));
                    out.push('\n');
                    fenced = true;
                }
            }
            first = false;
        }
        after_list_or_block = marker > 0 || lead > 0 || fenced;
    }
    out.trim_end().to_string()
}

/// True when the line (leading spaces aside) starts with a command that runs on: a line to keep
/// whole when text is wrapped.
pub fn starts_with_command(line: &str) -> bool {
    let body = line.trim_start();
    command_at(body, 0).is_some()
}

/// A fenced `powershell` block, every line indented.
pub fn fence(command: &str, indent: &str) -> String {
    super::md::fenced("powershell", command.trim().lines(), indent)
}

/// Bytes of a leading `1. ` or `- ` list marker.
fn list_marker(body: &str) -> usize {
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && body[digits..].starts_with(". ") {
        return digits + 2;
    }
    if body.starts_with("- ") || body.starts_with("* ") {
        return 2;
    }
    0
}

/// Prose around a lifted command: no dangling `(`, `)`, `;` or `,` where the command was.
fn tidy_prose(t: &str, after_command: bool) -> String {
    let mut t = t.trim();
    if after_command {
        t = t.trim_start_matches([')', ';', ',', ' ']);
        if t == "." {
            return String::new();
        }
        if let Some(rest) = t.strip_prefix(". ") {
            t = rest.trim_start();
        }
    }
    let t = t.strip_suffix('(').map_or(t, str::trim_end);
    t.to_string()
}

/// The line cut into prose and commands.
fn split(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut prose_from = 0;
    let mut at = 0;
    while at < line.len() {
        let boundary = at == 0 || matches!(line[..at].chars().next_back(), Some(' ' | '(' | ':'));
        if boundary && let Some(end) = command_at(line, at) {
            if prose_from < at {
                out.push(Piece::Prose(&line[prose_from..at]));
            }
            out.push(Piece::Command(&line[at..end]));
            prose_from = end;
            at = end;
            continue;
        }
        at += line[at..].chars().next().map_or(1, char::len_utf8);
    }
    if prose_from < line.len() {
        out.push(Piece::Prose(&line[prose_from..]));
    }
    out
}

/// The end of a command starting at `at`, if one does.
fn command_at(line: &str, at: usize) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_commands_are_lifted_into_fences() {
        let md = remedy_markdown(
            "Check the account TAILSPIN\\svc-hybrid. Then test: Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer mail.tailspin.com -Credentials (Get-Credential TAILSPIN\\svc-hybrid); when it succeeds, update the endpoint with Set-MigrationEndpoint -Credentials.",
        );
        assert_eq!(
            md,
            "Check the account TAILSPIN\\svc-hybrid. Then test:\n\n```powershell\n\
             Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer mail.tailspin.com -Credentials (Get-Credential TAILSPIN\\svc-hybrid)\n```\n\n\
             when it succeeds, update the endpoint with\n\n```powershell\nSet-MigrationEndpoint -Credentials\n```"
        );
    }

    #[test]
    fn script_lines_in_a_list_stay_in_the_item() {
        let md = remedy_markdown(
            "Fix:\n1. On the agent host run Get-HybridApplication (HybridManagement module): it names the servers.\n2. Run the script:\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   This leaves EWS unprotected.\nLast resort only: nothing.",
        );
        assert!(
            md.contains("2. Run the script:\n\n   ```powershell\n   .\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\"\n   ```\n"),
            "{md}"
        );
        assert!(
            md.contains("Get-HybridApplication (HybridManagement module)"),
            "a bare name is not a command: {md}"
        );
        assert!(md.contains("\n\nLast resort only"), "{md}");
    }

    #[test]
    fn pipelines_and_plain_words_end_where_they_should() {
        let md = remedy_markdown(
            "Check that MRS proxy is enabled (Get-WebServicesVirtualDirectory | Format-Table Identity,MRSProxyEnabled). Load the logs. .\\X.ps1 -PrerequisitesCheckOnly confirms it.",
        );
        assert!(
            md.contains("```powershell\nGet-WebServicesVirtualDirectory | Format-Table Identity,MRSProxyEnabled\n```"),
            "{md}"
        );
        assert!(
            md.contains("```powershell\n.\\X.ps1 -PrerequisitesCheckOnly\n```\n\nconfirms it."),
            "{md}"
        );
        assert!(md.contains("Load the logs."), "{md}");
    }
}
