//! How one leg moves the open handshakes of its key: an anonymous or challenge leg joins or
//! opens one ([`HandshakeGrouper::begin`]), a failure or an authenticated request closes the
//! best-fitting one or stands alone ([`HandshakeGrouper::end`]), and the users seen behind a
//! key's address decide how closely an answer must follow its challenge.

use super::{BUSY_USERS, HandshakeGrouper, MAX_PER_KEY, SHARED_WINDOW_MS};
use crate::analyze::handshake::key::KeyView;
use crate::analyze::handshake::output::Ending;
use crate::analyze::handshake::pending::{FinalLeg, Partial, PendingLeg, win32_text};
use crate::analyze::handshake::{AuthKind, HandshakeOutcome, WINDOW_MS};
use crate::analyze::hint::Leg;
use crate::record::W3cRecord;

impl HandshakeGrouper {
    pub(super) fn on_leg(&mut self, rec: &W3cRecord<'_>, kind: Leg) {
        let ts = rec.ts.0;
        if ts > self.latest {
            self.latest = ts;
        }
        if self.latest >= self.next_sweep && self.slots.len() > 0 {
            self.sweep();
        }
        let view = KeyView::of(rec);
        match kind {
            Leg::None => {}
            Leg::Anonymous => self.begin(rec, &view, false),
            Leg::Challenge => self.begin(rec, &view, true),
            Leg::Failure if Leg::code_unknown(rec) && self.awaits_challenge(rec, &view) => {
                self.begin(rec, &view, true);
            }
            Leg::Failure => self.end(rec, &view, true),
            Leg::Authenticated => self.end(rec, &view, false),
        }
    }

    /// Whether a `401 1` whose `sc-win32-status` may be the challenge's ([`Leg::code_unknown`]:
    /// a field set that leaves it out, or a log that ends inside it) is the challenge an open handshake of its key waits for (its
    /// anonymous leg seen, no challenge yet); otherwise it is a failed final leg, as a `401 1`
    /// with another code or an unreadable one is.
    fn awaits_challenge(&self, rec: &W3cRecord<'_>, view: &KeyView<'_>) -> bool {
        if !self.slots.may_be_open(view.cell()) {
            return false;
        }
        let Some(at) = self.slots.find(view.sig(), view) else {
            return false;
        };
        let ts = rec.ts.0;
        let start = ts.saturating_sub(i64::from(rec.time_taken.unwrap_or(0)));
        let open = &self.slots.get(at).open;
        self.slots
            .pool
            .position(open, |p| !p.challenged && p.fits(start, ts, WINDOW_MS))
            .is_some()
    }

    /// An anonymous or challenge leg: joins an open handshake of its key or opens one.
    fn begin(&mut self, rec: &W3cRecord<'_>, view: &KeyView<'_>, challenge: bool) {
        let ts = rec.ts.0;
        let start = ts.saturating_sub(i64::from(rec.time_taken.unwrap_or(0)));
        let sig = view.sig();
        let at = match self.slots.find(sig, view) {
            Some(at) => at,
            None => self.slots.insert(sig, view.cell(), view, ts),
        };
        let leg = PendingLeg::of(rec);
        if leg.win32.is_none()
            && let Some(text) = win32_text(rec)
        {
            self.out.note_unread(rec.line, text);
        }
        self.slots.touch(at, ts);
        let open = self.slots.get(at).open;
        let joined = challenge
            .then(|| {
                self.slots
                    .pool
                    .position(&open, |p| !p.challenged && p.fits(start, ts, WINDOW_MS))
            })
            .flatten()
            .and_then(|id| self.slots.pool.get_mut(id));
        if let Some(p) = joined {
            p.second = Some(leg);
            p.challenged = true;
            p.last_ts = ts;
            self.slots.extended(at, ts);
        } else {
            if open.len() >= MAX_PER_KEY
                && let Some(oldest) = self.slots.take(at, None)
            {
                self.out.expire(
                    self.source,
                    &self.slots.get(at).key.view(),
                    oldest,
                    &self.users,
                );
                self.open -= 1;
            }
            self.slots.push(at, Partial::new(leg, challenge));
            self.open += 1;
        }
        self.slots.note_concurrency(at, ts);
    }

