use super::*;
use crate::record::{RequestSink, W3cRecord};
use crate::time::UtcMs;
use proptest::prelude::*;

mod growth;

/// A record with owned fields, for assertions.
#[derive(Debug, Clone, PartialEq, Default)]
struct Row {
    line: u64,
    offset: u64,
    ts: UtcMs,
    server: String,
    server_ip: String,
    method: String,
    uri_stem: String,
    uri_query: String,
    server_port: String,
    username: String,
    client_ip: String,
    client_port: String,
    forwarded_for: String,
    user_agent: String,
    referer: String,
    host: String,
    status: Option<u16>,
    substatus: Option<u16>,
    win32: Option<u32>,
    time_taken: Option<u32>,
    reason: String,
    text: String,
}

impl Row {
    fn of(r: &W3cRecord<'_>) -> Self {
        Row {
            line: r.line,
            offset: r.offset,
            ts: r.ts,
            server: r.server.into(),
            server_ip: r.server_ip.into(),
            method: r.method.into(),
            uri_stem: r.uri_stem.into(),
            uri_query: r.uri_query.into(),
            server_port: r.server_port.into(),
            username: r.username.into(),
            client_ip: r.client_ip.into(),
            client_port: r.client_port.into(),
            forwarded_for: r.forwarded_for.into(),
            user_agent: r.user_agent.into(),
            referer: r.referer.into(),
            host: r.host.into(),
            status: r.status,
            substatus: r.substatus,
            win32: r.win32,
            time_taken: r.time_taken,
            reason: r.reason.into(),
            text: r.text.into(),
        }
    }
}

fn parse_as(text: &[u8], kind: SourceKind, label: &str) -> (Vec<Row>, SourceStats) {
    let mut rows = Vec::new();
    let mut sink = |src: SourceId, r: &W3cRecord<'_>| {
        assert_eq!(src, SourceId(7));
        rows.push(Row::of(r));
    };
    let total = text.len() as u64;
    let Ok(stats) = W3cParser::new(SourceId(7))
        .kind(kind)
        .server_label(label)
        .total(total)
        .bytes(text, &mut sink);
    (rows, stats)
}

fn iis(text: &str) -> (Vec<Row>, SourceStats) {
    parse_as(text.as_bytes(), SourceKind::Iis, "")
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> UtcMs {
    UtcMs::from_civil(y, mo, d, h, mi, s, 0).unwrap_or_default()
}

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
#Date: 2023-04-19 11:22:56\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port \
cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

#[test]
fn exchange_front_end_lines() {
    let text = format!(
        "{HEADER}2023-04-19 11:22:56 192.168.20.198 POST /Autodiscover/Autodiscover.xml \
&CorrelationID=<empty>;&ClientId=VXRIEZFV0YQQFWRSGGW&cafeReqId=4e73377c-eca8-4fc9-9383-88765ed99457; \
443 - 192.168.20.38 Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5254;+Pro) - 401 1 2148074254 1\r\n\
2023-04-19 11:22:57 192.168.20.198 POST /Autodiscover/Autodiscover.xml \
&CorrelationID=<empty>;&cafeReqId=98de9d99-62b7-485e-bda3-d46564798d99; 443 CUSTOMER\\test.onpremise \
192.168.20.38 Microsoft+Office/16.0 - 200 0 0 12\r\n"
    );
    let (rows, stats) = iis(&text);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (6, 2, 0));
    assert_eq!(stats.bytes, text.len() as u64);
    let r = &rows[0];
    assert_eq!(r.ts, at(2023, 4, 19, 11, 22, 56));
    assert_eq!(r.line, 5);
    assert_eq!(r.server_ip, "192.168.20.198");
    assert_eq!(
        r.server, "192.168.20.198",
        "no label, no s-computername: s-ip"
    );
    assert_eq!(r.method, "POST");
    assert_eq!(r.uri_stem, "/Autodiscover/Autodiscover.xml");
    assert!(r.uri_query.starts_with("&CorrelationID=<empty>;&ClientId="));
    assert!(
        r.uri_query
            .ends_with("cafeReqId=4e73377c-eca8-4fc9-9383-88765ed99457;")
    );
    assert_eq!(r.server_port, "443");
    assert_eq!(r.username, "");
    assert_eq!(r.client_ip, "192.168.20.38");
    assert!(r.user_agent.starts_with("Microsoft+Office/16.0+(Windows"));
    assert_eq!(r.referer, "");
    assert_eq!(
        (r.status, r.substatus, r.win32),
        (Some(401), Some(1), Some(2_148_074_254))
    );
    assert_eq!(r.time_taken, Some(1));
    assert!(r.text.starts_with("2023-04-19 11:22:56 ") && !r.text.ends_with('\r'));
    assert_eq!(&text[r.offset as usize..][..r.text.len()], r.text);
    assert_eq!(rows[1].username, "CUSTOMER\\test.onpremise");
    assert_eq!(rows[1].ts, at(2023, 4, 19, 11, 22, 57));
}

