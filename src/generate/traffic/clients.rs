//! Client traffic: Outlook (MAPI, Autodiscover, OAB), EWS clients, ActiveSync devices, OWA.

use super::{CAFE, Flow, Gen, OK};
use crate::generate::catalog::{EAS_COMMANDS, OWA_ACTIONS, OWA_STATIC};
use std::io;

impl Gen<'_, '_> {
    pub(super) fn mapi_steady(&mut self) -> io::Result<()> {
        let u = self.user();
        let flow = if self.rng.below(5) == 0 {
            Flow::Nspi
        } else {
            Flow::Emsmdb
        };
        self.flow_line(flow, u, OK)
    }

    pub(super) fn mapi_connect(&mut self) -> io::Result<()> {
        let u = self.user();
        self.connect(Flow::Emsmdb, u)?;
        if self.rng.below(2) == 0 {
            self.connect(Flow::Nspi, u)?;
        }
        Ok(())
    }

    pub(super) fn ews_steady(&mut self) -> io::Result<()> {
        let u = self.user();
        self.flow_line(Flow::Ews, u, OK)
    }

    pub(super) fn ews_connect(&mut self) -> io::Result<()> {
        let u = self.user();
        self.connect(Flow::Ews, u)
    }

    pub(super) fn autodiscover(&mut self) -> io::Result<()> {
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

    pub(super) fn activesync(&mut self) -> io::Result<()> {
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

    pub(super) fn owa(&mut self) -> io::Result<()> {
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

    pub(super) fn oab(&mut self) -> io::Result<()> {
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
}
