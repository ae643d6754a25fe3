use super::*;
use proptest::prelude::*;
use std::fs;

const IIS: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n\
#Date: 2024-11-05 00:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port \
cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n\
2024-11-05 13:23:13 10.0.1.15 POST /EWS/mrsproxy.svc - 443 - 52.98.71.12 - - 401 1 2148074310 4\r\n";

fn kind(text: &str) -> Detected {
    sniff(text.as_bytes(), true).kind
}

fn skip_reason(bytes: &[u8]) -> String {
    match sniff(bytes, true).kind {
        Detected::Skip(r) => r,
        other => panic!("expected a skip, got {other:?}"),
    }
}

#[test]
fn detects_each_kind_from_content() {
    assert_eq!(kind(IIS), Detected::Iis);
    assert_eq!(
        kind(
            "2022.03.05 14:48:58.156               Current Time Zone: Coordinated Universal Time (2:48:58 PM)\r\n"
        ),
        Detected::Hcw
    );
    assert_eq!(
        kind(
            "#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: 2012-02-06 13:31:17\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n"
        ),
        Detected::Httperr
    );
    // HTTP.sys request logging says "HTTP Server API" but its fields are a request log.
    assert_eq!(
        kind(
            "#Software: Microsoft HTTP Server API 2.0\n#Fields: date time c-ip cs-uri-stem sc-status\n"
        ),
        Detected::Iis
    );
    assert_eq!(
        kind("#Fields: date time c-ip s-reason\n"),
        Detected::Httperr
    );
    // No #Software: IIS when the list has a field only IIS writes, else another W3C writer.
    assert_eq!(kind("#Fields: time sc-status\n"), Detected::W3c);
    assert_eq!(
        kind("#Fields: date time cs-uri-stem sc-status sc-substatus\n"),
        Detected::Iis
    );
    // Another writer's #Software wins over the fields; IIS modules are IIS.
    assert_eq!(
        kind(
            "#Software: Oracle-iPlanet-Web-Server/7.0\n#Fields: date time cs-uri-stem sc-status sc-win32-status\n"
        ),
        Detected::W3c
    );
    assert_eq!(
        kind("#Software: IIS Advanced Logging Module\n#Fields: date time cs-uri-stem sc-status\n"),
        Detected::Iis
    );
}

#[test]
fn detects_headerless_w3c_data() {
    assert_eq!(
        kind(
            "2024-11-05 10:00:00 10.0.1.16 POST /EWS/mrsproxy.svc - 444 CONTOSO\\migadmin 10.0.1.15 - - 200 0 0 120\n"
        ),
        Detected::Iis
    );
    assert_eq!(
        kind(
            "2002-07-05 19:51:59 127.0.0.1 2780 127.0.0.1 80 HTTP/1.1 GET /ThisIsMyUrl.htm 400 - Hostname\n"
        ),
        Detected::Httperr
    );
    assert_eq!(
        kind("2012-02-06 13:31:17 ::1%0 54697 ::1%0 80 - - - - - Timer_ConnectionIdle -\n"),
        Detected::Httperr
    );
    // Other IIS field selections, in IIS order: the IIS 7.5 default (no cs(Referer)), and
    // s-computername to cs-host.
    assert_eq!(
        kind(
            "2013-06-12 08:14:55 10.0.0.12 POST /EWS/Exchange.asmx - 443 - 10.0.5.21 Outlook 401 2 5 0\n"
        ),
        Detected::Iis
    );
    assert_eq!(
        kind(
            "2024-11-05 10:00:01 EX01 10.0.0.11 POST /ews/exchange.asmx - 443 - 10.0.5.20 HTTP/1.1 - mail.contoso.com 401 2 5 0\n"
        ),
        Detected::Iis
    );
    assert!(matches!(
        kind("2024-11-05 10:00:01 some words that are not a request at all\n"),
        Detected::Skip(_)
    ));
    // A pasted HCW snippet whose first stamp lost a digit (as in KB 4051381).
    assert_eq!(
        kind(
            "017.10.23 11:39:51.552         10276 [Client=UX] START\n2017.10.23 11:39:57.693 *ERROR* 10277 [Client=UX] FINISH\n"
        ),
        Detected::Hcw
    );
}