#[test]
fn ntlm_legs_and_u32_win32() {
    let text = format!(
        "{HEADER}2020-02-20 06:57:42 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 401 2 5 3\n\
2020-02-20 06:57:42 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 401 1 2148074254 2\n\
2020-02-20 06:57:42 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 401 1 2148074310 4\n\
2020-02-20 06:57:43 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 401 1 4294967295 4\n\
2020-02-20 06:57:43 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 401 1 4294967296 4\n"
    );
    let (rows, stats) = iis(&text);
    assert_eq!(stats.events, 5);
    let triples: Vec<_> = rows
        .iter()
        .map(|r| (r.status, r.substatus, r.win32))
        .collect();
    assert_eq!(
        triples,
        vec![
            (Some(401), Some(2), Some(5)),
            (Some(401), Some(1), Some(2_148_074_254)),
            (Some(401), Some(1), Some(2_148_074_310)),
            (Some(401), Some(1), Some(u32::MAX)),
            (Some(401), Some(1), None),
        ]
    );
    assert!(
        rows.iter()
            .all(|r| r.user_agent.is_empty() && r.uri_query.is_empty())
    );
}

#[test]
fn ipv6_client_kept_as_written() {
    let text = format!(
        "{HEADER}2024-11-05 13:23:20 10.0.1.15 POST /EWS/Exchange.asmx - 443 - 2001:db8:10:1::25 \
AppleExchangeWebServices/818.0.1 - 401 1 2148074254 5\n\
2024-11-05 13:23:21 ::1 GET /owa/ - 443 - ::1 - - 302 0 0 15\n"
    );
    let (rows, _) = iis(&text);
    assert_eq!(rows[0].client_ip, "2001:db8:10:1::25");
    assert_eq!(rows[1].client_ip, "::1");
    assert_eq!(rows[1].server_ip, "::1");
}

#[test]
fn httperr_lines_with_zone_ids_and_reasons() {
    let text = "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: 2012-02-06 13:31:17\r\n\
#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\r\n\
2012-02-06 13:31:17 2001:4898:0:fff:0:5efe:10.164.167.30%0 54697 2001:4898:0:fff:0:5efe:10.85.220.4%0 80 - - - - - Timer_ConnectionIdle -\r\n\
2012-02-06 13:31:18 52.98.71.12 50123 10.0.1.15 443 HTTP/1.1 POST /EWS/mrsproxy.svc?x=1&y 503 1 AppOffline MSExchangeServicesAppPool\r\n\
2012-02-06 13:31:19 172.31.77.6 64388 10.0.1.15 80 HTTP/1.1 GET http://mail.contoso.com:80/owa/?a=b 400 - Hostname -\r\n";
    let (rows, stats) = parse_as(text.as_bytes(), SourceKind::Httperr, "EX01/HTTPERR");
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    let idle = &rows[0];
    // The addresses without their zone id (IIS logs none), the line as written.
    assert_eq!(idle.client_ip, "2001:4898:0:fff:0:5efe:10.164.167.30");
    assert_eq!(idle.client_port, "54697");
    assert_eq!(idle.server_ip, "2001:4898:0:fff:0:5efe:10.85.220.4");
    assert!(idle.text.contains("10.164.167.30%0 54697"), "{}", idle.text);
    assert_eq!(idle.server_port, "80");
    assert_eq!(idle.reason, "Timer_ConnectionIdle");
    assert_eq!((idle.method.as_str(), idle.uri_stem.as_str()), ("", ""));
    assert_eq!(
        (idle.status, idle.substatus, idle.win32),
        (None, None, None)
    );
    assert_eq!(idle.server, "EX01/HTTPERR");
    let off = &rows[1];
    assert_eq!(
        (off.uri_stem.as_str(), off.uri_query.as_str()),
        ("/EWS/mrsproxy.svc", "x=1&y")
    );
    assert_eq!(off.status, Some(503));
    assert_eq!(off.reason, "AppOffline");
    let abs = &rows[2];
    assert_eq!(abs.host, "mail.contoso.com:80");
    assert_eq!(
        (abs.uri_stem.as_str(), abs.uri_query.as_str()),
        ("/owa/", "a=b")
    );
    assert_eq!(abs.reason, "Hostname");
}

#[test]
fn headerless_httperr_accepts_old_twelve_field_lines() {
    let text = "2002-07-05 18:45:09 172.31.77.6 2094 172.31.77.6 80 HTTP/1.1 GET /qos/1kbfile.txt 503 - ConnLimit\n\
2002-07-05 20:06:01 172.31.77.6 64388 127.0.0.1 80 - - - - - Timer_MinBytesPerSecond\n\
2002-07-05 20:06:02 172.31.77.6 64389 127.0.0.1 80 - - - - - Timer_ConnectionIdle DefaultAppPool\n";
    let (rows, stats) = parse_as(text.as_bytes(), SourceKind::Httperr, "");
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert_eq!(rows[0].uri_stem, "/qos/1kbfile.txt");
    assert_eq!(rows[0].reason, "ConnLimit");
    assert_eq!(rows[1].reason, "Timer_MinBytesPerSecond");
    assert_eq!(rows[2].reason, "Timer_ConnectionIdle");
}

