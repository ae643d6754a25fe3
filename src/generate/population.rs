//! The simulated organisation: mailbox users with their addresses, devices and preferred clients,
//! built once per seed so every server and day sees the same people.

use super::catalog::{
    FIRST, INTERNAL_NETS, LAST, PUBLIC_NETS, UA_BROWSER, UA_EAS, UA_EWS, UA_OUTLOOK,
};
use super::rng::{Rng, mix};
use std::fmt::Write as _;

/// NetBIOS domain of the simulated organisation.
pub(crate) const DOMAIN: &str = "CONTOSO";
/// SMTP / UPN suffix.
pub(crate) const SUFFIX: &str = "contoso.com";

/// One mailbox user.
pub(crate) struct User {
    /// `CONTOSO\anna.schmidt`.
    pub(crate) account: String,
    /// `anna.schmidt@contoso.com`.
    pub(crate) upn: String,
    /// `anna.schmidt`.
    pub(crate) alias: String,
    /// Address of the user's desktop (internal, sometimes IPv6).
    pub(crate) desk_ip: String,
    /// Address the user's phone arrives from (public).
    pub(crate) mobile_ip: String,
    /// Mailbox GUID.
    pub(crate) mailbox: String,
    /// Outlook `ClientId`.
    pub(crate) client_id: String,
    /// Index into [`UA_OUTLOOK`].
    pub(crate) outlook: usize,
    /// Index into [`UA_EWS`].
    pub(crate) ews: usize,
    /// Phone: index into [`UA_EAS`] and the ActiveSync device id.
    pub(crate) device: Option<(usize, String)>,
    /// Desktop is domain joined and gets Kerberos tickets.
    pub(crate) kerberos: bool,
    /// Ready-made line fragments (see [`Fragments`]).
    pub(crate) frag: Fragments,
}

/// Pieces of this user's lines, rendered once so a line is a handful of copies.
#[derive(Default)]
pub(crate) struct Fragments {
    /// `MailboxId=…@contoso.com&CorrelationID=<empty>;&ClientId=…&cafeReqId=`
    pub(crate) mapi_query: String,
    /// `&CorrelationID=<empty>;&ClientId=…&cafeReqId=`
    pub(crate) client_query: String,
    /// `&User=…%40contoso.com&DeviceId=…&DeviceType=…&CorrelationID=<empty>;&cafeReqId=`
    pub(crate) eas_query: String,
    /// ` 443 CONTOSO\user <desk ip> <Outlook UA> - ` and the anonymous variant.
    pub(crate) outlook: [String; 2],
    /// The same with the user's EWS client.
    pub(crate) ews: [String; 2],
    /// The same with the user's browser and the OWA referer.
    pub(crate) browser: [String; 2],
    /// ` 443 user@contoso.com <mobile ip> <device UA> - ` and the anonymous variant.
    pub(crate) phone: [String; 2],
}

/// The cafe tracing suffix every front-end line carries in `cs-uri-query`.
pub(crate) const CAFE: &str = "&CorrelationID=<empty>;&cafeReqId=";

fn tails(account: &str, ip: &str, ua: &str, referer: &str) -> [String; 2] {
    [
        format!(" 443 {account} {ip} {ua} {referer} "),
        format!(" 443 - {ip} {ua} {referer} "),
    ]
}

impl User {
    fn render(&mut self, browser: &str) {
        let outlook = UA_OUTLOOK[self.outlook];
        let mut f = Fragments {
            mapi_query: format!(
                "MailboxId={}@{SUFFIX}&CorrelationID=<empty>;&ClientId={}&cafeReqId=",
                self.mailbox, self.client_id
            ),
            client_query: format!(
                "&CorrelationID=<empty>;&ClientId={}&cafeReqId=",
                self.client_id
            ),
            outlook: tails(&self.account, &self.desk_ip, outlook, "-"),
            ews: tails(&self.account, &self.desk_ip, UA_EWS[self.ews], "-"),
            browser: tails(
                &self.account,
                &self.desk_ip,
                browser,
                "https://mail.contoso.com/owa/",
            ),
            ..Fragments::default()
        };
        f.browser[1] = format!(" 443 - {} {browser} - ", self.desk_ip);
        if let Some((d, id)) = &self.device {
            let (ua, kind) = UA_EAS[*d];
            f.eas_query = format!(
                "&User={}%40{SUFFIX}&DeviceId={id}&DeviceType={kind}{CAFE}",
                self.alias
            );
            f.phone = tails(&self.upn, &self.mobile_ip, ua, "-");
        }
        self.frag = f;
    }
}

/// Everybody, plus the server-side identities.
pub(crate) struct Population {
    pub(crate) users: Vec<User>,
    /// `CONTOSO\HealthMailbox…` accounts used by Managed Availability probes.
    pub(crate) health: Vec<String>,
    /// GUID of the offline address book.
    pub(crate) oab: String,
}

const USERS: usize = 2400;

impl Population {
    /// The organisation for a seed.
    pub(crate) fn new(seed: u64) -> Self {
        let mut rng = Rng::new(mix(seed, 0x5EED_0F0A_1100));
        let mut users = Vec::with_capacity(USERS);
        for i in 0..USERS {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len() + i) % LAST.len()];
            let mut alias = format!("{first}.{last}");
            if i >= FIRST.len() * LAST.len() {
                let _ = write!(alias, "{}", i / (FIRST.len() * LAST.len()) + 1);
            }
            let desk_ip = if rng.below(100) < 3 {
                format!(
                    "2001:db8:10:{}::{:x}",
                    rng.range(1, 4),
                    rng.range(0x10, 0xfff)
                )
            } else {
                format!("{}.{}", rng.pick(INTERNAL_NETS), rng.range(2, 254))
            };
            let mobile_ip = format!("{}.{}", rng.pick(PUBLIC_NETS), rng.range(2, 254));
            let device = if rng.below(100) < 65 {
                let d = rng.below(UA_EAS.len() as u32) as usize;
                Some((d, token(&mut rng, 24)))
            } else {
                None
            };
            users.push(User {
                account: format!("{DOMAIN}\\{alias}"),
                upn: format!("{alias}@{SUFFIX}"),
                desk_ip,
                mobile_ip,
                mailbox: guid(&mut rng),
                client_id: token(&mut rng, 20),
                outlook: rng.below(UA_OUTLOOK.len() as u32) as usize,
                ews: rng.below(UA_EWS.len() as u32) as usize,
                device,
                kerberos: rng.below(100) < 45,
                alias,
                frag: Fragments::default(),
            });
        }
        for (i, u) in users.iter_mut().enumerate() {
            u.render(UA_BROWSER[i % UA_BROWSER.len()]);
        }
        let health = (0..6)
            .map(|_| {
                let g = guid(&mut rng).replace('-', "");
                format!("{DOMAIN}\\HealthMailbox{}", &g[..32.min(g.len())])
            })
            .collect();
        Population {
            users,
            health,
            oab: guid(&mut rng),
        }
    }
}

fn guid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        0x4000 | (a & 0x0FFF),
        0x8000 | ((b >> 48) & 0x3FFF),
        b & 0xFFFF_FFFF_FFFF
    )
}

fn token(rng: &mut Rng, n: usize) -> String {
    const ALPHA: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..n)
        .map(|_| char::from(ALPHA[rng.below(36) as usize]))
        .collect()
}
