//! Handshakes whose legs straddle a log rotation. IIS closes a site's log at UTC midnight (or
//! each hour, or at a size) and the next leg of a handshake in flight goes to the next file.
//! Each file is grouped on its own, so such a handshake came out as two: one left open at the
//! end of the first file (abandoned at the anonymous leg or at the challenge) and its rest at
//! the start of the next (a lone failed leg, a challenge and its failed answer, an
//! authenticated request that closed nothing, or a challenge and its successful answer). Two
//! such halves of the same server and key, the rest being its file's first of that key and
//! starting at most [`WINDOW_MS`] after the open one's last leg in another file, are one
//! handshake again (not split: one server). The closest open half wins.
//!
//! A failed rest is a kept handshake. A successful one is kept only when successes are (the
//! explorer); else the grouper notes it aside ([`GroupResult::rests`], only near a file's
//! start, one per key) and the joined success is only counted. Either way the open half is
//! built from the parked ones (a failure or such a rest of its client on its uri lies within
//! seconds, `parked/near.rs`), so the text report, which builds abandoned handshakes only when
//! it lists them, counts the same as the JSON report.

use super::super::clients::Answered;
use super::super::perkey::PerKey;
use super::super::result::cross_key;
use super::super::{AbandonedAt, AuthKind, GroupResult, Handshake, HandshakeKey};
use super::super::{HandshakeOutcome, Leg, SEC_E_NO_CREDENTIALS, WINDOW_MS};
use crate::hash::SigBuild;
use crate::source::SourceId;
use std::collections::HashMap;

/// The earliest rest of one key in each file, by the open half it wants: (file, open half
/// wanted, (first leg's instant, index)). An index past the handshakes is one of
/// [`GroupResult::rests`].
type Firsts = Vec<(SourceId, AbandonedAt, (i64, usize))>;

/// The open halves a successful rest can continue: an answer to a challenge or, the client
/// sending its credentials at once (Kerberos), to an anonymous leg; a challenge answered
/// continues an anonymous leg.
fn success_wants(h: &Handshake) -> &'static [AbandonedAt] {
    match h.legs.first() {
        Some(l) if is_challenge(l) => &[AbandonedAt::Anonymous],
        Some(l) if l.status != 401 => &[AbandonedAt::Challenge, AbandonedAt::Anonymous],
        _ => &[],
    }
}

/// Whether a leg is the NTLM challenge `401 1 2148074254`.
fn is_challenge(l: &Leg) -> bool {
    l.status == 401 && l.substatus == 1 && l.win32 == SEC_E_NO_CREDENTIALS
}

/// The open half a failed rest continues, from its first leg: a lone failed leg follows a
/// challenge, a challenge follows an anonymous leg.
pub(super) fn wants(h: &Handshake) -> Option<AbandonedAt> {
    let first = h.legs.first()?;
    let challenge = first.status == 401
        && first.substatus == 1
        && first.win32 == SEC_E_NO_CREDENTIALS
        && first.win32_logged.is_none();
    if challenge {
        Some(AbandonedAt::Anonymous)
    } else if h.legs.len() == 1 && first.status == 401 && first.substatus == 1 {
        Some(AbandonedAt::Challenge)
    } else {
        None
    }
}

/// Server and key as one hash (hashes can collide: [`same`] checks the strings).
fn hash_of(k: &HandshakeKey) -> u64 {
    use std::hash::BuildHasher;
    let via = k.via.as_deref().unwrap_or("");
    let x = cross_key(&k.client, via, &k.method, &k.uri, &k.user_agent);
    SigBuild::default().hash_one((k.server.as_str(), x))
}

fn same(a: &Handshake, b: &Handshake) -> bool {
    (
        &a.server,
        &a.client,
        &a.via,
        &a.method,
        &a.uri,
        &a.user_agent,
    ) == (
        &b.server,
        &b.client,
        &b.via,
        &b.method,
        &b.uri,
        &b.user_agent,
    )
}

fn source_of(l: Option<&Leg>) -> Option<SourceId> {
    l.map(|l| l.source)
}

/// Whether `rest`, starting `gap` ms after the last leg of `open`, can continue it: soon
/// enough, in another file, with the same server and key.
pub(super) fn fits_after(gap: i64, open: &Handshake, rest: &Handshake) -> bool {
    (0..=WINDOW_MS).contains(&gap)
        && source_of(rest.legs.first()) != source_of(open.legs.last())
        && same(open, rest)
}

impl GroupResult {
    /// Joins the halves of handshakes cut by a log rotation; returns the halves taken out.
    pub(super) fn join_rotated(&mut self) -> Vec<Handshake> {
        let pairs = self.rotated_pairs();
        self.apply_rotated(pairs)
    }

    /// The rest at `i`: a handshake, or past them one of [`GroupResult::rests`].
    fn rest_at(&self, i: usize) -> &Handshake {
        match i.checked_sub(self.handshakes.len()) {
            Some(j) => &self.rests[j],
            None => &self.handshakes[i],
        }
    }

