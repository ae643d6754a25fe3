//! Failed and abandoned handshakes, in the stream, as the report has them after its
//! cross-file step. The report joins an unanswered NTLM challenge on one server with a lone
//! failed answer of the same client, via, method, uri and agent on another server shortly
//! after it into one failed handshake (`analyze/handshake/resolve/split.rs`), and judges every
//! handshake with the users its address carries over the whole load (a second user logged
//! later turns a sure grouping into a guess). The export reads one file after another, so the
//! two halves come from two files, either first, and the users of an address are known only
//! at the end: a failed or abandoned handshake waits here, its legs written but not yet put
//! out, until every W3C file is read. Then the report's own cross-file step has run, and each
//! waiting handshake goes out as the report lists it: the halves it joined under one tag (the
//! id of the first leg, the failure, the confidence of the joined handshake), the others with
//! their own tag and the confidence the report judged. Successful handshakes (most of them)
//! do not wait. What waits is bounded ([`HELD_BYTES`]); past it, a handshake goes out at once
//! as its file decided it.

use super::carry::{self, Carry};
use super::out::Out;
use super::tag;
use crate::analyze::handshake::{
    AuthKind, BUSY_USERS, Decided, Handshake, HandshakeOutcome, UserCounts,
};
use crate::source::SourceId;
use rustc_hash::FxHashMap;

/// How many bytes of written legs may wait for the end of the W3C files (failed handshakes,
/// far fewer than unanswered challenges, may use twice that: they still wait after the
/// challenges filled their part).
pub const HELD_BYTES: usize = 4 << 20;

/// Decided handshakes that may be half of a split one, waiting with their legs.
#[derive(Default)]
pub struct Waiting {
    list: Vec<Carry>,
    bytes: usize,
}

/// Whether `d` waits: a failed or abandoned handshake (the report lists each, and the halves
/// of a split one are among them), or a success whose challenge an authenticated request on an
/// address carrying many users closed (a guess: the report may give that challenge to a failed
/// leg on another server instead); not a possible rest of a rotated one.
pub fn waits(d: &Decided) -> bool {
    let guessed = d.auth == AuthKind::Ntlm && d.untied.is_some_and(|u| u >= BUSY_USERS);
    !d.rest && (d.outcome != HandshakeOutcome::Success || guessed)
}

impl Waiting {
    /// Whether a handshake `d` whose legs take `bytes` may still wait.
    pub fn room(&self, d: &Decided, bytes: usize) -> bool {
        let cap = match d.outcome {
            HandshakeOutcome::Failed => 2 * HELD_BYTES,
            HandshakeOutcome::Abandoned => HELD_BYTES,
            // Guessed successes, most of which the report keeps: while the others leave room.
            HandshakeOutcome::Success => HELD_BYTES / 2,
        };
        self.bytes + bytes <= cap
    }

    /// Keeps `c` (whose whole handshake, if any, the caller kept for the findings).
    pub fn hold(&mut self, c: Carry) {
        self.bytes += c.legs.iter().map(|(json, _, _)| json.len()).sum::<usize>();
        self.list.push(c);
    }

    /// Puts every waiting handshake out, as `handshakes` (the load's, after the cross-file
    /// step) has it: the halves of one split handshake under its tag, the others with their
    /// own, judged as the report judged them.
    pub fn release(
        self,
        out: &mut Out<'_>,
        handshakes: &[Handshake],
        users: &UserCounts,
        rendered: &mut Vec<u8>,
    ) {
        let mut list: Vec<Option<Carry>> = self.list.into_iter().map(Some).collect();
        // Each waiting leg by its file and line.
        let mut at: FxHashMap<(SourceId, u64), usize> = FxHashMap::default();
        for (i, c) in list.iter().enumerate() {
            if let Some(c) = c {
                for line in c.decided.leg_lines() {
                    at.insert((c.source, *line), i);
                }
            }
        }
        // The handshake of the load each waiting one is (part of).
        let mut of: Vec<Option<usize>> = vec![None; list.len()];
        for (k, h) in handshakes.iter().enumerate() {
            for l in h.legs.iter() {
                if let Some(&i) = at.get(&(l.source, u64::from(l.line))) {
                    of[i] = Some(k);
                }
            }
        }
        for i in 0..list.len() {
            let Some(c) = list[i].take() else { continue };
            let Some(h) = of[i].and_then(|k| handshakes.get(k)) else {
                write_as_decided(out, c, Judged::Users(users), rendered);
                continue;
            };
            // The other halves of a joined handshake, all waiting: one tag for them all.
            let whole = h.split.is_some()
                && h.legs
                    .iter()
                    .all(|l| at.contains_key(&(l.source, u64::from(l.line))));
            let mut others: Vec<usize> = match whole {
                true => (h.legs.iter())
                    .filter_map(|l| at.get(&(l.source, u64::from(l.line))).copied())
                    .filter(|&j| j != i)
                    .collect(),
                false => Vec::new(),
            };
            others.dedup();
            let others: Vec<Carry> = others.into_iter().filter_map(|j| list[j].take()).collect();
            if others.is_empty() {
                write_as_decided(out, c, Judged::As(h), rendered);
                continue;
            }
            let mut parts = vec![c];
            parts.extend(others);
            write_joined(out, parts, h, rendered);
        }
    }
}

