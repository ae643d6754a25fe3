//! A machine that logs its name (`s-computername`) in two IIS sites, the front end
//! (`W3SVC1`, Default Web Site) and the back end (`W3SVC2`, Exchange Back End): every finding
//! that says which machine's IIS logged its evidence names the site it came from
//! (`IIS on EXMUC01/W3SVC1`), as the rows and the handshake findings do; HTTP.sys, which logs
//! for the whole machine, is named by the machine.
//!
//! The cases are the catalogue's and `stuck`'s logs turned into such a machine's: each
//! `<machine>/W3SVC1` log gets IIS's optional `s-sitename s-computername` fields (in IIS's
//! field order), and a `W3SVC2` log of the same machine and day is written beside it with the
//! back end's own traffic (port 444, the health mailbox).

use crate::fixtures;

use fixtures::{copy_dir, fixture, iis_only, load_all};
use hcwlens::analyze::finding::{Finding, FindingId};
use std::path::{Path, PathBuf};

/// `case` copied into `tmp`, its front-end logs logging their machine's name and site, with a
/// back-end site log beside each; the machine names.
fn two_sites(case: &str, tmp: &Path) -> Vec<String> {
    let root = tmp.join("case");
    copy_dir(&fixture(case), &root);
    let mut machines = Vec::new();
    for m in std::fs::read_dir(&root).expect("case") {
        let m = m.expect("entry").path();
        let front = m.join("W3SVC1");
        if !front.is_dir() {
            continue;
        }
        let machine = m
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        for f in std::fs::read_dir(&front).expect("site") {
            let f = f.expect("log").path();
            let text = std::fs::read_to_string(&f).expect("read");
            let (logged, first) = with_site(&text, &machine, "W3SVC1");
            std::fs::write(&f, logged).expect("write");
            let back = m.join("W3SVC2");
            std::fs::create_dir_all(&back).expect("mkdir");
            std::fs::write(
                back.join(f.file_name().expect("file")),
                back_end(&machine, &first),
            )
            .expect("write");
        }
        machines.push(machine);
    }
    machines
}

/// The log with `s-sitename s-computername` after `time`, and its first line's date and time.
fn with_site(text: &str, machine: &str, site: &str) -> (String, String) {
    let mut out = String::new();
    let mut first = None;
    for line in text.lines() {
        let mut words: Vec<&str> = line.split(' ').collect();
        if line.starts_with("#Fields:") {
            words.insert(3, "s-computername");
            words.insert(3, "s-sitename");
        } else if !line.starts_with('#') && words.len() > 2 {
            first.get_or_insert_with(|| format!("{} {}", words[0], words[1]));
            words.insert(2, machine);
            words.insert(2, site);
        }
        out.push_str(&words.join(" "));
        out.push_str("\r\n");
    }
    (out, first.expect("a request line"))
}

/// The Exchange Back End site's log: the front end's hops and the health mailbox, all served.
fn back_end(machine: &str, at: &str) -> String {
    let date = at.split(' ').next().expect("date");
    let mut out = format!(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
         #Date: {at}\r\n#Fields: date time s-sitename s-computername s-ip cs-method \
         cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) \
         sc-status sc-substatus sc-win32-status time-taken\r\n"
    );
    for (t, uri) in [
        ("00:00:05", "/mapi/emsmdb/"),
        ("12:00:05", "/EWS/Exchange.asmx"),
        ("23:59:05", "/owa/"),
    ] {
        out.push_str(&format!(
            "{date} {t} W3SVC2 {machine} 127.0.0.1 POST {uri} - 444 \
             CONTOSO\\HealthMailbox1a2b3c 127.0.0.1 Microsoft+WinRM+Client - 200 0 0 7\r\n"
        ));
    }
    out
}

/// What the finding says in its sentences.
fn said(f: &Finding) -> String {
    format!("{}\n{}", f.title, f.explanation)
}

/// Every place `said` names `machine`'s IIS without its site: `IIS on EXMUC01 `,
/// `IIS on EXMUC01,`, `IIS on EXMUC01.` (HTTP.sys is the machine's, named without one).
fn unsited(said: &str, machine: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = said;
    while let Some(at) = rest.find(machine) {
        let after = &rest[at + machine.len()..];
        let before = &rest[..at];
        let iis = before.ends_with("IIS on ")
            || before.ends_with("IIS and HTTP.sys on ")
            || before.ends_with("logs of IIS on ");
        if iis && !after.starts_with("/W3SVC") {
            let from = before.len().saturating_sub(40);
            out.push(format!(
                "…{}{machine}{}",
                &before[from..],
                &after[..after.len().min(20)]
            ));
        }
        rest = after;
    }
    out
}

fn check(case: &str, paths: impl Fn(&Path) -> Vec<PathBuf>, pick: impl Fn(&Finding) -> bool) {
    let tmp = tempfile::tempdir().expect("tmp");
    let machines = two_sites(case, tmp.path());
    let findings = load_all(&paths(&tmp.path().join("case"))).findings;
    let f = findings
        .iter()
        .find(|f| pick(f))
        .unwrap_or_else(|| panic!("{case}: not found in {findings:#?}"));
    let text = said(f);
    assert!(
        machines
            .iter()
            .any(|m| text.contains(&format!("{m}/W3SVC1"))),
        "{case}: {text}"
    );
    for m in &machines {
        let bad = unsited(&text, m);
        assert!(bad.is_empty(), "{case}: {bad:#?}\n{text}");
    }
}

#[test]
fn mrs_refused_names_the_site_that_refused() {
    check("catalogue/forbidden", iis_only, |f| {
        f.id == FindingId::MrsRefused
    });
}

#[test]
fn a_refusal_an_hcw_error_cites_names_the_site_that_logged_it() {
    check(
        "catalogue/forbidden",
        |d| vec![d.to_path_buf()],
        |f| f.explanation.contains("logged the refusal"),
    );
}

#[test]
fn unreachable_mrsproxy_names_the_sites_whose_logs_cover_the_call() {
    check(
        "catalogue/httperr-dropped",
        |d| vec![d.to_path_buf()],
        |f| f.id == FindingId::MrsUnreachable,
    );
}

#[test]
fn a_stuck_client_names_the_site_it_was_stuck_on() {
    check(
        "stuck",
        |d| vec![d.to_path_buf()],
        |f| f.id == FindingId::NtlmStuckClient,
    );
}
