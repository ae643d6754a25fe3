//! The readable plain-text block printed by `hcwlens decode` for each decoded item.

use super::query::{CodeMatch, Decoded, IisMatch, Via};
use super::{HcwCode, HttpErrReason, hex, signed};

/// Text width the blocks are wrapped to.
const WIDTH: usize = 78;
/// Width of the label column.
const LABEL: usize = 10;

/// One block per item, separated by blank lines; plain text, no colours, ends with a newline.
pub fn render_decoded(items: &[Decoded]) -> String {
    let blocks: Vec<String> = items.iter().map(render_one).collect();
    blocks.join("\n")
}

fn render_one(item: &Decoded) -> String {
    let mut out = String::new();
    match item {
        Decoded::Code(found) => code_block(&mut out, 0, found, true),
        Decoded::Iis(found) => iis_block(&mut out, found),
        Decoded::HttpErr(reason) => httperr_block(&mut out, reason),
        Decoded::Hcw(code) => hcw_block(&mut out, code),
    }
    out
}

fn code_block(out: &mut String, indent: usize, found: &CodeMatch, with_hint: bool) {
    let info = found.info;
    let title = match found.via {
        Via::Win32InHresult => format!(
            "{} ({} wrapped in an HRESULT)",
            info.name,
            info.kind.label()
        ),
        _ => format!("{} ({})", info.name, info.kind.label()),
    };
    line(out, indent, &title);
    let inner = indent + 2;
    field(out, inner, "hex", &hex(found.value));
    field(out, inner, "unsigned", &found.value.to_string());
    field(out, inner, "signed", &signed(found.value).to_string());
    match found.via {
        Via::Direct => {}
        Via::HexDigits => field(
            out,
            inner,
            "note",
            "the digits were read as hex (no decimal code matches)",
        ),
        Via::Win32InHresult => field(
            out,
            inner,
            "wraps",
            &format!("Win32 code {} (HRESULT_FROM_WIN32)", info.value),
        ),
    }
    field(out, inner, "meaning", info.meaning);
    if let Some(hint) = info.hint.filter(|_| with_hint) {
        field(out, inner, "hint", hint);
    }
}

fn iis_block(out: &mut String, found: &IisMatch) {
    let title = match (found.substatus, found.win32) {
        (Some(sub), Some(win32)) => format!("IIS {} {sub} {win32}", found.status),
        (Some(sub), None) => format!("IIS {}.{sub}", found.status),
        (None, _) => format!("HTTP {}", found.status),
    };
    line(out, 0, &title);
    let status = match found.substatus {
        Some(sub) if found.info.exact => format!("{}.{sub} {}", found.status, found.info.meaning),
        Some(sub) => format!(
            "{}.{sub} {} (substatus {sub} is not in the IIS table)",
            found.status, found.info.meaning
        ),
        None => format!("{} {}", found.status, found.info.meaning),
    };
    if let Some(note) = found.note {
        field(out, 2, "verdict", note.long);
    }
    field(out, 2, "status", &status);
    if let Some(detail) = found.info.detail {
        field(out, 2, "detail", detail);
    }
    let Some(win32) = found.win32 else { return };
    match &found.win32_code {
        Some(code) => {
            field(out, 2, "win32", &win32.to_string());
            // A benign verdict already says all the code's hint would.
            let with_hint = found.note.is_none_or(|note| !note.benign);
            code_block(out, 4, code, with_hint);
        }
        None => field(
            out,
            2,
            "win32",
            &format!("{win32} ({}): in none of the decode tables", hex(win32)),
        ),
    }
}

fn httperr_block(out: &mut String, reason: &HttpErrReason) {
    line(out, 0, &format!("{} (HTTPERR reason)", reason.reason));
    let status = match (reason.status, reason.status_documented) {
        (Some(status), true) => status.to_string(),
        (Some(status), false) => format!("{status} (usual; the line's sc-status is authoritative)"),
        (None, _) => "- (usually no response sent)".to_string(),
    };
    field(out, 2, "status", &status);
    field(out, 2, "meaning", reason.meaning);
    if let Some(hint) = reason.hint {
        field(out, 2, "hint", hint);
    }
}

fn hcw_block(out: &mut String, code: &HcwCode) {
    line(
        out,
        0,
        &format!("{} (Hybrid Configuration Wizard)", code.code),
    );
    field(out, 2, "message", code.message);
    field(out, 2, "cause", code.cause);
    if let Some(hint) = code.hint {
        field(out, 2, "hint", hint);
    }
}

fn line(out: &mut String, indent: usize, text: &str) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(text);
    out.push('\n');
}

/// `label     text`, the text word-wrapped to [`WIDTH`] under its first column.
fn field(out: &mut String, indent: usize, label: &str, text: &str) {
    let column = indent + LABEL;
    let room = WIDTH.saturating_sub(column).max(20);
    let mut first = true;
    for chunk in wrap(text, room) {
        if first {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(label);
            out.extend(std::iter::repeat_n(
                ' ',
                LABEL.saturating_sub(label.len()).max(1),
            ));
            first = false;
        } else {
            out.extend(std::iter::repeat_n(' ', column));
        }
        out.push_str(&chunk);
        out.push('\n');
    }
}

fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed =
            current.chars().count() + word.chars().count() + usize::from(!current.is_empty());
        if !current.is_empty() && needed > room {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}
