//! The request mix of one Exchange front end (`W3SVC1`) for one UTC day: Outlook MAPI, EWS,
//! ActiveSync, OWA, Autodiscover, OAB, health probes, NTLM and Kerberos handshakes, and a thin
//! layer of failures (channel-binding failures from a Hybrid Agent, split NTLM connections,
//! stuck clients flooding 401s, the usual 404/500/503 noise).
//!
//! Handshake legs are queued and written a few lines later, so they interleave with other
//! traffic as they do on a busy server. Lines are assembled from fragments rendered once per
//! user and server, which keeps the generator well above 300 MB/s.

mod clients;
mod prefixes;
mod trouble;

use super::clock::Clock;
use super::out::{Out, Stamp};
use super::population::{CAFE, Population};
use super::rng::Rng;
use prefixes::Prefixes;
use std::io::{self, Write};

/// The `#Fields` list of the default Exchange field set (15 fields).
pub const FIELDS: &str = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port \
cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

const OWA_BUILD: &str = "15.2.1544.11";
const MAX_PENDING: usize = 48;
/// Activities between two bursts of Hybrid Agent mrsproxy calls (about one per 10 MB).
const AGENT_EVERY: u32 = 30_000;

/// What one file covers.
pub(crate) struct FileSpec {
    /// UTC date of the file.
    pub(crate) date: (i32, u32, u32),
    /// First and one-past-last second of the day with traffic.
    pub(crate) seconds: (u32, u32),
    /// Bytes to write (approximately).
    pub(crate) target: u64,
    /// Server index (0 is the server published through the Hybrid Agent).
    pub(crate) server: u32,
    /// Seed of this file's stream.
    pub(crate) seed: u64,
}

/// `s-ip` of a server index: 10.0.1.11, 10.0.1.12, …
pub(crate) fn server_ip(server: u32) -> String {
    format!("10.0.{}.{}", 1 + server / 200, 11 + server % 200)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Emsmdb,
    Nspi,
    Ews,
    Autodiscover,
    MrsProxy,
}

/// A logged response: the three status columns (with trailing space) and whether the user
/// name is known.
#[derive(Clone, Copy)]
struct Leg {
    status: &'static [u8],
    challenge: bool,
    authed: bool,
}

const ANON: Leg = Leg {
    status: b"401 2 5 ",
    challenge: true,
    authed: false,
};
const CHALLENGE: Leg = Leg {
    status: b"401 1 2148074254 ",
    challenge: true,
    authed: false,
};
const OK: Leg = Leg {
    status: b"200 0 0 ",
    challenge: false,
    authed: true,
};
const BAD_BINDINGS: Leg = Leg {
    status: b"401 1 2148074310 ",
    challenge: true,
    authed: false,
};
const INVALID_TOKEN: Leg = Leg {
    status: b"401 1 2148074248 ",
    challenge: true,
    authed: false,
};

#[derive(Clone, Copy)]
struct Pending {
    due: u64,
    flow: Flow,
    user: u32,
    legs: [Leg; 3],
    len: u8,
    next: u8,
}

/// The state of one file being written.
struct Gen<'p, 'w> {
    rng: Rng,
    out: Out<'w>,
    stamp: Stamp,
    pop: &'p Population,
    pre: Prefixes,
    agent: bool,
    next_agent: u32,
    lines: u64,
    pending: Vec<Pending>,
}

/// Writes one file: header block, then requests until about `spec.target` bytes.
pub(crate) fn write_file(spec: &FileSpec, pop: &Population, w: &mut dyn Write) -> io::Result<u64> {
    let (y, m, d) = spec.date;
    let (lo, hi) = spec.seconds;
    let s_ip = server_ip(spec.server);
    let mut g = Gen {
        rng: Rng::new(spec.seed),
        out: Out::new(w),
        stamp: Stamp::new(y, m, d, lo),
        pop,
        pre: Prefixes::new(&s_ip, pop),
        agent: spec.server == 0,
        next_agent: 0,
        lines: 0,
        pending: Vec::with_capacity(MAX_PENDING),
    };
    g.header();
    g.next_agent = g.rng.range(500, 5000);
    let mut clock = Clock::new(lo, hi);
    let body = g.out.len();
    let span = spec.target.saturating_sub(body).max(1) as f64;
    while g.out.len() < spec.target {
        let f = (g.out.len() - body) as f64 / span;
        let second = clock.second_at(f);
        if second > g.stamp.second() + 1 {
            // A quiet moment: open handshakes finish before the clock moves on.
            g.drain()?;
        }
        g.stamp.set(second);
        g.emit_due()?;
        g.activity()?;
    }
    g.drain()?;
    g.out.finish()
}

impl Gen<'_, '_> {
    fn header(&mut self) {
        self.out
            .push(b"#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n");
        self.out.push(b"#Date: ");
        self.out.push(self.stamp.text());
        self.out.push(b"\r\n#Fields: ");
        self.out.push(FIELDS.as_bytes());
        self.out.push(b"\r\n");
    }