#[test]
fn skip_reasons_say_what_the_file_is() {
    assert_eq!(skip_reason(b""), "empty file");
    assert!(skip_reason(b"\r\n\n  \n").contains("only blank lines"));
    assert!(skip_reason(b"PK\x03\x04\x14\x00\x00\x00binary").contains("binary"));
    assert!(
        skip_reason(&[
            0x1f, 0x8b, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0e
        ])
        .contains("binary")
    );
    let xhcw = skip_reason(
        b"\xEF\xBB\xBF<invoke start=\"03/05/2022 14:51:28.4\" duration=\"51420\" cmdlet=\"Test-MigrationServerAvailability\"/>",
    );
    assert!(
        xhcw.contains("XML cmdlet trace") && xhcw.contains(".log of the same run"),
        "{xhcw}"
    );
    let cc = skip_reason(br#"{"CurrentDomain":"contoso.com","Mode":"FullHybrid","DateTimeUtcTicks":637820885356388137}"#);
    assert!(cc.contains(".cc") && cc.contains("JSON"), "{cc}");
    assert_eq!(skip_reason(br#"{"a": 1}"#), "JSON data, not a log");
    let csv = skip_reason(b"#Software: Microsoft Exchange Server\r\n#Version: 15.01.2375.007\r\n#Log-type: EWS Logs\r\n");
    assert!(csv.contains("Exchange CSV log"), "{csv}");
    assert_eq!(
        kind(
            "#Software: Microsoft Exchange Server\r\n#Version: 15.01.2375.007\r\n#Log-type: HttpProxy Logs\r\n#Fields: DateTime,RequestId\r\n"
        ),
        Detected::HttpProxy
    );
    assert_eq!(
        kind("#Fields: DateTime,RequestId,UrlStem,HttpStatus,BackEndStatus,TargetServer\n"),
        Detected::HttpProxy,
        "an HttpProxy #Fields line without #Log-type"
    );
    // Rows of a file cut before its header: an HttpProxy row names its protocol after the
    // build numbers and the client's request id; an EWS protocol log row does not.
    assert_eq!(
        kind(
            "2024-11-05T13:23:13.101Z,7d3e5a10-2c4b-4f1e-9a6d-3b8c0e2f4a01,15,2,1544,4,,Ews,\
             mail.contoso.com,/EWS/mrsproxy.svc,,,false,,,,,10.0.9.5,EX01,401,,,POST\n"
        ),
        Detected::HttpProxy
    );
    let ews = skip_reason(
        b"2024-11-05T13:23:13.101Z,7d3e5a10-2c4b-4f1e-9a6d-3b8c0e2f4a01,15,2,1544,4,,NTLM,\
          true,CONTOSO\\amy,contoso.com,,,,GetFolder,200\n",
    );
    assert!(ews.starts_with("unknown text format"), "{ews}");
    let unknown = skip_reason(b"hello\x1b[31m world, this is not a log\nsecond line\n");
    assert_eq!(
        unknown,
        "unknown text format (first line: \"hello\\x1B[31m world, this is not a log\")"
    );
    let long = skip_reason("é".repeat(100).as_bytes());
    assert!(long.ends_with("…\")"), "{long}");
}

#[test]
fn iis_logs_in_its_other_formats_are_named_and_what_to_log_said() {
    // IIS's own "IIS log file format" (local time) and NCSA Common: no substatus, no win32
    // status, so no handshake can be read; the user is told what the log is and what to set.
    let iis = skip_reason(
        b"52.98.71.12, -, 11/5/2024, 14:50:02, W3SVC1, EX01, 10.0.0.5, 4, 320, 1293, 401, 2148074254, POST, /EWS/mrsproxy.svc, -,\r\n",
    );
    assert!(
        iis.starts_with("IIS log file format (comma-separated"),
        "{iis}"
    );
    let ncsa = skip_reason(
        b"52.98.71.12 - CONTOSO\\admin [05/Nov/2024:14:50:02 +0000] \"POST /EWS/mrsproxy.svc HTTP/1.1\" 401 1293\n",
    );
    assert!(ncsa.starts_with("NCSA Common log format"), "{ncsa}");
    for said in [iis, ncsa] {
        assert!(
            said.contains("not W3C") && said.contains("Logging: W3C"),
            "{said}"
        );
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn recognises_encodings() {
    let s = sniff(IIS.as_bytes(), true);
    assert_eq!((s.encoding, s.kind), (TextEncoding::Utf8, Detected::Iis));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(IIS.as_bytes());
    assert_eq!(sniff(&bom, true).encoding, TextEncoding::Utf8Bom);
    assert_eq!(sniff(&bom, true).kind, Detected::Iis);
    for (be, enc) in [
        (false, TextEncoding::Utf16Le),
        (true, TextEncoding::Utf16Be),
    ] {
        for with_bom in [true, false] {
            let s = sniff(&utf16(IIS, be, with_bom), true);
            assert_eq!(
                (s.encoding, s.kind),
                (enc, Detected::Iis),
                "be={be} bom={with_bom}"
            );
        }
    }
}

#[test]
fn windows_1252_only_for_w3c_that_is_not_utf8() {
    let line = b"2024-11-05 10:00:00 10.0.1.16 GET /owa/ - 443 CONTOSO\\j\xFCrgen 1.2.3.4 - - 200 0 0 1\r\n";
    let mut ansi = IIS.as_bytes().to_vec();
    ansi.extend_from_slice(line);
    let s = sniff(&ansi, true);
    assert_eq!(
        (s.encoding, s.kind),
        (TextEncoding::Windows1252, Detected::Iis)
    );
    let text = decode(ansi, s.encoding);
    assert!(text.contains("CONTOSO\\jürgen"));

    // Mostly UTF-8 with one broken byte stays UTF-8.
    let mut mostly = IIS.as_bytes().to_vec();
    mostly.extend_from_slice(
        "2024-11-05 10:00:00 10.0.1.16 GET /owa/ - 443 CONTOSO\\jürgen 1.2.3.4 - - 200 0 0 1\r\n"
            .as_bytes(),
    );
    mostly.extend_from_slice(
        "2024-11-05 10:00:00 10.0.1.16 GET /owa/ - 443 CONTOSO\\sørensen 1.2.3.4 - - 200 0 0 1\r\n"
            .as_bytes(),
    );
    mostly.extend_from_slice(line);
    assert_eq!(sniff(&mostly, true).encoding, TextEncoding::Utf8);

    // A multi-byte character cut by the sniff window is not an error.
    let mut cut = IIS.as_bytes().to_vec();
    cut.extend_from_slice(&"ü".as_bytes()[..1]);
    assert_eq!(sniff(&cut, false).encoding, TextEncoding::Utf8);
    assert_eq!(sniff(&cut, true).encoding, TextEncoding::Windows1252);

    // HCW logs are UTF-8 even when damaged.
    let hcw = b"2022.03.05 14:48:58.236         10016 [Client=UX, Thread=1] caf\xE9\r\n";
    assert_eq!(sniff(hcw, true).encoding, TextEncoding::Utf8);
}

#[test]
fn decode_drops_byte_order_marks() {
    assert_eq!(
        decode(b"\xEF\xBB\xBFabc".to_vec(), TextEncoding::Utf8Bom),
        "abc"
    );
    assert_eq!(decode(b"abc".to_vec(), TextEncoding::Utf8Bom), "abc");
    assert_eq!(
        decode(b"\xEF\xBB\xBFa\xFFb".to_vec(), TextEncoding::Utf8Bom),
        "a\u{FFFD}b"
    );
    assert_eq!(
        decode(utf16("jürgen", false, true), TextEncoding::Utf16Le),
        "jürgen"
    );
    assert_eq!(
        decode(utf16("jürgen", true, true), TextEncoding::Utf16Be),
        "jürgen"
    );
    assert_eq!(
        decode(utf16("jürgen", false, false), TextEncoding::Utf16Le),
        "jürgen"
    );
    assert_eq!(
        decode(b"j\xFCrgen \x80".to_vec(), TextEncoding::Windows1252),
        "jürgen €"
    );
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn server_labels_come_from_the_folders() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let p = write(d, "EX01/W3SVC1/u_ex241105.log", IIS.as_bytes());
    assert_eq!(server_label(&p, &Detected::Iis), "EX01/W3SVC1");
    let p = write(
        d,
        "EX02/inetpub/logs/LogFiles/W3SVC2/u_ex241105.log",
        IIS.as_bytes(),
    );
    assert_eq!(server_label(&p, &Detected::Iis), "EX02/W3SVC2");
    let p = write(
        d,
        "EX03/Windows/System32/LogFiles/HTTPERR/httperr1.log",
        b"x",
    );
    assert_eq!(server_label(&p, &Detected::Httperr), "EX03/HTTPERR");
    assert_eq!(server_label(&p, &Detected::Iis), "");
    let p = write(d, "cases/u_ex241105.log", IIS.as_bytes());
    assert_eq!(server_label(&p, &Detected::Iis), "");
    let p = write(d, "EX04/w3svc12/u_ex.log", IIS.as_bytes());
    assert_eq!(server_label(&p, &Detected::Iis), "EX04/w3svc12");
    let p = write(d, "EX04/W3SVCx/u_ex.log", IIS.as_bytes());
    assert_eq!(server_label(&p, &Detected::Iis), "");
}

#[test]
fn folder_labels_are_never_taken_for_computer_names() {
    for label in [
        "EX01/W3SVC1",
        "W3SVC1",
        "copied-from-ticket-4711/W3SVC2",
        "EX03/HTTPERR",
        "HTTPERR",
    ] {
        assert!(is_folder_label(label), "{label}");
    }
    for name in [
        "EX01",
        "ex01.contoso.com",
        "10.0.1.11",
        "W3SVC",
        "HTTPERR-BOX",
    ] {
        assert!(!is_folder_label(name), "{name}");
    }
    assert_eq!(folder_server("EX01/W3SVC1"), Some("EX01"));
    assert_eq!(folder_server("W3SVC1"), None);
    assert_eq!(folder_server("EX01"), None);
}

#[test]
fn the_site_id_comes_from_the_site_folder_only() {
    assert_eq!(site_id("EX01/W3SVC2"), Some(2));
    assert_eq!(site_id("EX01\\w3svc1"), Some(1));
    assert_eq!(site_id("W3SVC12"), Some(12));
    // A copy or a renamed old folder of the site keeps its id.
    assert_eq!(site_id("W3SVC2-old"), Some(2));
    for label in [
        "",
        "EX01",
        "W3SVC",
        "EX03/HTTPERR",
        "W3SVC2old",
        "EX01/W3SVC2/x",
    ] {
        assert_eq!(site_id(label), None, "{label}");
    }
}

#[test]
fn open_reads_kind_encoding_and_label() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(
        tmp.path(),
        "EX01/W3SVC1/u_ex241105.log",
        &utf16(IIS, false, true),
    );
    let opened = open(&p).expect("open");
    assert_eq!(opened.kind, Detected::Iis);
    assert_eq!(opened.encoding, TextEncoding::Utf16Le);
    assert_eq!(opened.server_label, "EX01/W3SVC1");
    assert_eq!(opened.len, fs::metadata(&p).expect("meta").len());
    // The handle is back at the start after sniffing.
    let mut first = [0u8; 2];
    let mut file = &opened.file;
    file.read_exact(&mut first).expect("read");
    assert_eq!(first, [0xFF, 0xFE]);
    assert_eq!(read_text(&opened).expect("read"), IIS);
}

#[test]
fn open_errors_name_the_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("nope/u_ex.log");
    let err = open(&missing).expect_err("missing path fails");
    assert!(matches!(err, Error::NotFound(ref p) if p == &missing));
    assert!(err.to_string().contains("nope/u_ex.log"), "{err}");
    let err = open(tmp.path()).expect_err("a folder fails");
    assert!(matches!(err, Error::Unreadable { .. }));
    assert!(err.to_string().contains("folder"), "{err}");
}

proptest! {
    #[test]
    fn sniffing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096), complete in any::<bool>()) {
        let s = sniff(&bytes, complete);
        if let Detected::Skip(reason) = &s.kind {
            prop_assert!(!reason.is_empty());
            prop_assert!(!reason.chars().any(|c| c.is_control()));
        }
        let _ = decode(bytes, s.encoding);
    }

    #[test]
    fn sniffing_text_never_panics(text in "\\PC{0,300}") {
        let _ = sniff(text.as_bytes(), false);
    }
}

#[test]
fn a_u_ex_name_rules_out_the_windows_1252_guess_only() {
    // One stray 0xE9 in an ASCII head: not UTF-8 by content.
    let mut stray = IIS.as_bytes().to_vec();
    stray.extend_from_slice(
        b"2024-11-05 13:23:14 10.0.1.15 GET /owa/ q=Ren\xE9 443 - 1.2.3.4 - - 200 0 0 1\r\n",
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&stray);
    let tmp = tempfile::tempdir().expect("tempdir");
    let enc = |name: &str, bytes: &[u8]| {
        let path = tmp.path().join(name);
        fs::write(&path, bytes).expect("write");
        open(&path).expect("open").encoding
    };
    for name in [
        "u_ex241105.log",
        "U_EX241105.LOG",
        "u_ex24110514.log",
        "u_ex241105_x.log",
        "u_extend1.log",
    ] {
        assert_eq!(enc(name, &stray), TextEncoding::Utf8, "{name}");
    }
    for name in [
        "ex241105.log",
        "iis.log",
        "u_x241105.log",
        "old_u_ex241105.log",
    ] {
        assert_eq!(enc(name, &stray), TextEncoding::Windows1252, "{name}");
    }
    assert_eq!(enc("u_ex241106.log", &bom), TextEncoding::Utf8Bom);
}

#[test]
fn the_head_names_the_computer_under_its_fields() {
    let with = b"\xEF\xBB\xBF#Software: IIS\r\n#Fields: date time s-computername s-ip\r\n\
                 2024-11-05 10:00:00 EX01 10.0.0.5\r\n";
    assert_eq!(head_computer(with), "EX01");
    // A later header block adds it: the first line under it names the computer.
    let later = b"#Fields: date time s-ip\n2024-11-05 10:00:00 10.0.0.5\n\
                  #Fields: date time s-computername s-ip\n2024-11-05 11:00:00 EX02 10.0.0.5\n";
    assert_eq!(head_computer(later), "EX02");
    // IIS Advanced Logging quotes its text values, some with spaces in them.
    let quoted = b"#Fields: date time cs(User-Agent) s-computername\r\n\
                   2024-11-05 10:00:00.125 \"Microsoft Exchange/15.20 (Windows NT 10.0)\" \"EX03\"\r\n";
    assert_eq!(head_computer(quoted), "EX03");
    for none in [
        &b"#Fields: date time s-ip\r\n2024-11-05 10:00:00 10.0.0.5\r\n"[..],
        b"#Fields: date time s-computername s-ip\r\n2024-11-05 10:00:00 - 10.0.0.5\r\n",
        // A head cut inside the line: its value may be cut too.
        b"#Fields: date time s-computername s-ip\r\n2024-11-05 10:00:00 EX0",
        b"",
    ] {
        assert_eq!(head_computer(none), "", "{}", String::from_utf8_lossy(none));
    }
}
