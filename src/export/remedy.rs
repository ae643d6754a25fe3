//! Remedy prose as Markdown: every PowerShell command, on its own line or inside a sentence,
//! goes into a fenced `powershell` block (indented to stay inside its list item); the prose
//! around it stays prose.
//!
//! A command is `.\script.ps1 …`, or `Verb-Noun` followed by parameters, a first value given
//! without its name (a host, an address, a path) or a pipeline; it runs over `-Parameters`,
//! their values (quoted, parenthesised, `<placeholders>`, names, paths) and
//! `| Verb-Noun …` stages, and ends at `;`, at a plain lower-case word or at the end of the line.

use crate::escape::escape_keep_newlines;

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
        for (i, p) in pieces.iter().enumerate() {
            let before_command = matches!(pieces.get(i + 1), Some(Piece::Command(_)));
            match *p {
                Piece::Prose(t) => {
                    let t = tidy_prose(t, !first, before_command);
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

/// Prose around a lifted command: no dangling `(`, `)`, `;` or `,` where the command was. A
/// parenthesis the command closed (`… (the host of the EWS ExternalUrl: Get-… | Format-List
/// …)`) is not left open before the block: it becomes a comma.
fn tidy_prose(t: &str, after_command: bool, before_command: bool) -> String {
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
    match unclosed_paren(t).filter(|_| before_command) {
        Some(at) => format!("{}, {}", t[..at].trim_end(), t[at + 1..].trim_start()),
        None => t.to_string(),
    }
}

/// Where the last `(` that nothing closes is, if one is.
fn unclosed_paren(t: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in t.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
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

mod command;
use command::command_at;

#[cfg(test)]
mod tests;
