//! `export --format jsonl`, value by value on small hand-written logs: a field whose log value
//! is `-` or absent is left out (and an object left empty with it), a host's port is
//! `url.port`, and log text reaches the JSON with the characters that could act on a terminal
//! escaped (the value a JSON reader gets is unchanged).

use hcwlens::pipeline::LoadOptions;
use serde_json::Value;

const HTTPERR_HEAD: &str = "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n\
#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename\r\n";

const IIS_HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken\r\n";

/// The lines `export` writes for a log named `name` holding `text`, as written.
fn export(name: &str, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(name);
    std::fs::write(&file, text).expect("write");
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&[file], &LoadOptions::default(), &mut out).expect("export");
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

fn json(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// The request line logged at `line`.
fn request(lines: &[String], line: u64) -> Value {
    lines
        .iter()
        .map(|l| json(l))
        .find(|v| v["hcwlens"]["line"] == line && v["event"]["dataset"] != "hcwlens.hcw")
        .unwrap_or_else(|| panic!("no line {line} in {lines:#?}"))
}

#[test]
fn httperr_fields_logged_as_dash_are_left_out_and_the_port_is_a_number() {
    let lines = export(
        "httperr1.log",
        &format!(
            "{HTTPERR_HEAD}2024-11-05 13:00:02 10.0.0.9 50124 10.0.1.11 443 - - - - - - Timer_ConnectionIdle -\r\n\
2024-11-05 13:00:03 10.0.0.9 50125 10.0.1.11 443 HTTP/1.1 GET https://mail.contoso.com:443/owa/?x=1 - 400 - BadRequest -\r\n"
        ),
    );
    let idle = request(&lines, 5);
    assert_eq!(idle["event"]["reason"], "Timer_ConnectionIdle");
    assert!(idle.get("url").is_none(), "{idle}");
    assert!(idle.get("http").is_none(), "{idle}");
    let bad = request(&lines, 6);
    assert_eq!(bad["url"]["domain"], "mail.contoso.com", "{bad}");
    assert_eq!(bad["url"]["port"], 443, "{bad}");
    assert_eq!(bad["url"]["path"], "/owa/");
    assert_eq!(bad["url"]["query"], "x=1");
    assert_eq!(bad["http"]["request"]["method"], "GET");
    assert_eq!(bad["http"]["response"]["status_code"], 400);
}

#[test]
fn iis_fields_logged_as_dash_are_left_out_and_the_port_is_a_number() {
    let lines = export(
        "u_ex241105.log",
        &format!(
            "{IIS_HEAD}2024-11-05 13:00:02 10.0.1.11 - - - 443 - 10.0.0.9 - - - 400 0 0 1\r\n\
2024-11-05 13:00:03 10.0.1.11 GET /owa/ - 443 - 10.0.0.9 - - mail.contoso.com:444 200 0 0 1\r\n"
        ),
    );
    let dash = request(&lines, 4);
    assert!(dash.get("url").is_none(), "{dash}");
    assert_eq!(
        dash["http"],
        serde_json::json!({"response": {"status_code": 400}})
    );
    let owa = request(&lines, 5);
    assert_eq!(
        owa["url"],
        serde_json::json!({"path": "/owa/", "domain": "mail.contoso.com", "port": 444})
    );
}

/// Whether `c` may not appear raw in an export line: a control character (JSON escapes C0;
/// DEL and C1 too here), a line or paragraph separator, a bidi control.
fn acts_on_a_terminal(c: char) -> bool {
    c.is_control()
        || ('\u{2028}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[test]
fn del_c1_and_bidi_controls_are_escaped_and_read_back_unchanged() {
    let ua = "UA\u{9b}31m\u{7f}\u{202e}\u{2028}é€";
    let uri = "/owa/\u{2066}x\u{85}";
    let lines = export(
        "u_ex241105.log",
        &format!(
            "{IIS_HEAD}2024-11-05 13:00:03 10.0.1.11 GET {uri} - 443 CONTOSO\\u\u{9f} 10.0.0.9 {ua} - - 200 0 0 1\r\n"
        ),
    );
    let hcw = "2024.11.05 15:00:00.100               Current Time Zone: W. Europe Standard Time (3:00:00 PM)\r\n\
2024.11.05 15:00:01.000         10276 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12] START Test-MigrationServerAvailability -RemoteServer 'mail\u{9b}.contoso.com'\r\n\
2024.11.05 15:00:05.000         10277 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12] \r\n\
                                      FINISH Time=4000.0ms Results=1\r\n\
                                      TestMigrationServerAvailabilityOutcome {ErrorDetail='Failed \u{202e}\u{7f}.', Result='Failed'}\r\n";
    let calls = export("20241105_150000.log", hcw);
    for line in lines.iter().chain(&calls) {
        let raw = line.chars().find(|&c| acts_on_a_terminal(c));
        assert!(raw.is_none(), "raw {raw:?} in {line}");
    }
    let v = request(&lines, 4);
    assert_eq!(v["user_agent"]["original"], ua);
    assert_eq!(v["url"]["path"], uri);
    assert_eq!(v["user"]["name"], "CONTOSO\\u\u{9f}");
    assert!(
        lines[0].contains(r"UA\u009b31m\u007f\u202e\u2028é€"),
        "{}",
        lines[0]
    );
    let call = calls
        .iter()
        .map(|l| json(l))
        .find(|v| v["event"]["dataset"] == "hcwlens.hcw")
        .expect("a call line");
    // HCW text is escaped when read (`\\x9B`, `\\u{202E}`); the line above has nothing raw.
    assert!(call["error"]["message"].is_string(), "{call}");
}

#[test]
fn a_forwarded_client_is_its_address_and_port_and_a_dash_is_none() {
    let head = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For\r\n";
    let lines = export(
        "u_ex241105_x.log",
        &format!(
            "{head}2024-11-05 13:00:02 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.20.0.5 - 401 2 5 1 203.0.113.7:50001,+10.20.0.5\r\n\
2024-11-05 13:00:03 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.20.0.5 - 401 2 5 1 [2001:db8::7]:50003\r\n\
2024-11-05 13:00:04 10.0.1.11 POST /EWS/mrsproxy.svc - 443 - 10.20.0.5 - 401 2 5 1 -\r\n"
        ),
    );
    let v4 = request(&lines, 4);
    assert_eq!(
        v4["client"],
        serde_json::json!({"ip": "203.0.113.7", "port": 50001}),
        "{v4}"
    );
    assert_eq!(v4["source"]["ip"], "10.20.0.5");
    let v6 = request(&lines, 5);
    assert_eq!(
        v6["client"],
        serde_json::json!({"ip": "2001:db8::7", "port": 50003}),
        "{v6}"
    );
    let dash = request(&lines, 6);
    assert!(dash.get("client").is_none(), "{dash}");
}