    /// Each fitting (gap, rest, open) pair of halves: same server and key, the rest starting
    /// at most [`WINDOW_MS`] after the open half's last leg, in another file.
    fn rotated_pairs(&self) -> Vec<(i64, usize, usize)> {
        let open = |h: &Handshake| h.abandoned_at.is_some();
        let rest = |h: &Handshake| {
            h.outcome == HandshakeOutcome::Failed || h.outcome == HandshakeOutcome::Success
        };
        // Reads no leg and no key when nothing is open or nothing could continue it.
        if !self.handshakes.iter().any(open)
            || (self.rests.is_empty() && !self.handshakes.iter().any(rest))
        {
            return Vec::new();
        }
        let mut memo: PerKey<u64> = PerKey::default();
        // The earliest rest of each key, file and kind: (first leg's instant, index).
        let mut rests: HashMap<u64, Firsts, SigBuild> = HashMap::default();
        let all = self.handshakes.iter().chain(&self.rests).enumerate();
        for (i, h) in all {
            if !rest(h) || h.split.is_some() {
                continue;
            }
            let Some(first) = h.legs.first() else {
                continue;
            };
            let failed = wants(h).filter(|_| h.outcome == HandshakeOutcome::Failed);
            let succeeded = match h.outcome {
                HandshakeOutcome::Success => success_wants(h),
                _ => &[],
            };
            for want in failed.iter().chain(succeeded) {
                let x = memo.get(&h.key, hash_of);
                let firsts = rests.entry(x).or_default();
                let t = (first.ts.0, i);
                match firsts
                    .iter_mut()
                    .find(|f| (f.0, f.1) == (first.source, *want))
                {
                    Some(f) => f.2 = f.2.min(t),
                    None => firsts.push((first.source, *want, t)),
                }
            }
        }
        if rests.is_empty() {
            return Vec::new();
        }
        // Every fitting (gap, rest, open) pair: an open half and the earliest rest of its key
        // in another file, starting within the window after it. Only a file's first rest of a
        // key can continue a handshake its log rotated away from; two files of one server that
        // overlap in time (each with many handshakes of a key) give one pair, not all of them.
        let mut fits: Vec<(i64, usize, usize)> = Vec::new();
        for (a, h) in self.handshakes.iter().enumerate() {
            let (Some(at), None) = (h.abandoned_at, &h.split) else {
                continue;
            };
            let Some(firsts) = rests.get(&memo.get(&h.key, hash_of)) else {
                continue;
            };
            let Some(last) = h.legs.last() else {
                continue;
            };
            for &(source, want, (t, b)) in firsts {
                let gap = t - last.ts.0;
                if source != last.source && want == at && fits_after(gap, h, self.rest_at(b)) {
                    fits.push((gap, b, a));
                }
            }
        }
        fits
    }

    /// Joins the pairs, the closest in time first, each half once; returns the halves.
    pub(super) fn apply_rotated(&mut self, mut fits: Vec<(i64, usize, usize)>) -> Vec<Handshake> {
        if fits.is_empty() {
            return Vec::new();
        }
        fits.sort_unstable();
        let mut gone = vec![false; self.handshakes.len() + self.rests.len()];
        let mut joined = Vec::new();
        for (_, b, a) in fits {
            if gone[a] || gone[b] {
                continue;
            }
            (gone[a], gone[b]) = (true, true);
            let h = self.rejoin(a, b);
            // A success noted aside is kept only when successes are.
            if b < self.handshakes.len() || self.keep_success {
                joined.push(h);
            }
        }
        let mut i = 0;
        let out = self
            .handshakes
            .extract_if(.., |_| {
                i += 1;
                gone[i - 1]
            })
            .collect();
        self.handshakes.extend(joined);
        self.rests = Vec::new();
        out
    }

    /// The open half `a` continued by the rest `b`, counted once (as `b`; a successful rest
    /// noted aside was not counted, the joined handshake is).
    fn rejoin(&mut self, a: usize, b: usize) -> Handshake {
        let (open, rest) = (&self.handshakes[a], self.rest_at(b));
        let mut h = open.clone();
        h.legs = open.legs.iter().chain(rest.legs.iter()).cloned().collect();
        h.outcome = rest.outcome;
        h.failure_code = rest.failure_code;
        h.abandoned_at = rest.abandoned_at;
        // A challenge among the legs: NTLM; an anonymous leg answered with credentials at once:
        // Kerberos.
        h.auth = if h.legs.iter().any(is_challenge) {
            AuthKind::Ntlm
        } else {
            AuthKind::Kerberos
        };
        let uncounted =
            b >= self.handshakes.len() && rest.legs.first().is_some_and(|l| l.status != 401);
        h.untied |= rest.untied;
        h.concurrent = h.concurrent.max(rest.concurrent);
        h.cmdlet = rest.cmdlet.or(open.cmdlet);
        let answered = Answered::of(open);
        let completed = (rest.outcome == HandshakeOutcome::Success && rest.legs.len() == 1)
            .then(|| rest.legs.first())
            .flatten()
            .map(|l| (rest.client.clone(), l.user.clone(), l.ts.0, rest.untied));
        let (uri, at, lone) = (
            open.uri.to_string(),
            open.abandoned_at,
            open.legs.len() == 1,
        );
        if at == Some(AbandonedAt::Anonymous) && lone {
            self.lone_anonymous = self.lone_anonymous.saturating_sub(1);
        }
        // Its challenge was answered; a lone answer that closed nothing in its file completed
        // the handshake through the address but was not counted there.
        if let Some(a) = answered {
            self.clients.answer(a);
        }
        if let Some((client, user, ts, untied)) = completed {
            self.users.completed_elsewhere(&client, &user, ts, untied);
        }
        self.bump(&uri, HandshakeOutcome::Abandoned, None, at, -1);
        if uncounted {
            self.bump(&uri, HandshakeOutcome::Success, None, None, 1);
        }
        h
    }
}

#[cfg(test)]
mod tests;
