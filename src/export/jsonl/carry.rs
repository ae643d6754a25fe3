//! Handshakes cut by a log rotation, in the stream. The report groups each file on its own and
//! joins, after the load, a handshake left open in a file's last seconds with its rest at the
//! start of the next file of the same server (`analyze/handshake/resolve/rotation.rs`). The
//! export writes each file's lines as it reads them, so it cannot wait for the load's end;
//! instead a handshake left open in its file's last [`WINDOW_MS`] is carried, its legs written
//! but not yet put out, into the next file's sink. There, the first handshake of its key that
//! can continue it (by the report's rules: same server and key, starting at most
//! [`WINDOW_MS`] after it, of the kind that follows where it stopped) takes it in: both
//! halves' legs go out with one tag (the id of the first leg, the rest's outcome). A carried
//! handshake nothing continues is released as it was decided (abandoned) when the next file
//! ends, or at once when the next file is another server's: it then waits with the other
//! abandoned ones for the cross-file step (`split.rs`), or, past that bound, goes out. Only a
//! file's last seconds are carried, so memory stays flat.

use super::kept::Kept;
use super::out::Out;
use super::split::{self, Waiting};
use super::tag;
use crate::analyze::handshake::{
    AbandonedAt, AuthKind, Decided, Handshake, HandshakeOutcome, WINDOW_MS,
};
use crate::source::SourceId;

/// A written leg put aside: its object (without line feed), its role and its line.
pub type CarriedLeg = (Vec<u8>, &'static str, u64);

/// A handshake left open at the end of its file, its legs written, waiting for the next file.
pub struct Carry {
    pub decided: Decided,
    /// The file its legs were logged in.
    pub source: SourceId,
    /// Its server's name, and `:<file name>:` of its file (its id's).
    pub server: String,
    pub id_middle: Vec<u8>,
    /// Its legs' objects (without line feed), roles and lines, in order.
    pub legs: Vec<CarriedLeg>,
    /// The handshake whole, when the grouper kept it (for the findings).
    pub whole: Option<Handshake>,
    /// Its client address, when its legs were not tied to their client (to judge it with the
    /// users the address carries over the load, `split.rs`).
    pub client: Option<Box<str>>,
}

/// Whether the decided handshake `d`, of the next file, continues carried `c`; the gap in ms.
fn continues(c: &Carry, d: &Decided) -> Option<i64> {
    let want = match c.decided.abandoned_at? {
        AbandonedAt::Anonymous => Decided::AFTER_ANONYMOUS,
        AbandonedAt::Challenge => Decided::AFTER_CHALLENGE,
    };
    let gap = d.start - c.decided.last_ts;
    let fits = c.decided.key == d.key && d.continues & want != 0 && (0..=WINDOW_MS).contains(&gap);
    fits.then_some(gap)
}

/// The closest carried handshake `d` continues, taken out.
pub fn take_continued(carried: &mut Vec<Carry>, d: &Decided) -> Option<Carry> {
    if d.continues == 0 {
        return None;
    }
    let (at, _) = carried
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, continues(c, d)?)))
        .min_by_key(|&(_, gap)| gap)?;
    Some(carried.swap_remove(at))
}

/// The handshake of carried `c` continued by `d`: `c`'s legs then `d`'s, `d`'s outcome, judged
/// on all its legs (as the report's join does).
pub fn joined(c: &Carry, d: &Decided) -> Decided {
    let mut j = *d;
    let mut lines = [0u64; 3];
    let all = c.decided.leg_lines().iter().chain(d.leg_lines());
    let mut n = 0;
    for (slot, line) in lines.iter_mut().zip(all) {
        *slot = *line;
        n += 1;
    }
    j.lines = lines;
    j.legs = n as u8;
    j.start = c.decided.start;
    j.rest = false;
    j.abandoned_at = None;
    // A challenge among the legs: NTLM; an anonymous leg answered with credentials: Kerberos.
    let challenged =
        c.decided.abandoned_at == Some(AbandonedAt::Challenge) || d.auth == AuthKind::Ntlm;
    j.auth = match (challenged, d.outcome) {
        (true, _) => AuthKind::Ntlm,
        (false, HandshakeOutcome::Success) => AuthKind::Kerberos,
        (false, _) => d.auth,
    };
    let untied = match (c.decided.untied, d.untied) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0).max(b.unwrap_or(0))),
    };
    let concurrent = c.decided.concurrent.max(d.concurrent);
    j.named = c.decided.named && d.named;
    j.confidence =
        crate::analyze::handshake::judged(usize::from(j.legs), untied, false, concurrent, j.named);
    j
}

/// Puts out carried `c`'s legs with `rendered`, the tag of the handshake they belong to;
/// keeps it whole for the findings, for the cross-file step to join (`joined`) or as decided.
pub fn put(out: &mut Out<'_>, kept: &mut Kept, c: Carry, rendered: &[u8], joined: bool) {
    match c.whole {
        Some(h) if joined => kept.push_rotated(h),
        Some(h) => kept.push(h),
        None => {}
    }
    write_legs(out, c.legs, rendered);
}

/// Puts out written legs with `rendered`, the tag of the handshake they belong to.
pub fn write_legs(out: &mut Out<'_>, legs: Vec<CarriedLeg>, rendered: &[u8]) {
    for (json, role, _) in legs {
        if json.ends_with(b"}}") {
            out.made(1, |o| {
                o.extend_from_slice(&json[..json.len() - 2]);
                tag::tail(o, role, rendered);
                o.push(b'\n');
            });
        } else {
            out.raw(&json);
        }
    }
}

/// Puts out carried handshakes nothing continued, as they were decided; one that may be half
/// of a handshake split over two servers waits for the other half instead (`split.rs`).
pub fn release(
    out: &mut Out<'_>,
    kept: &mut Kept,
    waiting: &mut Waiting,
    carried: Vec<Carry>,
    rendered: &mut Vec<u8>,
) {
    for mut c in carried {
        let bytes = c.legs.iter().map(|(json, _, _)| json.len()).sum();
        if split::waits(&c.decided) && waiting.room(&c.decided, bytes) {
            if let Some(h) = c.whole.take() {
                kept.push(h);
            }
            waiting.hold(c);
            continue;
        }
        tag::render(&c.decided, &c.server, &c.id_middle, rendered);
        put(out, kept, c, rendered, false);
    }
}