#[test]
fn second_fields_block_with_another_list() {
    let text = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n\
2024-11-05 00:00:01 10.0.1.15 GET /owa/healthcheck.htm - 443 - 10.0.1.2 - - 200 0 0 1\n\
#Software: Microsoft Internet Information Services 10.0\n\
#Fields: date time s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Referrer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken X-Forwarded-For REMOTE_PORT\n\
2024-11-05 09:12:03 EX01 10.0.1.15 POST /EWS/mrsproxy.svc - 443 - 10.0.2.40 HTTP/1.1 - - mail.contoso.com 401 1 2148074310 245 1840 4 52.98.71.12 50211\n\
2024-11-05 09:12:04 EX01 10.0.1.15 GET /ecp/ - 443 CONTOSO\\admin 10.0.2.40 HTTP/1.1 Mozilla/5.0 https://mail.contoso.com/owa/ mail.contoso.com 200 0 0 5120 600 31 - -\n";
    let (rows, stats) = parse_as(text.as_bytes(), SourceKind::Iis, "EX01/W3SVC1");
    assert_eq!((stats.events, stats.unparsed), (3, 0));
    assert_eq!(rows[0].uri_stem, "/owa/healthcheck.htm");
    assert_eq!(
        rows[0].server, "EX01/W3SVC1",
        "label when no s-computername"
    );
    assert_eq!(rows[0].time_taken, Some(1));
    let ep = &rows[1];
    assert_eq!(ep.server, "EX01");
    assert_eq!(ep.client_ip, "10.0.2.40");
    assert_eq!(ep.host, "mail.contoso.com");
    assert_eq!(
        (ep.status, ep.substatus, ep.win32),
        (Some(401), Some(1), Some(2_148_074_310))
    );
    assert_eq!(ep.time_taken, Some(4));
    assert_eq!(ep.forwarded_for, "52.98.71.12");
    assert_eq!(ep.client_port, "50211");
    let ecp = &rows[2];
    assert_eq!(ecp.referer, "https://mail.contoso.com/owa/");
    assert_eq!(ecp.user_agent, "Mozilla/5.0");
    assert_eq!(
        (ecp.forwarded_for.as_str(), ecp.client_port.as_str()),
        ("", "")
    );
    assert_eq!(ecp.time_taken, Some(31));
}

#[test]
fn headerless_file_uses_the_exchange_default() {
    let text = "2024-11-05 10:00:00 10.0.1.16 POST /EWS/mrsproxy.svc - 444 CONTOSO\\migadmin 10.0.1.15 - - 200 0 0 120";
    let (rows, stats) = iis(text);
    assert_eq!(
        (stats.lines, stats.events),
        (1, 1),
        "last line without newline"
    );
    assert_eq!(rows[0].server_port, "444");
    assert_eq!(rows[0].username, "CONTOSO\\migadmin");
    // No line break after it: the log may end inside time-taken (`120` of `1200`), which is
    // then no number; the codes before it are whole.
    assert_eq!(rows[0].time_taken, None);
    assert_eq!(rows[0].win32, Some(0));
    assert_eq!(
        stats.cut_line,
        Some(1),
        "the line is said to end without a line break"
    );
}

#[test]
fn a_last_value_the_log_may_end_inside_is_no_number_unless_no_digit_could_follow() {
    let fields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username \
                  c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status\r\n";
    let line = "2024-11-05 10:00:00 10.0.1.16 POST /EWS/mrsproxy.svc - 443 - 10.0.1.15 - 401 1";
    for (last, win32) in [
        ("2148", None),
        ("2148074310", Some(2_148_074_310)),
        ("429496729", None),
        ("429496730", Some(429_496_730)),
        ("-", None),
    ] {
        let (rows, _) = iis(&format!("{fields}{line} {last}"));
        assert_eq!(rows[0].win32, win32, "{last}");
        let (rows, _) = iis(&format!("{fields}{line} {last}\r\n"));
        let whole = (last != "-").then(|| last.parse::<u32>().unwrap_or(0));
        assert_eq!(rows[0].win32, whole, "{last} with its line break");
    }
}

/// A log cut out of a larger one by size starts in the middle of a line: the fields are worked
/// out from the first whole line, not given up on because the cut one fits no list.
#[test]
fn headerless_file_cut_mid_line_works_its_fields_out_from_the_first_whole_line() {
    let line = |s: u32| {
        format!(
            "2024-11-05 11:00:0{s} W3SVC1 EX01 10.0.1.15 POST /EWS/Exchange.asmx - 443 \
             CONTOSO\\bob 10.9.9.9 HTTP/1.1 Outlook - - mail.contoso.com 401 1 2148074254 \
             1234 567 31\r\n"
        )
    };
    let text = format!(
        "Outlook - - mail.contoso.com 200 0 0 1234 567 31\r\n{}{}",
        line(1),
        line(2)
    );
    let (rows, stats) = iis(&text);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (3, 2, 1));
    assert_eq!(rows[0].server, "EX01");
    assert_eq!(rows[0].username, "CONTOSO\\bob");
    assert_eq!(rows[0].host, "mail.contoso.com");
    assert_eq!(
        (rows[0].status, rows[0].win32),
        (Some(401), Some(2148074254))
    );
    assert_eq!(rows[1].line, 3);
}

