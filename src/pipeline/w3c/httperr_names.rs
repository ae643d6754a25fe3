//! The machine an HTTPERR log was written by. HTTP.sys logs `s-ip` but no `s-computername`, so
//! its rows would be named by their folder label (`EX01/HTTPERR`) or address, apart from the
//! machine's IIS rows. The machine is known when
//! - its folder sits under a machine folder whose IIS site folders' logs name one machine
//!   (`EX01/HTTPERR` beside `EX01/W3SVC1`, whose logs log `ex01.contoso.com`), or
//! - an IIS log of the load logs an address its head logs beside an `s-computername`
//!   (`10.0.0.5` with `EX01`): a server's own address, so its machine.
//!
//! Never a guess: an address two machines' logs log (a Network Load Balancing cluster's shared
//! address), either of two addresses of one kind one machine logs and no other (its own and,
//! maybe, the shared address of a cluster whose other nodes' logs are not loaded: which is
//! which cannot be told; a log of both is the machine's, as one is its own), a loopback or
//! unspecified address, and a machine folder whose sites' logs name two machines tell nothing;
//! when the folder and the addresses name two machines the log stays as it was (its folder
//! label, else its first `s-ip`), as does a loose HTTPERR folder alone. The name given is a
//! spelling a log wrote; the load shows it by its machine's one name
//! ([`crate::source::one_name_per_machine`]).

use crate::source::same_machine;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// What some evidence says of a log's machine.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Says {
    /// Nothing.
    Nothing,
    /// This machine (a spelling a log wrote).
    Machine(String),
    /// Two machines.
    Two,
}

impl Says {
    /// `self` with `name` heard too.
    fn and(self, name: &str) -> Says {
        match self {
            Says::Nothing => Says::Machine(name.to_string()),
            Says::Machine(n) if same_machine(&n, name) => Says::Machine(n),
            _ => Says::Two,
        }
    }
}

/// The machines IIS logs log beside their server addresses, by log: a log read again (rotated,
/// truncated) says anew what it logs. Logs are kept in path order, so an address two
/// spellings of one machine log is named by the same spelling in every run.
#[derive(Debug, Clone, Default)]
pub(super) struct Addresses {
    /// By log: the machine its head logs and its own addresses.
    logs: BTreeMap<PathBuf, (String, Vec<IpAddr>)>,
}

impl Addresses {
    /// Notes that log `path`, of `machine` (its logged `s-computername`), logs the server
    /// addresses `ips` (or nothing, when it names no machine).
    pub(super) fn learn(&mut self, path: &Path, machine: &str, ips: &[String]) {
        let machine = machine.trim();
        let ips: Vec<IpAddr> = ips.iter().filter_map(|ip| own_address(ip)).collect();
        if machine.is_empty() || machine == "-" || ips.is_empty() {
            self.logs.remove(path);
        } else {
            self.logs
                .insert(path.to_path_buf(), (machine.to_string(), ips));
        }
    }

    /// Each address the logs log, by the machine that logs it (its spelling in the first log
    /// by path), `None` when two machines log it.
    pub(super) fn machines(&self) -> Machines<'_> {
        let mut of: HashMap<IpAddr, Option<&str>> = HashMap::new();
        for (machine, ips) in self.logs.values() {
            for &ip in ips {
                let known = of.entry(ip).or_insert(Some(machine.as_str()));
                if known.is_some_and(|k| !same_machine(k, machine)) {
                    *known = None;
                }
            }
        }
        // A machine that logs two addresses of one kind no other machine logs: one may be a
        // cluster's shared address whose other nodes' logs are not loaded, and which is its
        // own cannot be told. Neither names it alone.
        let mut unshared: Vec<(&str, u8, IpAddr)> = Vec::new();
        for (machine, ips) in self.logs.values() {
            for &ip in ips
                .iter()
                .filter(|ip| of.get(ip).is_some_and(Option::is_some))
            {
                unshared.push((machine.as_str(), kind(ip), ip));
            }
        }
        let mut paired = HashMap::new();
        for &(machine, k, ip) in &unshared {
            let beside = unshared
                .iter()
                .any(|&(m, k2, ip2)| k2 == k && ip2 != ip && same_machine(m, machine));
            if beside {
                of.insert(ip, None);
                paired.insert(ip, (machine, k));
            }
        }
        Machines { of, paired }
    }
}

/// The machines of the server addresses ([`Addresses::machines`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Machines<'a> {
    /// Each address by the machine that logs it, `None` when it names none alone.
    of: HashMap<IpAddr, Option<&'a str>>,
    /// The addresses of one kind that one machine logs beside another and no other machine
    /// logs, with that machine and the kind: one of them is its own address.
    paired: HashMap<IpAddr, (&'a str, u8)>,
}

/// The kind of an address a server has one of: IPv4, IPv6 link-local, other IPv6.
fn kind(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 0,
        IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80 => 1,
        IpAddr::V6(_) => 2,
    }
}

