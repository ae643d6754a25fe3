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
