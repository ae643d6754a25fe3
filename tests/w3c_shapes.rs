//! Real IIS W3C shapes read end to end (`tests/fixtures/w3c-shapes`): what the report makes of
//! field sets, sites and damage that Exchange servers write, checked in the JSON report.

use crate::report_json;

use report_json::{Set, handshakes};
use serde_json::Value;

const SET: Set = Set("w3c-shapes");

/// (outcome, count) of each line of the handshake summary.
fn summary(r: &Value) -> Vec<(String, u64)> {
    r["handshake_summary"]
        .as_array()
        .expect("summary")
        .iter()
        .map(|c| {
            (
                c["outcome"].as_str().unwrap_or("").to_string(),
                c["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// (client, server, failure) of each handshake listed.
fn listed(r: &Value) -> Vec<(String, String, String)> {
    handshakes(r)
        .iter()
        .map(|h| {
            let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
            (s("client"), s("server"), s("failure_name"))
        })
        .collect()
}

/// One client's call through the front end, one successful and one failed handshake: the
/// back end's hop of the successful one is no third handshake, whatever tells the site.
fn assert_one_client_call(case: &str, server: &str) {
    let r = SET.json(case);
    assert_eq!(
        summary(&r),
        vec![("success".to_string(), 1), ("failed".to_string(), 1)],
        "{case}"
    );
    assert_eq!(
        listed(&r),
        vec![(
            "10.0.5.20".to_string(),
            server.to_string(),
            "SEC_E_BAD_BINDINGS".to_string()
        )],
        "{case}"
    );
}

#[test]
fn the_back_end_folder_tells_its_hop_when_s_port_is_not_logged() {
    // A field set without s-port: the W3SVC2 folder is the Exchange Back End site.
    assert_one_client_call("back-end-no-port", "EX01/W3SVC1");
}

#[test]
fn a_central_log_of_both_sites_tells_the_back_end_by_s_sitename() {
    // IIS central W3C logging: one file for every site, each line naming its site.
    assert_one_client_call("back-end-sitename", "EX01");
}

#[test]
fn logs_copied_out_of_their_folders_tell_the_back_end_by_its_host_port() {
    // The front end addresses the back end as `<server>:444`; clients reach `mail…` on 443.
    let r = SET.json("back-end-host");
    assert_eq!(summary(&r), vec![("success".to_string(), 1)]);
}

/// (line, reason) of each diagnostic of the first source.
fn diagnostics(r: &Value) -> Vec<(u64, String)> {
    r["sources"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_log_cut_from_its_header_with_more_than_the_default_fields_is_read() {
    // The tail of a log that logs every standard field and X-Forwarded-For (`_x`).
    let r = SET.json("headerless-fields");
    let src = &r["sources"][0];
    assert_eq!(src["kind"], "iis", "{r:#?}");
    assert_eq!(
        (src["events"].as_u64(), src["unparsed"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(
        listed(&r),
        vec![(
            "10.0.5.20".to_string(),
            "EX01".to_string(),
            "SEC_E_BAD_BINDINGS".to_string()
        )]
    );
    let said = diagnostics(&r);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 1);
    assert!(
        said[0].1.starts_with("read, but no #Fields came before")
            && said[0].1.contains("s-computername s-ip cs-method")
            && said[0]
                .1
                .contains("cs-host sc-status sc-substatus sc-win32-status"),
        "{said:?}"
    );
}

#[test]
fn a_headerless_log_of_the_iis_7_5_default_fields_is_read() {
    // Exchange 2010 on Windows Server 2008 R2: the default list had no cs(Referer).
    let r = SET.json("headerless-iis75");
    assert_eq!(r["sources"][0]["unparsed"], 0, "{r:#?}");
    assert_eq!(
        listed(&r),
        vec![(
            "10.0.5.21".to_string(),
            "EX02/W3SVC1".to_string(),
            "SEC_E_LOGON_DENIED".to_string()
        )]
    );
}

#[test]
fn a_field_list_without_sc_substatus_says_its_401s_are_no_handshake_legs() {
    // Until 11:00 the site logged sc-status alone: its 401s say nothing of NTLM, and the report
    // must say so rather than show a quiet "no failed handshakes".
    let r = SET.json("no-substatus");
    let said = diagnostics(&r);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 4);
    assert!(
        said[0]
            .1
            .starts_with("read, but #Fields has no sc-substatus")
            && said[0].1.contains("no handshake is read"),
        "{said:?}"
    );
    assert_eq!(r["sources"][0]["unparsed"], 0);
    // After the fields were added, the handshake is read.
    let lines: Vec<_> = handshakes(&r)
        .iter()
        .flat_map(|h| report_json::legs(h).iter().map(|l| l["line"].as_u64()))
        .collect();
    assert_eq!(lines, vec![Some(12), Some(13), Some(14)]);
}

#[test]
fn x_forwarded_for_logged_through_its_server_variable_names_the_client() {
    // The custom field added as sourceType ServerVariable, named after the variable: the load
    // balancer's address is the connection's, the client is behind it (TLS ended in front of
    // Exchange, not the Hybrid Agent pattern of one address).
    let r = SET.json("xff-server-variable");
    let hs = handshakes(&r);
    assert_eq!(hs.len(), 1, "{hs:#?}");
    assert_eq!(
        (hs[0]["client"].as_str(), hs[0]["via"].as_str()),
        (Some("203.0.113.7"), Some("10.20.0.5"))
    );
}

#[test]
fn without_sc_win32_status_the_401_1_after_an_anonymous_leg_is_its_challenge() {
    // The field set leaves out sc-win32-status: a 401.1 that an open handshake's anonymous leg
    // waits for is its challenge (the logon then succeeds, or a second 401.1 fails it); a
    // 401.1 that no anonymous leg opened is a failure of unknown code, as before.
    let r = SET.json("no-win32");
    let mut by_outcome = std::collections::BTreeMap::new();
    for (outcome, n) in summary(&r) {
        *by_outcome.entry(outcome).or_insert(0) += n;
    }
    assert_eq!(
        by_outcome,
        [("failed".to_string(), 2), ("success".to_string(), 1)].into(),
        "{r:#?}"
    );
    let legs: Vec<Vec<u64>> = handshakes(&r)
        .iter()
        .map(|h| {
            report_json::legs(h)
                .iter()
                .filter_map(|l| l["line"].as_u64())
                .collect()
        })
        .collect();
    assert_eq!(legs, vec![vec![8, 9, 10], vec![11]]);
}

#[test]
fn a_header_block_that_adds_s_computername_names_one_server_for_the_whole_file() {
    // IIS writes a new header block when the logged field set changes: here `s-computername`
    // comes in after 73 lines. One file is one server's log: the handshakes before and after
    // the change, the source and the explorer's rows all name the logged server.
    let case = "fields-add-computername";
    let r = SET.json(case);
    assert_eq!(
        listed(&r),
        vec![
            (
                "10.0.5.20".to_string(),
                "EX01".to_string(),
                "SEC_E_BAD_BINDINGS".to_string()
            );
            2
        ],
        "{r:#?}"
    );
    assert_eq!(r["sources"][0]["server"], "EX01");
    let a = SET.explore(case);
    let ix = &a.requests[0];
    let servers: std::collections::BTreeSet<&str> = (0..ix.len())
        .map(|i| ix.field(hcwlens::index::Field::Server, i))
        .collect();
    assert_eq!(servers, ["EX01"].into());
}

#[test]
fn httperr_addresses_with_an_ipv6_zone_id_are_the_clients_iis_logged() {
    // HTTP.sys writes `2001:db8:5::20%0`, IIS `2001:db8:5::20`: one client, one address in the
    // explorer's rows (filters, finder, client column); the line text keeps what was logged.
    let a = SET.explore("httperr-zone-id");
    let mut clients = std::collections::BTreeSet::new();
    let mut zoned_lines = 0;
    for ix in &a.requests {
        for i in 0..ix.len() {
            clients.insert(ix.field(hcwlens::index::Field::Client, i).to_string());
            zoned_lines += usize::from(ix.text(i).contains('%'));
        }
    }
    let want: std::collections::BTreeSet<String> =
        ["2001:db8:5::20".to_string(), "fe80::20".to_string()].into();
    assert_eq!(clients, want);
    assert_eq!(zoned_lines, 2);
}

#[test]
fn a_loose_log_of_a_dual_stack_server_names_one_server() {
    // A log copied out of its folders (no label) without s-computername, from a server bound
    // to IPv4 and IPv6: its lines log two `s-ip`. One file is one server's log, named by the
    // first `s-ip` as the source is: in the handshakes and the explorer's rows too.
    let case = "dual-stack";
    let r = SET.json(case);
    let servers: Vec<String> = listed(&r).into_iter().map(|(_, s, _)| s).collect();
    assert_eq!(servers, ["10.0.0.5", "10.0.0.5"], "{r:#?}");
    assert_eq!(r["sources"][0]["server"], "10.0.0.5");
    let a = SET.explore(case);
    let ix = &a.requests[0];
    let servers: std::collections::BTreeSet<&str> = (0..ix.len())
        .map(|i| ix.field(hcwlens::index::Field::Server, i))
        .collect();
    assert_eq!(servers, ["10.0.0.5"].into());
}

#[test]
fn a_site_folder_whose_later_logs_name_the_server_names_its_older_ones_so() {
    // s-computername was selected from 6 November on: the 5 November log of the same site
    // folder names no server. One folder is one server's site: both logs are EX01's, and the
    // handshake cut by the midnight rotation is joined (its challenge was not abandoned).
    let case = "site-folder-named-later";
    let r = SET.json(case);
    assert_eq!(summary(&r), vec![("success".to_string(), 1)], "{r:#?}");
    let servers: Vec<&str> = r["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["server"].as_str())
        .collect();
    assert_eq!(servers, ["EX01", "EX01"]);
    let a = SET.explore(case);
    let named: std::collections::BTreeSet<&str> = a
        .requests
        .iter()
        .flat_map(|ix| (0..ix.len()).map(move |i| ix.field(hcwlens::index::Field::Server, i)))
        .chain(a.handshakes.iter().map(|h| h.server.as_str()))
        .collect();
    assert_eq!(named, ["EX01"].into());
}

#[test]
fn a_log_in_the_server_s_local_time_is_read_and_said_and_placed_by_tz() {
    // IIS Advanced Logging can log `date-local time-local` only: the server's wall clock
    // (+05:30 here). Its lines were all "no valid date and time".
    let case = "advanced-local-time";
    let a = SET.analyse(case);
    let src = &a.sources[0];
    assert_eq!((src.stats.events, src.stats.unparsed), (3, 0), "{src:?}");
    let said = &src.stats.diagnostics;
    assert!(
        said.iter()
            .any(|d| d.line == 4 && d.reason.contains("date-local and time-local")),
        "{said:?}"
    );
    let start = |a: &hcwlens::pipeline::Analysis| a.handshakes.first().map(|h| h.start.rfc3339());
    assert_eq!(start(&a).as_deref(), Some("2024-11-05T20:20:02.125Z"));
    let opts = hcwlens::pipeline::LoadOptions {
        zones: vec![(
            hcwlens::pipeline::Selector::Kind(hcwlens::source::SourceKind::Iis),
            hcwlens::time::ZoneSpec::parse("+05:30").expect("zone"),
        )],
        ..Default::default()
    };
    let placed = hcwlens::pipeline::load(&[SET.dir(case)], &opts, &hcwlens::progress::NoProgress)
        .expect("load");
    assert_eq!(start(&placed).as_deref(), Some("2024-11-05T14:50:02.125Z"));
}