#[test]
fn bom_crlf_and_trailing_spaces() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        b"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status \r\n\
2005-05-21 05:39:27 192.168.0.101 GET /VirtualServer/scripts/VSScripts.js - 1024 - 192.168.0.101 Mozilla/4.0+(User-Agent) 401 2 5 \r\n\
\r\n\
2005-05-21 05:39:27 192.168.0.101 GET /VirtualServer/scripts/VSScripts.js - 1024 WEBBROWSER\\User 192.168.0.101 Mozilla/4.0+(User-Agent) 304 0 0\r\n",
    );
    let (rows, stats) = parse_as(&bytes, SourceKind::Iis, "");
    assert_eq!((stats.lines, stats.events, stats.unparsed), (4, 2, 0));
    assert_eq!(rows[0].win32, Some(5));
    assert_eq!(rows[1].username, "WEBBROWSER\\User");
    assert_eq!(rows[1].line, 4);
    for r in &rows {
        let raw = &bytes[r.offset as usize..][..r.text.len()];
        assert_eq!(raw, r.text.as_bytes(), "offsets count the BOM");
    }
}

#[test]
fn bad_status_is_none_bad_time_is_a_diagnostic() {
    let text = format!(
        "{HEADER}2024-11-05 10:00:00 10.0.1.16 GET / - 443 - 1.2.3.4 - - abc 0 0 1\n\
2024-13-05 10:00:00 10.0.1.16 GET / - 443 - 1.2.3.4 - - 200 0 0 1\n\
2024-11-05 25:00:00 10.0.1.16 GET / - 443 - 1.2.3.4 - - 200 0 0 1\n\
2024-11-05 10:00:00 10.0.1.16 GET / - 443\n"
    );
    let (rows, stats) = iis(&text);
    assert_eq!((stats.events, stats.unparsed), (1, 3));
    assert_eq!(rows[0].status, None);
    assert_eq!(rows[0].substatus, Some(0));
    let reasons: Vec<_> = stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                5,
                "read, but sc-status \"abc\" is not a number that fits, kept as text"
            ),
            (6, "no valid date and time"),
            (7, "no valid date and time"),
            (8, "7 fields where #Fields lists 15"),
        ]
    );
}

#[test]
fn long_lines_do_not_panic() {
    let query = "q".repeat(200 * 1024);
    let junk = "x ".repeat(100 * 1024);
    let text = format!(
        "{HEADER}2024-11-05 10:00:00 10.0.1.16 GET /owa/ {query} 443 - 1.2.3.4 - - 200 0 0 1\n{junk}\n\
2024-11-05 10:00:01 10.0.1.16 GET /owa/ - 443 - 1.2.3.4 - - 200 0 0 1\n"
    );
    let (rows, stats) = iis(&text);
    assert_eq!((stats.events, stats.unparsed), (2, 1));
    assert_eq!(rows[0].uri_query.len(), query.len());
    assert_eq!(rows[1].line, 7);
    assert_eq!(stats.diagnostics[0].reason, "no valid date and time");
}

#[test]
fn line_over_the_limit_is_skipped_and_counted() {
    let long = "y".repeat(block::MAX_LINE + 10);
    let text = format!(
        "{HEADER}{long}\n2024-11-05 10:00:01 10.0.1.16 GET /owa/ - 443 - 1.2.3.4 - - 200 0 0 1\n"
    );
    let (rows, stats) = iis(&text);
    assert_eq!((stats.lines, stats.events, stats.unparsed), (6, 1, 1));
    assert_eq!(rows[0].line, 6);
    assert_eq!(
        &text[rows[0].offset as usize..][..rows[0].text.len()],
        rows[0].text
    );
    assert!(stats.diagnostics[0].reason.contains("longer than"));
}

#[test]
fn invalid_utf8_is_shown_lossily_and_offsets_hold() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"2024-11-05 10:00:00 10.0.1.16 GET /owa/ - 443 CONTOSO\\j\xFCrgen 1.2.3.4 - - 200 0 0 1\n",
    );
    bytes.extend_from_slice(
        b"2024-11-05 10:00:01 10.0.1.16 GET /ecp/ - 443 - 1.2.3.4 - - 200 0 0 1\n",
    );
    let (rows, stats) = parse_as(&bytes, SourceKind::Iis, "");
    assert_eq!(stats.events, 2);
    assert_eq!(rows[0].username, "CONTOSO\\j\u{FFFD}rgen");
    let second = &rows[1];
    assert_eq!(
        &bytes[second.offset as usize..][..second.text.len()],
        second.text.as_bytes()
    );
}

/// Builds a multi-block input so the worker pool runs: many lines, a `#Fields` change and bad
/// lines far from the start.
fn big_text() -> (String, Vec<(u64, bool)>) {
    let mut text = String::from(HEADER);
    let mut expect = Vec::new(); // (line, is event)
    let mut line = 4u64;
    for i in 0..40_000u32 {
        line += 1;
        if i == 25_000 {
            text.push_str("#Fields: date time c-ip cs-uri-stem sc-status\n");
            expect.push((line, false));
            continue;
        }
        if i % 9_973 == 0 {
            text.push_str("garbage line\n");
            expect.push((line, false));
            continue;
        }
        let s = i % 60;
        if i > 25_000 {
            text.push_str(&format!(
                "2024-11-05 12:00:{s:02} 10.1.{}.{} /u/{i} 200\n",
                i % 200,
                i % 250
            ));
        } else {
            text.push_str(&format!(
                "2024-11-05 11:00:{s:02} 10.0.1.15 POST /EWS/mrsproxy.svc &cafeReqId={i}; 443 - 10.9.{}.{} - - 401 1 2148074254 {i}\n",
                i % 200,
                i % 250
            ));
        }
        expect.push((line, true));
    }
    (text, expect)
}