/// How the report judged a waiting handshake's grouping.
enum Judged<'a> {
    /// As the load's handshake (the same, unless the load joined it with another half).
    As(&'a Handshake),
    /// Not rebuilt by the load: with the users its address carries over the load, as
    /// `Handshake::judge` judges every handshake.
    Users(&'a UserCounts),
}

/// Puts out `c` with its own tag, judged as the report judged it.
fn write_as_decided(out: &mut Out<'_>, c: Carry, judged: Judged<'_>, rendered: &mut Vec<u8>) {
    let mut d = c.decided;
    match judged {
        Judged::As(h) if h.split.is_none() => d.confidence = h.confidence,
        Judged::As(_) => {}
        // Tied legs are judged alike over the load; untied ones whose address is not known
        // (a guessed success, not kept whole) were judged on many users already.
        Judged::Users(users) if d.untied.is_none() || c.client.is_some() => {
            let untied = c.client.as_deref().map(|client| {
                u32::from(crate::analyze::handshake::shared_users(users.count(client)))
            });
            let legs = usize::from(d.legs);
            d.confidence =
                crate::analyze::handshake::judged(legs, untied, false, d.concurrent, d.named);
        }
        Judged::Users(_) => {}
    }
    tag::render(&d, &c.server, &c.id_middle, rendered);
    carry::write_legs(out, c.legs, rendered);
}

/// Puts out the halves `parts` of the split handshake `h` under one tag: the id of its first
/// leg, its outcome, legs and confidence.
fn write_joined(out: &mut Out<'_>, mut parts: Vec<Carry>, h: &Handshake, rendered: &mut Vec<u8>) {
    let first = h.legs.first().map(|l| (l.source, u64::from(l.line)));
    // The half holding the first leg names the handshake; its legs go out first.
    parts.sort_by_key(|c| {
        let holds = first
            .is_some_and(|(s, line)| c.source == s && c.decided.leg_lines().first() == Some(&line));
        (!holds, c.decided.start)
    });
    let Some(lead) = parts.first() else { return };
    let mut j = lead.decided;
    j.lines = [first.map_or(0, |f| f.1), 0, 0];
    j.legs = u8::try_from(h.legs.len()).unwrap_or(u8::MAX);
    j.outcome = h.outcome;
    j.auth = h.auth;
    j.failure_code = h.failure_code;
    j.failure_cut = h.failure_cut().is_some();
    j.abandoned_at = h.abandoned_at;
    j.confidence = h.confidence;
    tag::render(&j, &lead.server, &lead.id_middle, rendered);
    let of_h = |source: SourceId, line: u64| {
        h.legs
            .iter()
            .any(|l| l.source == source && u64::from(l.line) == line)
    };
    for c in parts {
        // The answer of a guessed success whose challenge went to `h` is no leg of it.
        let source = c.source;
        let (legs, none): (Vec<_>, Vec<_>) = (c.legs.into_iter()).partition(|l| of_h(source, l.2));
        carry::write_legs(out, legs, rendered);
        for (json, _, _) in none {
            out.raw(&json);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(outcome: HandshakeOutcome) -> Decided {
        Decided {
            lines: [1, 2, 0],
            legs: 2,
            start: 0,
            server: 0,
            outcome,
            auth: crate::analyze::handshake::AuthKind::Ntlm,
            failure_code: None,
            failure_cut: false,
            abandoned_at: None,
            confidence: crate::analyze::handshake::Confidence::High,
            kept: false,
            last_ts: 0,
            key: 0,
            continues: 0,
            rest: false,
            untied: None,
            concurrent: 0,
            named: true,
        }
    }

    #[test]
    fn what_waits_is_bounded_and_failures_keep_room_after_the_challenges() {
        let abandoned = decided(HandshakeOutcome::Abandoned);
        let failed = decided(HandshakeOutcome::Failed);
        let mut w = Waiting::default();
        assert!(w.room(&abandoned, HELD_BYTES));
        w.bytes = HELD_BYTES;
        assert!(!w.room(&abandoned, 1));
        assert!(w.room(&failed, HELD_BYTES));
        assert!(!w.room(&failed, HELD_BYTES + 1));
        assert!(!waits(&decided(HandshakeOutcome::Success)));
    }
}
