//! Server-side and unhappy traffic: health probes, load balancer checks, 404/500/503 noise,
//! split and abandoned NTLM handshakes, 401 floods, and the Hybrid Agent's channel-binding
//! failures.

use super::{ANON, BAD_BINDINGS, CAFE, CHALLENGE, Flow, Gen, INVALID_TOKEN};
use crate::generate::catalog::UA_BROWSER;
use std::io;

impl Gen<'_, '_> {
    pub(super) fn probe(&mut self) -> io::Result<()> {
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

    pub(super) fn lb_probe(&mut self) -> io::Result<()> {
        let i = self.rng.below(3) as usize;
        self.out.push(self.stamp.text());
        self.out.push(self.pre.health[i].as_bytes());
        let lb = self.rng.below(self.pre.lb_tails.len() as u32) as usize;
        self.out.push(self.pre.lb_tails[lb].as_bytes());
        let t = self.rng.below(4);
        self.lines += 1;
        self.out.finish_line(b"200 0 0 ", t)
    }

    pub(super) fn noise(&mut self) -> io::Result<()> {
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

    pub(super) fn split(&mut self) -> io::Result<()> {
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

    pub(super) fn abandoned(&mut self) -> io::Result<()> {
        let u = self.user();
        self.handshake(Flow::Ews, u, &[ANON, CHALLENGE])
    }

    pub(super) fn flood(&mut self) -> io::Result<()> {
        let u = self.user();
        let n = self.rng.range(10, 60);
        for _ in 0..n {
            self.flow_line(Flow::Ews, u, CHALLENGE)?;
        }
        Ok(())
    }

    pub(super) fn agent_burst(&mut self) -> io::Result<()> {
        let n = self.rng.range(3, 6);
        for _ in 0..n {
            self.handshake(Flow::MrsProxy, 0, &[ANON, CHALLENGE, BAD_BINDINGS])?;
        }
        Ok(())
    }
}