#[test]
fn many_blocks_keep_order_line_numbers_and_map_changes() {
    let (text, expect) = big_text();
    assert!(text.len() > 3 * block::READ, "needs several blocks");
    let (rows, stats) = iis(&text);
    let want: Vec<u64> = expect.iter().filter(|e| e.1).map(|e| e.0).collect();
    let got: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(got, want);
    assert_eq!(stats.lines, 4 + expect.len() as u64);
    assert_eq!(stats.events, want.len() as u64);
    let bad: Vec<u64> = stats.diagnostics.iter().map(|d| d.line).collect();
    let want_bad: Vec<u64> = expect
        .iter()
        .filter(|e| !e.1)
        .map(|e| e.0)
        .filter(|&l| text.lines().nth(l as usize - 1) == Some("garbage line"))
        .collect();
    assert_eq!(bad, want_bad);
    for r in &rows {
        assert_eq!(&text[r.offset as usize..][..r.text.len()], r.text);
        if r.uri_stem.starts_with("/u/") {
            assert_eq!(r.status, Some(200));
            assert!(r.server_ip.is_empty());
        } else {
            assert_eq!(r.uri_stem, "/EWS/mrsproxy.svc");
            assert_eq!(r.win32, Some(2_148_074_254));
        }
    }
    assert!(rows.iter().any(|r| r.uri_stem == "/u/39999"));
}

/// A file parsed while others take every core (no worker of its own: the calling thread
/// parses each block) reads exactly as one parsed alone.
#[test]
fn a_stream_with_one_core_parses_every_block_itself_in_order() {
    let (text, _) = big_text();
    let (alone, alone_stats) = iis(&text);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (shared, shared_stats) = std::thread::scope(|s| {
        s.spawn(|| {
            super::share::shared_by(cores.max(2), None);
            iis(&text)
        })
        .join()
        .expect("parse thread")
    });
    assert_eq!(shared.len(), alone.len());
    assert!(shared.iter().zip(&alone).all(|(a, b)| a == b));
    assert_eq!(shared_stats.lines, alone_stats.lines);
    assert_eq!(shared_stats.events, alone_stats.events);
    assert_eq!(shared_stats.diagnostics, alone_stats.diagnostics);
}

/// Records progress reports and cancels after `after` of them.
struct Cancel {
    reports: std::sync::Mutex<Vec<(u64, u64)>>,
    after: usize,
}

impl Cancel {
    fn new(after: usize) -> Self {
        Cancel {
            reports: std::sync::Mutex::new(Vec::new()),
            after,
        }
    }
    fn seen(&self) -> Vec<(u64, u64)> {
        self.reports.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Progress for Cancel {
    fn report(&self, done: u64, total: u64) {
        if let Ok(mut r) = self.reports.lock() {
            r.push((done, total));
        }
    }
    fn is_cancelled(&self) -> bool {
        self.seen().len() >= self.after
    }
}

/// A stream parsed without workers of its own (other files take the cores) stops as early.
#[test]
fn cancelling_a_stream_without_workers_stops_early() {
    let (text, _) = big_text();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = std::thread::scope(|s| {
        s.spawn(|| {
            super::share::shared_by(cores.max(2), None);
            let mut n = 0u64;
            let mut sink = |_: SourceId, _: &W3cRecord<'_>| n += 1;
            let cancel = Cancel::new(1);
            let parsed = W3cParser::new(SourceId(0))
                .kind(SourceKind::Iis)
                .progress(&cancel)
                .total(text.len() as u64)
                .bytes(text.as_bytes(), &mut sink);
            assert!(parsed.is_ok());
            n
        })
        .join()
        .expect("parse thread")
    });
    assert!(
        n > 0 && n < 39_000,
        "stopped after the first block ({n} events)"
    );
}

#[test]
fn cancelling_stops_early_and_progress_reaches_the_end() {
    let (text, _) = big_text();
    let total = text.len() as u64;
    let mut n = 0u64;
    let mut sink = |_: SourceId, _: &W3cRecord<'_>| n += 1;
    let cancel = Cancel::new(1);
    let Ok(stats) = W3cParser::new(SourceId(0))
        .kind(SourceKind::Iis)
        .progress(&cancel)
        .total(total)
        .bytes(text.as_bytes(), &mut sink);
    assert!(
        n > 0 && n < 39_000,
        "stopped after the first block ({n} events)"
    );
    assert!(stats.events >= n);

    let full = Cancel::new(usize::MAX);
    let mut m = 0u64;
    let mut sink = |_: SourceId, _: &W3cRecord<'_>| m += 1;
    let Ok(stats) = W3cParser::new(SourceId(0))
        .kind(SourceKind::Iis)
        .progress(&full)
        .total(total)
        .bytes(text.as_bytes(), &mut sink);
    assert_eq!(stats.events, m);
    let seen = full.seen();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0].0 < w[1].0),
        "increasing: {seen:?}"
    );
    assert!(
        seen.windows(2)
            .all(|w| w[1].0 - w[0].0 <= REPORT_EVERY + block::MAX_LINE as u64)
    );
    assert_eq!(seen.last(), Some(&(total, total)));
    assert!(
        seen.len() as u64 <= total / REPORT_EVERY + 2,
        "throttled: {}",
        seen.len()
    );
}

