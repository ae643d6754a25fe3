//! Looking up the text of an evidence line for reports and tickets, without re-reading GBs:
//! HCW lines come from the parsed entries, W3C lines from the handshake legs' byte offsets.

use crate::analyze::finding::Evidence;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::SourceKind;

/// The escaped text of an evidence line, if it can be found.
pub fn evidence_text(a: &Analysis, ev: Evidence) -> Option<String> {
    let src = a.sources.get(usize::from(ev.source.0))?;
    let raw = match src.kind {
        SourceKind::Hcw => {
            let e = a
                .hcw
                .iter()
                .find(|e| e.source == ev.source && e.line == ev.line)?;
            let mut head = format!(
                "{} {} {}",
                e.local.rfc3339().trim_end_matches('Z').replace('T', " "),
                e.event_id.map(|i| i.to_string()).unwrap_or_default(),
                e.message.trim()
            );
            if e.message.trim().is_empty()
                && let Some(first) = e.body.lines().find(|l| !l.trim().is_empty())
            {
                head.push_str(first.trim());
            }
            head
        }
        SourceKind::Iis | SourceKind::Httperr | SourceKind::W3c => {
            let offset = a
                .handshakes
                .iter()
                .flat_map(|h| h.legs.iter())
                .find(|l| l.source == ev.source && l.line == ev.line)
                .map(|l| l.offset)
                .or_else(|| {
                    a.mrs
                        .iter()
                        .find(|m| m.source == ev.source && m.line == ev.line)
                        .map(|m| m.offset)
                })?;
            a.line_text(ev.source, offset)?
        }
    };
    let mut t = escape_control(&raw).into_owned();
    if t.len() > 400 {
        let mut cut = 400;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        t.truncate(cut);
        t.push('…');
    }
    Some(t)
}
