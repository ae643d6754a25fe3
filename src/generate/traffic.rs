//! The request mix of one Exchange front end (`W3SVC1`) for one UTC day: Outlook MAPI, EWS,
//! ActiveSync, OWA, Autodiscover, OAB, health probes, NTLM and Kerberos handshakes, and a thin
//! layer of failures (channel-binding failures from a Hybrid Agent, split NTLM connections,
//! stuck clients flooding 401s, the usual 404/500/503 noise).
//!
//! Handshake legs are queued and written a few lines later, so they interleave with other
//! traffic as they do on a busy server. Lines are assembled from fragments rendered once per
//! user and server, which keeps the generator well above 300 MB/s.

use super::catalog::{
    AGENT_IP, EAS_COMMANDS, HEALTH_PAGES, LB_IPS, OWA_ACTIONS, OWA_STATIC, UA_BROWSER, UA_PROBE,
};
use super::clock::Clock;
use super::out::{Out, Stamp};
use super::population::{CAFE, Population};
use super::rng::Rng;
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

/// Line starts (` <s-ip> <method> <stem> `) of this server.
struct Prefixes {
    emsmdb: String,
    nspi: String,
    ews: String,
    autodiscover: String,
    autodiscover_json: String,
    mrs: String,
    eas: String,
    eas_options: String,
    owa_service: String,
    owa_static: String,
    owa_root: String,
    owa_logon: String,
    owa_auth: String,
    oab: String,
    health: Vec<String>,
    favicon: String,
    robots: String,
    rpc: String,
    ecp: String,
    /// ` 443 <account> <s-ip> AMProbe/Local/ClientAccess - ` per health mailbox.
    health_tails: Vec<String>,
    /// `- 443 <user> <agent ip> - - ` for authenticated and anonymous mrsproxy calls.
    mrs_tails: [String; 2],
    /// `- 443 - <lb ip> - - ` per load balancer node.
    lb_tails: Vec<String>,
}