#[test]
fn field_names_bind_loosely_for_custom_fields() {
    use fields::{Role, Text, role_of};
    assert_eq!(role_of("X-Forwarded-For"), Role::Text(Text::ForwardedFor));
    assert_eq!(role_of("x_forwarded_for"), Role::Text(Text::ForwardedFor));
    assert_eq!(
        role_of("cs(X-Forwarded-For)"),
        Role::Text(Text::ForwardedFor)
    );
    assert_eq!(role_of("REMOTE_PORT"), Role::Text(Text::ClientPort));
    assert_eq!(role_of("ClientPort"), Role::Text(Text::ClientPort));
    assert_eq!(role_of("c-port"), Role::Text(Text::ClientPort));
    assert_eq!(role_of("CS(REFERER)"), Role::Text(Text::Referer));
    assert_eq!(role_of("cs(Referrer)"), Role::Text(Text::Referer));
    assert_eq!(role_of("cs(Cookie)"), Role::Ignore);
    assert_eq!(role_of("HTTP_AUTHORIZATION"), Role::Ignore);
    // Logged through the server variable (sourceType ServerVariable), or another proxy header
    // that names the client.
    for name in [
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "True-Client-IP",
        "CF-Connecting-IP",
        "X-Client-IP",
        "X-Azure-ClientIP",
    ] {
        assert_eq!(role_of(name), Role::Text(Text::ForwardedFor), "{name}");
    }
    assert_eq!(role_of("HTTP_USER_AGENT"), Role::Ignore);
}

fn w3c_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024-11-05".to_string()),
        Just("13:22:56".to_string()),
        Just("-".to_string()),
        Just("#Fields: date time c-ip sc-status".to_string()),
        Just("401".to_string()),
        Just("2148074310".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,4}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (rows, stats) = parse_as(&bytes, SourceKind::Iis, "");
        prop_assert_eq!(rows.len() as u64, stats.events);
        prop_assert!(stats.events + stats.unparsed <= stats.lines);
        let (_, stats) = parse_as(&bytes, SourceKind::Httperr, "x");
        prop_assert!(stats.events + stats.unparsed <= stats.lines);
    }

    #[test]
    fn w3c_like_text_keeps_offsets(tokens in proptest::collection::vec(w3c_token(), 0..200)) {
        let text = tokens.join(" ");
        let (rows, stats) = parse_as(text.as_bytes(), SourceKind::Iis, "");
        prop_assert_eq!(rows.len() as u64, stats.events);
        for r in &rows {
            let raw = &text.as_bytes()[r.offset as usize..][..r.text.len()];
            prop_assert_eq!(raw, r.text.as_bytes());
            prop_assert!(!r.text.contains('\n'));
        }
    }
}

#[test]
fn scan_finds_every_space_and_line_feed() {
    // Every byte value at every position of a window, next to spaces and line feeds.
    let mut text = Vec::new();
    for b in 0u8..=255 {
        text.extend_from_slice(&[b' ', b, b'!', b'\n', b, b' ', 0x21, b]);
    }
    let mut edges = scan::Edges::default();
    let mut seen = Vec::new();
    scan::scan_lines(&text, &mut edges, |edges, start, end| {
        let (fields, _) = edges.close(end);
        for k in 0..fields {
            if let Some((a, b)) = edges.field(k) {
                seen.push((start, a, b));
            }
        }
    });
    let mut want = Vec::new();
    let mut start = 0;
    for (i, line) in text.split(|&c| c == b'\n').enumerate() {
        let _ = i;
        let end = start + line.len();
        let mut trimmed = end;
        while trimmed > start && text[trimmed - 1] == b' ' {
            trimmed -= 1;
        }
        let mut a = start;
        for (j, &c) in text[start..trimmed].iter().enumerate() {
            if c == b' ' {
                want.push((start, a, start + j));
                a = start + j + 1;
            }
        }
        want.push((start, a, trimmed));
        start = end + 1;
    }
    if text.ends_with(b"\n") {
        want.pop();
    }
    assert_eq!(seen, want);
}

#[test]
fn scan_flags_exactly_the_lines_with_a_quote_or_a_tab() {
    // One line per byte value, the byte at every position of a 64-byte window over the lines.
    let mut text = Vec::new();
    let mut want = Vec::new();
    for b in (0u8..=255).filter(|&b| b != b'\n') {
        for pad in 0..3 {
            text.extend(std::iter::repeat_n(b'x', pad * 21));
            text.extend_from_slice(&[b' ', b'#', b, b'#', b' ', b'!', b'\r', b'\n']);
            want.push(b == b'"' || b == b'\t');
        }
    }
    let mut edges = scan::Edges::default();
    let mut seen = Vec::new();
    scan::scan_lines(&text, &mut edges, |edges, _, _| seen.push(edges.odd));
    assert_eq!(seen, want);
}

#[test]
fn a_line_with_more_values_than_edge_slots_is_read_whole() {
    // 600 values: more spaces than the scan keeps edges for, so it splits the line again.
    let names: Vec<String> = (0..585).map(|k| format!("x-{k}")).collect();
    let text = format!(
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
         cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken {}\n\
         2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 \
         UA - 401 1 2148074254 15 {}\n",
        names.join(" "),
        vec!["v"; 585].join(" ")
    );
    let (rows, stats) = iis(&text);
    assert_eq!(stats.unparsed, 0, "{:?}", stats.diagnostics);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.ts, at(2024, 11, 5, 13, 23, 13));
    assert_eq!(
        (r.status, r.substatus, r.win32, r.time_taken),
        (Some(401), Some(1), Some(2_148_074_254), Some(15))
    );
    assert_eq!(
        (r.client_ip.as_str(), r.username.as_str()),
        ("10.0.5.20", "CONTOSO\\mig")
    );
}

