//! `hcwlens.handshake` of a request: the handshake it is a leg of, written once per handshake
//! and added to each held leg's object with the leg's role, so every leg carries the same id
//! (`<server>:<file>:<line of the first leg>`, [`super::ids`]) and outcome.

use super::json::number;
use super::string::text;
use crate::analyze::handshake::{AbandonedAt, AuthKind, Confidence, Decided, HandshakeOutcome};

/// `:<file name>:` escaped for a JSON string (the middle of every handshake id of a file).
pub fn id_middle(file_name: &str) -> Vec<u8> {
    let mut quoted = Vec::new();
    text(&mut quoted, format!(":{file_name}:"));
    quoted[1..quoted.len() - 1].to_vec()
}

/// The members after `leg` of the tag of `h` (of `server`), through its closing brace:
/// `"id":…,"outcome":…,"auth":…[,"failure":…,"failure_code":…][,"abandoned_at":…],"legs":…,"confidence":…}`;
/// a failure whose code the log ends inside has `"failure_code":null,"failure_code_cut":true`.
pub fn render(h: &Decided, server: &str, id_middle: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(b"\"id\":");
    text(out, server);
    // The closing quote of the server, then the rest of the id inside the same string.
    out.pop();
    out.extend_from_slice(id_middle);
    number(out, h.leg_lines().first().copied().unwrap_or(0));
    out.extend_from_slice(b"\",\"outcome\":\"");
    out.extend_from_slice(match h.outcome {
        HandshakeOutcome::Success => b"success",
        HandshakeOutcome::Failed => b"failure",
        HandshakeOutcome::Abandoned => b"abandoned",
    });
    out.extend_from_slice(b"\",\"auth\":\"");
    out.extend_from_slice(match h.auth {
        AuthKind::Ntlm => b"ntlm",
        AuthKind::Kerberos => b"kerberos",
        AuthKind::Unknown => b"unknown",
    });
    out.push(b'"');
    if let Some(name) = h.failure_code.and_then(crate::codes::failure_name) {
        out.extend_from_slice(b",\"failure\":");
        text(out, name);
    }
    if let Some(code) = h.failure_code {
        out.extend_from_slice(b",\"failure_code\":");
        number(out, u64::from(code));
    } else if h.failure_cut {
        out.extend_from_slice(b",\"failure_code\":null,\"failure_code_cut\":true");
    }
    if let Some(at) = h.abandoned_at {
        out.extend_from_slice(match at {
            AbandonedAt::Anonymous => b",\"abandoned_at\":\"anonymous\"",
            AbandonedAt::Challenge => b",\"abandoned_at\":\"challenge\"",
        });
    }
    out.extend_from_slice(b",\"legs\":");
    number(out, u64::from(h.legs));
    out.extend_from_slice(match h.confidence {
        Confidence::High => b",\"confidence\":\"high\"}",
        Confidence::Medium => b",\"confidence\":\"medium\"}",
        Confidence::Low => b",\"confidence\":\"low\"}",
    });
}

/// What tags a request object `request::Memo::write` produced with `hcwlens.handshake`, to
/// be written in place of the object's last two bytes: `hcwlens` is its last member, so the
/// object ends in `}}` and the handshake goes in before them.
pub fn tail(out: &mut Vec<u8>, leg: &'static str, rendered: &[u8]) {
    out.extend_from_slice(b",\"handshake\":{\"leg\":\"");
    out.extend_from_slice(leg.as_bytes());
    out.extend_from_slice(b"\",");
    out.extend_from_slice(rendered);
    out.extend_from_slice(b"}}");
}