/// What the addresses `ips` an HTTPERR log logs say of its machine, by the machines
/// ([`Addresses::machines`]): addresses logged by two machines say nothing; two addresses of
/// one kind that one machine alone logs name it together (one is its own), not apart.
fn say(machines: &Machines<'_>, ips: &[String]) -> Says {
    let own: Vec<IpAddr> = ips.iter().filter_map(|ip| own_address(ip)).collect();
    let mut says = own
        .iter()
        .filter_map(|ip| *machines.of.get(ip)?)
        .fold(Says::Nothing, Says::and);
    for (i, a) in own.iter().enumerate() {
        let Some(&(machine, k)) = machines.paired.get(a) else {
            continue;
        };
        let pair = own[i + 1..].iter().any(|b| {
            b != a
                && machines
                    .paired
                    .get(b)
                    .is_some_and(|&(m, k2)| k2 == k && same_machine(m, machine))
        });
        if pair {
            says = says.and(machine);
        }
    }
    says
}

/// An address one machine alone logs as its own: not loopback, not unspecified
/// (`::ffff:10.0.0.5` is `10.0.0.5`).
fn own_address(ip: &str) -> Option<IpAddr> {
    let ip = ip.parse::<IpAddr>().ok()?.to_canonical();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The machine the HTTPERR log of folder label `label` (`EX01/HTTPERR`, empty for a loose
/// log) logging the server addresses `ips` was written by, when the load can tell it:
/// `sites` are the names the site folders' logs log, by folder label (`None`: two machines),
/// `addresses` the machines of the server addresses ([`Addresses::machines`]).
pub(super) fn machine(
    label: &str,
    ips: &[String],
    sites: &HashMap<String, Option<String>>,
    addresses: &Machines<'_>,
) -> Option<String> {
    let by_folder = crate::read::folder_server(label).map_or(Says::Nothing, |machine| {
        // In folder order, so two sites that spell one machine two ways name it alike in
        // every run.
        let mut beside: Vec<(&String, &Option<String>)> = (sites.iter())
            .filter(|(site, _)| {
                crate::read::site_id(site).is_some()
                    && crate::read::folder_server(site)
                        .is_some_and(|f| f.eq_ignore_ascii_case(machine))
            })
            .collect();
        beside.sort_unstable_by_key(|&(site, _)| site);
        beside
            .into_iter()
            .fold(Says::Nothing, |says, (_, name)| match name {
                Some(name) => says.and(name),
                None => Says::Two,
            })
    });
    match (by_folder, say(addresses, ips)) {
        (Says::Machine(a), Says::Machine(b)) => same_machine(&a, &b).then_some(a),
        (Says::Machine(a), Says::Nothing) => Some(a),
        // A folder that holds two machines' sites says nothing of this log; its own addresses
        // do. Two machines' own addresses in one log contradict any folder.
        (Says::Nothing | Says::Two, Says::Machine(b)) => Some(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    fn sites(s: &[(&str, Option<&str>)]) -> HashMap<String, Option<String>> {
        s.iter()
            .map(|(l, n)| (l.to_string(), n.map(str::to_string)))
            .collect()
    }

    #[test]
    fn the_folder_beside_a_site_names_the_machine_its_logs_log() {
        let s = sites(&[
            ("EX01/W3SVC1", Some("ex01.contoso.com")),
            ("EX02/W3SVC1", Some("EX02")),
        ]);
        let none = Machines::default();
        assert_eq!(
            machine("ex01/HTTPERR", &[], &s, &none).as_deref(),
            Some("ex01.contoso.com")
        );
        assert_eq!(machine("EX03/HTTPERR", &[], &s, &none), None);
        assert_eq!(machine("HTTPERR", &[], &s, &none), None);
        assert_eq!(machine("", &ips(&["10.0.0.5"]), &s, &none), None);
        // Two sites of one machine folder that log two machines: the folder tells nothing.
        let two = sites(&[("EX01/W3SVC1", Some("EX01")), ("EX01/W3SVC2", Some("EX02"))]);
        assert_eq!(machine("EX01/HTTPERR", &[], &two, &none), None);
        // Two sites spelling one machine two ways: the first site's spelling, in every run.
        let spelled = sites(&[
            ("EX01/W3SVC2", Some("ex01.contoso.com")),
            ("EX01/W3SVC1", Some("EX01")),
        ]);
        assert_eq!(
            machine("EX01/HTTPERR", &[], &spelled, &none).as_deref(),
            Some("EX01")
        );
        let mixed = sites(&[("EX01/W3SVC1", None)]);
        assert_eq!(machine("EX01/HTTPERR", &[], &mixed, &none), None);
    }

    #[test]
    fn an_address_an_iis_log_logs_beside_its_name_names_the_machine() {
        let mut a = Addresses::default();
        let mut learn = |log: &str, machine: &str, i: &[&str]| {
            a.learn(Path::new(log), machine, &ips(i));
        };
        learn(
            "1",
            "EX01",
            &["10.0.0.5", "::1", "127.0.0.1", "2001:db8::5"],
        );
        learn("2", "ex01.contoso.com", &["10.0.0.5"]);
        learn("3", "EX02", &["10.0.0.6", "10.0.0.100", "::1"]);
        learn("4", "EX03", &["10.0.0.100"]);
        learn("5", "-", &["10.0.0.7"]);
        learn("6", "EX04", &["10.0.0.8"]);
        // Read again (rotated), log 6 logs another address: the first is no longer its.
        learn("6", "EX04", &["10.0.0.9"]);
        let no = HashMap::new();
        let of = a.machines();
        let m = |i: &[&str]| machine("", &ips(i), &no, &of);
        assert_eq!(m(&["10.0.0.5"]).as_deref(), Some("EX01"));
        assert_eq!(m(&["::ffff:10.0.0.5"]).as_deref(), Some("EX01"));
        assert_eq!(m(&["2001:DB8:0::5"]).as_deref(), Some("EX01"));
        // Loopback, a shared address, an address no name was logged with, no address.
        assert_eq!(m(&["::1"]), None);
        assert_eq!(m(&["127.0.0.1"]), None);
        assert_eq!(m(&["10.0.0.100"]), None);
        assert_eq!(m(&["10.0.0.7"]), None);
        assert_eq!(m(&["10.0.0.8"]), None);
        assert_eq!(m(&["10.0.0.9"]).as_deref(), Some("EX04"));
        assert_eq!(m(&["-"]), None);
        // The shared address beside the machine's own one: the own one names it.
        assert_eq!(m(&["10.0.0.100", "10.0.0.6"]).as_deref(), Some("EX02"));
        // Two machines' own addresses in one log: nothing.
        assert_eq!(m(&["10.0.0.5", "10.0.0.6"]), None);
        // One node of a cluster loaded: its own address and the shared one, which no other
        // log tells apart, name it neither.
        let mut node = Addresses::default();
        node.learn(
            Path::new("1"),
            "EX01",
            &ips(&["10.0.0.100", "10.0.0.11", "fe80::11"]),
        );
        node.learn(Path::new("2"), "EX01", &ips(&["2001:db8::11"]));
        let of = node.machines();
        let m = |i: &[&str]| machine("", &ips(i), &no, &of);
        assert_eq!(m(&["10.0.0.100"]), None);
        assert_eq!(m(&["10.0.0.11"]), None);
        // One address of each kind: its own.
        assert_eq!(m(&["2001:db8::11"]).as_deref(), Some("EX01"));
        assert_eq!(m(&["fe80::11"]).as_deref(), Some("EX01"));
    }

    #[test]
    fn a_log_of_both_addresses_of_one_kind_one_machine_logs_is_that_machine_s() {
        // Two IPv4 bindings of EX01, or its own address and a cluster's shared one: which is
        // which no log tells, but one of them is EX01's own, so a log of both is EX01's.
        let mut a = Addresses::default();
        a.learn(Path::new("1"), "EX01", &ips(&["10.0.0.11", "10.0.0.12"]));
        a.learn(Path::new("2"), "EX02", &ips(&["10.0.0.21"]));
        let of = a.machines();
        let no = HashMap::new();
        let m = |i: &[&str]| machine("", &ips(i), &no, &of);
        assert_eq!(m(&["10.0.0.11"]), None);
        assert_eq!(m(&["10.0.0.12"]), None);
        assert_eq!(m(&["10.0.0.12", "10.0.0.11"]).as_deref(), Some("EX01"));
        assert_eq!(
            m(&["10.0.0.12", "::1", "10.0.0.11"]).as_deref(),
            Some("EX01")
        );
        // Beside another machine's own address: two machines, nothing.
        assert_eq!(m(&["10.0.0.11", "10.0.0.12", "10.0.0.21"]), None);
        assert_eq!(m(&["10.0.0.11", "10.0.0.21"]).as_deref(), Some("EX02"));
    }

    #[test]
    fn folder_and_address_must_agree() {
        let mut addresses = Addresses::default();
        addresses.learn(Path::new("1"), "EX02", &ips(&["10.0.0.6"]));
        addresses.learn(Path::new("2"), "ex01.contoso.com", &ips(&["10.0.0.5"]));
        let a = addresses.machines();
        let s = sites(&[("EX01/W3SVC1", Some("EX01"))]);
        assert_eq!(
            machine("EX01/HTTPERR", &ips(&["10.0.0.5"]), &s, &a).as_deref(),
            Some("EX01")
        );
        assert_eq!(machine("EX01/HTTPERR", &ips(&["10.0.0.6"]), &s, &a), None);
        assert_eq!(
            machine("EX01/HTTPERR", &ips(&["10.0.0.5", "10.0.0.6"]), &s, &a),
            None
        );
        // A folder holding two machines' sites, and an address naming one of them.
        let two = sites(&[("EX01/W3SVC1", Some("EX01")), ("EX01/W3SVC2", Some("EX02"))]);
        assert_eq!(
            machine("EX01/HTTPERR", &ips(&["10.0.0.6"]), &two, &a).as_deref(),
            Some("EX02")
        );
    }
}