/// Hands out at most `step` bytes per read, then fails after `fail_at` bytes if set.
struct Dribble<'a> {
    data: &'a [u8],
    step: usize,
    fail_at: Option<usize>,
    pos: usize,
}

impl std::io::Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_at.is_some_and(|f| self.pos >= f) {
            return Err(std::io::Error::other("disk gone"));
        }
        let n = buf.len().min(self.step).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn small_reads_give_the_same_result_and_errors_surface() {
    let (text, _) = big_text();
    let (want, want_stats) = iis(&text);
    let mut got = Vec::new();
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| got.push(Row::of(r));
    let reader = Dribble {
        data: text.as_bytes(),
        step: 4093,
        fail_at: None,
        pos: 0,
    };
    let stats = W3cParser::new(SourceId(7))
        .kind(SourceKind::Iis)
        .read(reader, &mut sink)
        .expect("parse");
    assert_eq!(stats, want_stats);
    assert_eq!(got, want);

    let reader = Dribble {
        data: text.as_bytes(),
        step: 65_536,
        fail_at: Some(2 * 1024 * 1024),
        pos: 0,
    };
    let mut sink = |_: SourceId, _: &W3cRecord<'_>| {};
    let err = W3cParser::new(SourceId(7))
        .kind(SourceKind::Iis)
        .read(reader, &mut sink)
        .expect_err("the read error is returned");
    assert_eq!(err.to_string(), "disk gone");
}

/// One value of each field of [`HEADER`]'s list, in the canonical W3C shape (no spaces).
fn canonical_values() -> impl Strategy<Value = Vec<String>> {
    let text = "[A-Za-z0-9/._:+=&;\\\\-]{1,14}";
    let num = |max: u64| (0..=max).prop_map(|v| v.to_string());
    (
        (0u32..86_400).prop_map(|s| format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)),
        proptest::collection::vec(text, 7),
        num(999),
        num(65_535),
        num(u64::from(u32::MAX)),
        num(u64::from(u32::MAX)),
        prop_oneof![Just("-".to_string()), text.prop_map(|t| t)],
    )
        .prop_map(|(time, t, status, sub, win32, taken, referer)| {
            // date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
            // cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
            vec![
                "2024-11-05".to_string(),
                time,
                t[0].clone(),
                t[1].clone(),
                t[2].clone(),
                t[3].clone(),
                t[4].clone(),
                t[5].clone(),
                t[6].clone(),
                "Mozilla/5.0".to_string(),
                referer,
                status,
                sub,
                win32,
                taken,
            ]
        })
}

proptest! {
    /// A line with runs of spaces or tabs, quoted values or extra trailing values reads as the
    /// same record as its canonical form (only its text differs).
    #[test]
    fn irregular_lines_read_as_their_canonical_form(
        values in canonical_values(),
        gaps in proptest::collection::vec(prop_oneof![
            4 => Just(" ".to_string()),
            1 => Just("  ".to_string()),
            1 => Just(" \t ".to_string()),
            1 => Just("   ".to_string()),
        ], 16),
        quoted in proptest::collection::vec(any::<bool>(), 15),
        lead in prop_oneof![Just(""), Just(" "), Just("  ")],
        extra in proptest::collection::vec("[A-Za-z0-9.]{1,6}", 0..3),
    ) {
        let canonical = format!("{HEADER}{}\n", values.join(" "));
        let mut line = lead.to_string();
        for (k, v) in values.iter().enumerate() {
            if k > 0 {
                line.push_str(&gaps[k]);
            }
            if quoted[k] {
                line.push('"');
                line.push_str(v);
                line.push('"');
            } else {
                line.push_str(v);
            }
        }
        for e in &extra {
            line.push_str(&gaps[15]);
            line.push_str(e);
        }
        let odd = format!("{HEADER}{line}\n");
        let (want, want_stats) = iis(&canonical);
        let (got, got_stats) = iis(&odd);
        prop_assert_eq!(want_stats.events, 1);
        prop_assert_eq!(got_stats.events, 1);
        prop_assert_eq!(got_stats.unparsed, 0);
        prop_assert_eq!(got_stats.diagnostics.len(), usize::from(!extra.is_empty()));
        let strip = |r: &Row| Row { text: String::new(), offset: 0, ..r.clone() };
        prop_assert_eq!(strip(&got[0]), strip(&want[0]));
        prop_assert_eq!(got[0].text.as_str(), line.as_str());
    }
}

/// A sink that stops (or fails) at its `at`-th record and counts what it was shown.
struct Until {
    at: u64,
    fail: bool,
    seen: u64,
}

impl RequestSink for Until {
    type Row = ();
    type Block = ();
    type Error = String;

    fn request(&mut self, _: SourceId, rec: &W3cRecord<'_>) -> std::result::Result<bool, String> {
        self.seen += 1;
        if self.seen < self.at {
            return Ok(true);
        }
        if self.fail {
            return Err(format!("sink failed at line {}", rec.line));
        }
        Ok(false)
    }
}