    fn activity(&mut self) -> io::Result<()> {
        if self.agent {
            self.next_agent = self.next_agent.saturating_sub(1);
            if self.next_agent == 0 {
                self.next_agent = self.rng.range(AGENT_EVERY / 2, AGENT_EVERY * 3 / 2);
                return self.agent_burst();
            }
        }
        match self.rng.below(10_000) {
            0..=599 => self.mapi_connect(),
            600..=1699 => self.ews_steady(),
            1700..=1999 => self.ews_connect(),
            2000..=3499 => self.activesync(),
            3500..=4399 => self.owa(),
            4400..=4899 => self.autodiscover(),
            4900..=5099 => self.oab(),
            5100..=5699 => self.probe(),
            5700..=6099 => self.lb_probe(),
            6100..=6369 => self.noise(),
            6370..=6399 => self.split(),
            6400..=6429 => self.abandoned(),
            6430..=6434 => self.flood(),
            _ => self.mapi_steady(),
        }
    }

    fn user(&mut self) -> u32 {
        let n = self.pop.users.len() as u32;
        let a = self.rng.below(n);
        if self.rng.below(2) == 0 {
            a.min(self.rng.below(n))
        } else {
            a
        }
    }

    /// User columns, status and time taken.
    #[inline]
    fn end(&mut self, tail: &[u8], status: &[u8], taken: u32) -> io::Result<()> {
        self.out.push(tail);
        self.lines += 1;
        self.out.finish_line(status, taken)
    }

    fn flow_line(&mut self, flow: Flow, user: u32, l: Leg) -> io::Result<()> {
        let pop = self.pop;
        let u = &pop.users[user as usize % pop.users.len()];
        let f = &u.frag;
        let taken = if l.challenge {
            self.rng.below(16)
        } else {
            self.rng.latency(40, 6000)
        };
        let who = usize::from(!l.authed);
        match flow {
            Flow::Emsmdb | Flow::Nspi => {
                self.out.push(self.stamp.text());
                let prefix = if flow == Flow::Emsmdb {
                    &self.pre.emsmdb
                } else {
                    &self.pre.nspi
                };
                self.out.push(prefix.as_bytes());
                self.out.push(f.mapi_query.as_bytes());
                self.out.guid_semi(&mut self.rng);
                self.end(f.outlook[who].as_bytes(), l.status, taken)
            }
            Flow::Ews => {
                self.out.push(self.stamp.text());
                self.out.push(self.pre.ews.as_bytes());
                self.out.push(CAFE.as_bytes());
                self.out.guid_semi(&mut self.rng);
                self.end(f.ews[who].as_bytes(), l.status, taken)
            }
            Flow::Autodiscover => {
                self.out.push(self.stamp.text());
                self.out.push(self.pre.autodiscover.as_bytes());
                self.out.push(f.client_query.as_bytes());
                self.out.guid_semi(&mut self.rng);
                self.end(f.outlook[who].as_bytes(), l.status, taken)
            }
            Flow::MrsProxy => {
                self.out.push(self.stamp.text());
                self.out.push(self.pre.mrs.as_bytes());
                self.out.push(self.pre.mrs_tails[who].as_bytes());
                self.lines += 1;
                self.out.finish_line(l.status, taken)
            }
        }
    }

    // ---- handshakes ------------------------------------------------------------------------

    fn handshake(&mut self, flow: Flow, user: u32, legs: &[Leg]) -> io::Result<()> {
        let len = legs.len().min(3);
        if len == 0 {
            return Ok(());
        }
        let mut arr = [OK; 3];
        arr[..len].copy_from_slice(&legs[..len]);
        self.flow_line(flow, user, arr[0])?;
        if len == 1 {
            return Ok(());
        }
        if self.pending.len() >= MAX_PENDING {
            for l in &arr[1..len] {
                self.flow_line(flow, user, *l)?;
            }
            return Ok(());
        }
        let due = self.lines + u64::from(self.rng.below(10));
        self.pending.push(Pending {
            due,
            flow,
            user,
            legs: arr,
            len: len as u8,
            next: 1,
        });
        Ok(())
    }

    fn emit_due(&mut self) -> io::Result<()> {
        let mut i = 0;
        while i < self.pending.len() {
            let p = self.pending[i];
            if p.due > self.lines {
                i += 1;
                continue;
            }
            self.flow_line(p.flow, p.user, p.legs[usize::from(p.next)])?;
            let next = p.next + 1;
            if next >= p.len {
                self.pending.swap_remove(i);
            } else {
                let due = self.lines + u64::from(self.rng.below(8));
                self.pending[i].next = next;
                self.pending[i].due = due;
                i += 1;
            }
        }
        Ok(())
    }

    fn drain(&mut self) -> io::Result<()> {
        while let Some(p) = self.pending.pop() {
            for l in &p.legs[usize::from(p.next)..usize::from(p.len)] {
                self.flow_line(p.flow, p.user, *l)?;
            }
        }
        Ok(())
    }

    fn connect(&mut self, flow: Flow, user: u32) -> io::Result<()> {
        let kerberos = self.pop.users[user as usize % self.pop.users.len()].kerberos;
        if kerberos && flow != Flow::Ews {
            self.handshake(flow, user, &[ANON, OK])
        } else if self.rng.below(5) == 0 {
            self.handshake(flow, user, &[CHALLENGE, OK])
        } else {
            self.handshake(flow, user, &[ANON, CHALLENGE, OK])
        }
    }
}