impl Prefixes {
    fn new(s_ip: &str, pop: &Population) -> Self {
        let p = |method: &str, stem: &str| format!(" {s_ip} {method} {stem} ");
        Prefixes {
            emsmdb: p("POST", "/mapi/emsmdb/"),
            nspi: p("POST", "/mapi/nspi/"),
            ews: p("POST", "/EWS/Exchange.asmx"),
            autodiscover: p("POST", "/Autodiscover/Autodiscover.xml"),
            autodiscover_json: format!(" {s_ip} GET /autodiscover/autodiscover.json/v1.0/"),
            mrs: p("POST", "/EWS/mrsproxy.svc"),
            eas: p("POST", "/Microsoft-Server-ActiveSync/default.eas"),
            eas_options: p("OPTIONS", "/Microsoft-Server-ActiveSync/default.eas"),
            owa_service: p("POST", "/owa/service.svc"),
            owa_static: format!(" {s_ip} GET /owa/prem/{OWA_BUILD}/"),
            owa_root: p("GET", "/owa/"),
            owa_logon: p("GET", "/owa/auth/logon.aspx"),
            owa_auth: p("POST", "/owa/auth.owa"),
            oab: format!(" {s_ip} GET /OAB/{} ", pop.oab),
            health: HEALTH_PAGES.iter().map(|h| p("GET", h)).collect(),
            favicon: p("GET", "/favicon.ico"),
            robots: p("GET", "/robots.txt"),
            rpc: p("RPC_IN_DATA", "/rpc/rpcproxy.dll"),
            ecp: p("GET", "/ecp/"),
            health_tails: pop
                .health
                .iter()
                .map(|h| format!(" 443 {h} {s_ip} {UA_PROBE} - "))
                .collect(),
            mrs_tails: [
                format!("- 443 CONTOSO\\svc-migration {AGENT_IP} - - "),
                format!("- 443 - {AGENT_IP} - - "),
            ],
            lb_tails: LB_IPS
                .iter()
                .map(|ip| format!("- 443 - {ip} - - "))
                .collect(),
        }
    }
}

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

    // ---- activities ----------------------------------------------------------------------

    fn mapi_steady(&mut self) -> io::Result<()> {
        let u = self.user();
        let flow = if self.rng.below(5) == 0 {
            Flow::Nspi
        } else {
            Flow::Emsmdb
        };
        self.flow_line(flow, u, OK)
    }

    fn mapi_connect(&mut self) -> io::Result<()> {
        let u = self.user();
        self.connect(Flow::Emsmdb, u)?;
        if self.rng.below(2) == 0 {
            self.connect(Flow::Nspi, u)?;
        }
        Ok(())
    }

    fn ews_steady(&mut self) -> io::Result<()> {
        let u = self.user();
        self.flow_line(Flow::Ews, u, OK)
    }

    fn ews_connect(&mut self) -> io::Result<()> {
        let u = self.user();
        self.connect(Flow::Ews, u)
    }

    fn autodiscover(&mut self) -> io::Result<()> {
        let ui = self.user();
        match self.rng.below(10) {
            0..=3 => self.connect(Flow::Autodiscover, ui),
            4..=6 => self.flow_line(Flow::Autodiscover, ui, OK),
            _ => {
                let pop = self.pop;
                let u = &pop.users[ui as usize];
                self.out.push(self.stamp.text());
                self.out.push(self.pre.autodiscover_json.as_bytes());
                self.out.push(u.upn.as_bytes());
                self.out.push(
                    b" Protocol=AutodiscoverV1&RedirectCount=1&CorrelationID=<empty>;&cafeReqId=",
                );
                self.out.guid_semi(&mut self.rng);
                let t = self.rng.latency(20, 900);
                self.end(u.frag.outlook[1].as_bytes(), b"200 0 0 ", t)
            }
        }
    }

    fn activesync(&mut self) -> io::Result<()> {
        let pop = self.pop;
        let ui = self.user();
        let u = &pop.users[ui as usize];
        if u.device.is_none() {
            return self.mapi_steady();
        }
        let f = &u.frag;
        if self.rng.below(25) == 0 {
            self.out.push(self.stamp.text());
            self.out.push(self.pre.eas_options.as_bytes());
            self.out.push(CAFE.as_bytes());
            self.out.guid_semi(&mut self.rng);
            let t = self.rng.range(1, 20);
            return self.end(f.phone[0].as_bytes(), b"200 0 0 ", t);
        }
        let cmd = *self.rng.pick(EAS_COMMANDS);
        self.out.push(self.stamp.text());
        self.out.push(self.pre.eas.as_bytes());
        self.out.push(b"Cmd=");
        self.out.push(cmd.as_bytes());
        self.out.push(f.eas_query.as_bytes());
        self.out.guid_semi(&mut self.rng);
        if self.rng.below(60) == 0 {
            let t = self.rng.range(5, 60);
            return self.end(f.phone[1].as_bytes(), b"401 1 1326 ", t);
        }
        let t = if cmd == "Ping" {
            self.rng.range(240_000, 1_740_000)
        } else {
            self.rng.latency(120, 9000)
        };
        self.end(f.phone[0].as_bytes(), b"200 0 0 ", t)
    }

    fn owa(&mut self) -> io::Result<()> {
        let pop = self.pop;
        let ui = self.user();
        let f = &pop.users[ui as usize].frag;
        match self.rng.below(10) {
            0..=6 => {
                let action = *self.rng.pick(OWA_ACTIONS);
                self.out.push(self.stamp.text());
                self.out.push(self.pre.owa_service.as_bytes());
                self.out.push(b"action=");
                self.out.push(action.as_bytes());
                self.out.push(b"&app=Mail&n=");
                let n = self.rng.range(1, 180);
                self.out.num(u64::from(n));
                self.out.push(CAFE.as_bytes());
                self.out.guid_semi(&mut self.rng);
                let t = self.rng.latency(30, 5000);
                self.end(f.browser[0].as_bytes(), b"200 0 0 ", t)
            }
            7..=8 => {
                let file = *self.rng.pick(OWA_STATIC);
                self.out.push(self.stamp.text());
                self.out.push(self.pre.owa_static.as_bytes());
                self.out.push(file.as_bytes());
                self.out.byte(b' ');
                self.out.push(CAFE.as_bytes());
                self.out.guid_semi(&mut self.rng);
                let status: &[u8] = if self.rng.below(3) == 0 {
                    b"304 0 0 "
                } else {
                    b"200 0 0 "
                };
                let t = self.rng.below(30);
                self.end(f.browser[0].as_bytes(), status, t)
            }
            _ => {
                let pre = &self.pre;
                let steps: [(&String, &[u8], usize, &[u8]); 4] = [
                    (&pre.owa_root, b"", 1, b"302 0 0 "),
                    (
                        &pre.owa_logon,
                        b"url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0",
                        1,
                        b"200 0 0 ",
                    ),
                    (&pre.owa_auth, b"", 0, b"302 0 0 "),
                    (&pre.owa_root, b"", 0, b"200 0 0 "),
                ];
                for (prefix, query, who, status) in steps {
                    self.out.push(self.stamp.text());
                    self.out.push(prefix.as_bytes());
                    self.out.push(query);
                    self.out.push(CAFE.as_bytes());
                    self.out.guid_semi(&mut self.rng);
                    let t = self.rng.latency(40, 3000);
                    self.out.push(f.browser[who].as_bytes());
                    self.lines += 1;
                    self.out.finish_line(status, t)?;
                }
                Ok(())
            }
        }
    }

    fn oab(&mut self) -> io::Result<()> {
        let pop = self.pop;
        let ui = self.user();
        let f = &pop.users[ui as usize].frag;
        self.out.push(self.stamp.text());
        self.out.push(self.pre.oab.as_bytes());
        if self.rng.below(4) == 0 {
            self.out.pop_space();
            self.out.byte(b'/');
            self.out.guid(&mut self.rng);
            self.out.push(b"-binpatch-");
            let n = self.rng.range(2, 40);
            self.out.num(u64::from(n));
            self.out.push(b".lzx ");
        } else {
            self.out.pop_space();
            self.out.push(b"/oab.xml ");
        }
        self.out.push(CAFE.as_bytes());
        self.out.guid_semi(&mut self.rng);
        let status: &[u8] = if self.rng.below(3) == 0 {
            b"304 0 0 "
        } else {
            b"200 0 0 "
        };
        let t = self.rng.latency(15, 3000);
        self.end(f.outlook[0].as_bytes(), status, t)
    }

    fn probe(&mut self) -> io::Result<()> {
        if self.rng.below(2) == 0 {
            let i = self.rng.below(self.pre.health.len() as u32) as usize;
            self.out.push(self.stamp.text());
            self.out.push(self.pre.health[i].as_bytes());
            self.out.push(CAFE.as_bytes());
            self.out.guid_semi(&mut self.rng);
            let tail: &[u8] = if self.rng.below(4) == 0 {
                b" 443 - ::1 AMProbe/Local/ClientAccess - "
            } else {
                b" 443 - 127.0.0.1 AMProbe/Local/ClientAccess - "
            };
            let t = self.rng.below(30);
            return self.end(tail, b"200 0 0 ", t);
        }
        let who = self.rng.below(self.pre.health_tails.len() as u32) as usize;
        self.out.push(self.stamp.text());
        if self.rng.below(2) == 0 {
            self.out.push(self.pre.ews.as_bytes());
        } else {
            self.out.push(self.pre.emsmdb.as_bytes());
        }
        self.out.push(CAFE.as_bytes());
        self.out.guid_semi(&mut self.rng);
        let t = self.rng.latency(30, 2000);
        self.out.push(self.pre.health_tails[who].as_bytes());
        self.lines += 1;
        self.out.finish_line(b"200 0 0 ", t)
    }

    fn lb_probe(&mut self) -> io::Result<()> {
        let i = self.rng.below(3) as usize;
        self.out.push(self.stamp.text());
        self.out.push(self.pre.health[i].as_bytes());
        let lb = self.rng.below(self.pre.lb_tails.len() as u32) as usize;
        self.out.push(self.pre.lb_tails[lb].as_bytes());
        let t = self.rng.below(4);
        self.lines += 1;
        self.out.finish_line(b"200 0 0 ", t)
    }

    fn noise(&mut self) -> io::Result<()> {
        let pop = self.pop;
        let ui = self.user();
        let u = &pop.users[ui as usize];
        let f = &u.frag;
        self.out.push(self.stamp.text());
        match self.rng.below(10) {
            0..=2 => {
                self.out.push(self.pre.favicon.as_bytes());
                self.out.byte(b'-');
                self.end(f.browser[1].as_bytes(), b"404 0 2 ", 1)
            }
            3 | 4 => {
                self.out.push(self.pre.ews.as_bytes());
                self.out.push(CAFE.as_bytes());
                self.out.guid_semi(&mut self.rng);
                let (status, t): (&[u8], u32) = if self.rng.below(2) == 0 {
                    (b"500 0 0 ", self.rng.range(50, 30_000))
                } else {
                    (b"503 0 0 ", self.rng.range(1, 200))
                };
                self.end(f.ews[0].as_bytes(), status, t)
            }
            5 | 6 => {
                self.out.push(self.pre.emsmdb.as_bytes());
                self.out.push(f.mapi_query.as_bytes());
                self.out.guid_semi(&mut self.rng);
                let t = self.rng.range(1000, 900_000);
                self.end(f.outlook[0].as_bytes(), b"200 0 64 ", t)
            }
            7 => {
                self.out.push(self.pre.robots.as_bytes());
                self.out.push(b"- 443 - ");
                self.out.push(u.mobile_ip.as_bytes());
                self.end(b" Mozilla/5.0+zgrab/0.x - ", b"404 0 2 ", 0)
            }
            8 => {
                self.out.push(self.pre.rpc.as_bytes());
                self.out.push(b"ex01.contoso.com:6001 443 - ");
                self.out.push(u.desk_ip.as_bytes());
                self.end(b" MSRPC - ", b"401 2 5 ", 0)
            }
            _ => {
                self.out.push(self.pre.ecp.as_bytes());
                self.out.push(CAFE.as_bytes());
                self.out.guid_semi(&mut self.rng);
                self.out.push(b" 443 CONTOSO\\exadmin 10.0.9.15 ");
                self.out.push(UA_BROWSER[0].as_bytes());
                let t = self.rng.latency(100, 5000);
                self.end(b" - ", b"200 0 0 ", t)
            }
        }
    }

    fn split(&mut self) -> io::Result<()> {
        let u = self.user();
        let flow = if self.rng.below(2) == 0 {
            Flow::Emsmdb
        } else {
            Flow::Ews
        };
        if self.rng.below(2) == 0 {
            self.handshake(flow, u, &[INVALID_TOKEN])
        } else {
            self.handshake(flow, u, &[ANON, INVALID_TOKEN])
        }
    }

    fn abandoned(&mut self) -> io::Result<()> {
        let u = self.user();
        self.handshake(Flow::Ews, u, &[ANON, CHALLENGE])
    }

    fn flood(&mut self) -> io::Result<()> {
        let u = self.user();
        let n = self.rng.range(10, 60);
        for _ in 0..n {
            self.flow_line(Flow::Ews, u, CHALLENGE)?;
        }
        Ok(())
    }

    fn agent_burst(&mut self) -> io::Result<()> {
        let n = self.rng.range(3, 6);
        for _ in 0..n {
            self.handshake(Flow::MrsProxy, 0, &[ANON, CHALLENGE, BAD_BINDINGS])?;
        }
        Ok(())
    }
}