#[test]
fn a_sink_stops_the_parse_in_any_block() {
    let (text, _) = big_text();
    let (all, _) = iis(&text);
    for at in [10, 30_000] {
        let mut sink = Until {
            at,
            fail: false,
            seen: 0,
        };
        let stats = W3cParser::new(SourceId(0))
            .read(text.as_bytes(), &mut sink)
            .expect("a stop is not an error");
        assert_eq!(sink.seen, at, "no record after the stop");
        assert!(stats.events < all.len() as u64, "{} events", stats.events);
    }
}

#[test]
fn a_sink_error_fails_the_parse_and_is_handed_back() {
    let (text, _) = big_text();
    let (all, _) = iis(&text);
    for at in [10u64, 30_000] {
        let mut sink = Until {
            at,
            fail: true,
            seen: 0,
        };
        let err = W3cParser::new(SourceId(0))
            .read(text.as_bytes(), &mut sink)
            .expect_err("the sink failed");
        let line = all[at as usize - 1].line;
        assert!(
            matches!(&err, ParseError::Sink(e) if *e == format!("sink failed at line {line}")),
            "{err}"
        );
        assert_eq!(sink.seen, at, "no record after the failure");
    }
}

/// A hook that notes each row's instant and each block's row count.
struct Noting;

impl BlockHook for Noting {
    type Row = i64;
    type Block = usize;

    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<i64>, out: &mut usize) {
        per_row.extend(rows.iter().map(|r| r.ts()));
        *out = rows.len();
    }
}

/// Checks that every row's hook value reaches `wants` with its own record.
#[derive(Default)]
struct Checking {
    blocks: usize,
    wanted: Vec<i64>,
    requested: Vec<i64>,
}

impl RequestSink for Checking {
    type Row = i64;
    type Block = usize;
    type Error = std::convert::Infallible;

    fn block(
        &mut self,
        _: SourceId,
        rows: &usize,
        _: &str,
        _: u64,
    ) -> std::result::Result<bool, Self::Error> {
        self.blocks += rows;
        Ok(true)
    }

    fn wants(&mut self, _: SourceId, ts: UtcMs, row: &i64) -> bool {
        self.wanted.push(*row);
        assert_eq!(ts.0, *row);
        // Skip every other request: the parser must then not build its record.
        self.wanted.len().is_multiple_of(2)
    }

    fn request(
        &mut self,
        _: SourceId,
        rec: &W3cRecord<'_>,
    ) -> std::result::Result<bool, Self::Error> {
        self.requested.push(rec.ts.0);
        Ok(true)
    }
}

#[test]
fn the_hook_runs_on_every_block_and_its_rows_reach_the_sink_in_order() {
    let (text, _) = big_text();
    let (all, want_stats) = iis(&text);
    let mut sink = Checking::default();
    let stats = W3cParser::new(SourceId(0))
        .hook(Noting)
        .read(text.as_bytes(), &mut sink)
        .expect("parse");
    assert_eq!(stats, want_stats);
    assert_eq!(sink.blocks, all.len());
    let ts: Vec<i64> = all.iter().map(|r| r.ts.0).collect();
    assert_eq!(sink.wanted, ts);
    let every_other: Vec<i64> = ts.iter().skip(1).step_by(2).copied().collect();
    assert_eq!(sink.requested, every_other);
}

#[test]
fn a_failing_sink_on_an_opened_file_is_a_parse_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("u_ex241105.log");
    let (text, _) = big_text();
    std::fs::write(&path, &text).expect("write");
    let opened = crate::read::open(&path).expect("open");
    let mut sink = Until {
        at: 3,
        fail: true,
        seen: 0,
    };
    let err = W3cParser::new(SourceId(0))
        .opened(opened, &mut sink)
        .expect_err("the sink failed");
    assert!(
        matches!(&err, Error::Parse { path: p, reason } if *p == path && reason.starts_with("sink failed at line")),
        "{err}"
    );
}

#[test]
fn iis_field_lists_without_the_ntlm_codes_are_noted_once_per_change() {
    let mut maps = Maps::new(SourceKind::Iis);
    let trimmed: &[u8] =
        b"#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-substatus";
    assert!(maps.directive(trimmed));
    let said = |maps: &Maps, what: &str| maps.codes_note().is_some_and(|n| n.contains(what));
    assert!(said(&maps, "no sc-win32-status"));
    // The same list again (a restart's header) is no change.
    assert!(!maps.directive(trimmed));
    assert!(!maps.directive(b"#Date: 2024-11-05 10:00:00"));
    assert!(
        maps.directive(b"#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent)")
    );
    assert!(said(&maps, "no sc-substatus"));
    // An FTP site's log.
    assert!(maps.directive(b"#Fields: time c-ip cs-method cs-uri-stem sc-status sc-win32-status"));
    assert_eq!(maps.codes_note(), None);
    assert!(maps.directive(format!("#Fields: {}", fields::IIS_DEFAULT).as_bytes()));
    assert_eq!(maps.codes_note(), None);
    // HTTPERR logs no substatus by design.
    let httperr = Maps::new(SourceKind::Httperr);
    assert_eq!(httperr.codes_note(), None);
}