    /// A failure or authenticated leg: closes the best-fitting open handshake of its key. A
    /// failure that closes nothing is a failed handshake of its own.
    fn end(&mut self, rec: &W3cRecord<'_>, view: &KeyView<'_>, failure: bool) {
        let found = if self.slots.may_be_open(view.cell()) {
            self.slots.find(view.sig(), view)
        } else {
            None
        };
        let ts = rec.ts.0;
        let start = ts.saturating_sub(i64::from(rec.time_taken.unwrap_or(0)));
        let users = match found {
            Some(at) if !view.tied => {
                self.users_behind(at, view.client, (!failure).then_some(rec.username))
            }
            _ => 0,
        };
        let busy = users >= BUSY_USERS;
        let window = if busy { SHARED_WINDOW_MS } else { WINDOW_MS };
        let pool = &self.slots.pool;
        let pos = found.and_then(|at| {
            let open = &self.slots.get(at).open;
            pool.position(open, |p| p.challenged && p.fits(start, ts, window))
                .or_else(|| pool.position(open, |p| !p.challenged && p.fits(start, ts, window)))
                .map(|id| (at, id))
        });
        let Some((at, id)) = pos else {
            if failure {
                self.out
                    .single_failure(self.source, view, FinalLeg::of(rec), &self.users);
            } else if self.at_start(ts) {
                self.out
                    .rest(self.source, view, None, FinalLeg::of(rec), &self.users);
            }
            return;
        };
        self.slots.touch(at, ts);
        self.slots.note_concurrency(at, ts);
        let Some(p) = self.slots.take(at, Some(id)) else {
            return;
        };
        self.open -= 1;
        if busy && !failure && p.challenged {
            self.out.glued(self.source, view, &p);
        }
        let slot = self.slots.get_mut(at);
        let tally = match slot.tally {
            Some(t) => t,
            None => {
                let t = self.out.tally_of(view.uri);
                slot.tally = Some(t);
                t
            }
        };
        if !failure {
            // Known already unless the legs are tied (then `users_behind` was not asked).
            let addr = self.addr_of(at, view.client);
            self.users.completed(addr, rec.username, rec.ts.0);
        }
        let (outcome, auth, failure_code) = match (failure, p.challenged) {
            (true, true) => (HandshakeOutcome::Failed, AuthKind::Ntlm, rec.win32),
            (true, false) => (HandshakeOutcome::Failed, AuthKind::Unknown, rec.win32),
            (false, true) => (HandshakeOutcome::Success, AuthKind::Ntlm, None),
            (false, false) => (HandshakeOutcome::Success, AuthKind::Kerberos, None),
        };
        let ending = Ending {
            last: Some(FinalLeg::of(rec)),
            outcome,
            auth,
            failure_code,
            abandoned_at: None,
        };
        self.out
            .complete(self.source, view, tally, Some(&p), ending, &self.users);
        // Begun at its challenge near the file's start: its anonymous leg may be in the file
        // before.
        if !failure && p.challenged && p.second.is_none() && self.at_start(p.first.ts) {
            self.out
                .rest(self.source, view, Some(&p), FinalLeg::of(rec), &self.users);
        }
    }

    /// How many users the address of the key in slot `at` (`client`, the request's own, which
    /// matched the key) carries, noting `user` (of an authenticated leg) first.
    fn users_behind(&mut self, at: usize, client: &str, user: Option<&str>) -> u32 {
        let addr = self.addr_of(at, client);
        if let Some(u) = user.filter(|u| !u.is_empty() && *u != "-") {
            self.users.note(addr, u);
        }
        self.users.count(addr)
    }

    /// The users table's id of the address of the key in slot `at` (`client`), kept in the
    /// slot once looked up.
    fn addr_of(&mut self, at: usize, client: &str) -> u32 {
        let slot = self.slots.get_mut(at);
        match slot.addr {
            Some(a) => a,
            None => {
                let a = self.users.addr(client);
                slot.addr = Some(a);
                a
            }
        }
    }
}
