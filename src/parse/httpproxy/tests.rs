use super::*;
use proptest::prelude::*;

const HEAD: &str = "#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: HttpProxy Logs\n#Date: 2023-01-09T19:00:00.130Z\n";

fn parse(text: &str) -> ProxyLog {
    parse_httpproxy(text, SourceId(3))
}

#[test]
fn splits_quoted_values_with_commas_and_doubled_quotes() {
    let f = split(r#"a,"b,c","say ""hi""",,"""",e"#).unwrap();
    let f: Vec<&str> = f.iter().map(|c| c.as_ref()).collect();
    assert_eq!(f, ["a", "b,c", "say \"hi\"", "", "\"", "e"]);
    assert_eq!(split(r#"a,"open"#), Err(CsvError::Unterminated));
    assert_eq!(split(r#""x"y,z"#), Err(CsvError::AfterQuote));
    assert_eq!(split("").unwrap().len(), 1);
}

#[test]
fn binds_columns_by_name_whatever_their_order() {
    let text = format!(
        "{HEAD}#Fields: RequestId,HttpStatus,DateTime,ClientIpAddress,AuthenticationType,IsAuthenticated,GenericErrors\n\
         abc,401,2023-01-07T08:00:01.5Z,fe80::1%12,NTLM,false,\"WebExceptionStatus=ProtocolError;ResponseStatusCode=401,x\"\n"
    );
    let log = parse(&text);
    assert_eq!(log.stats.unparsed, 0, "{:?}", log.stats.diagnostics);
    let r = &log.rows[0];
    assert_eq!(r.request_id, "abc");
    assert_eq!(r.http_status, Some(401));
    assert_eq!(r.ts, UtcMs::from_civil(2023, 1, 7, 8, 0, 1, 500).unwrap());
    assert_eq!(r.client_ip, "fe80::1%12");
    assert_eq!(r.is_authenticated, Some(false));
    assert_eq!(
        r.generic_errors,
        "WebExceptionStatus=ProtocolError;ResponseStatusCode=401,x"
    );
    assert_eq!(r.url_host, "", "a column the build lacks is empty");
    assert_eq!(r.backend_status, None);
    assert_eq!((r.source, r.line), (SourceId(3), 6));
    assert_eq!(log.header.version.as_deref(), Some("15.01.2375.007"));
}

#[test]
fn a_repeated_fields_line_rebinds() {
    let text = "#Fields: DateTime,RequestId\n2023-01-07T08:00:00.000Z,a\n#Fields: RequestId,DateTime\nb,2023-01-07T09:00:00.000Z\n";
    let log = parse(text);
    assert_eq!(log.stats.unparsed, 0);
    assert_eq!(log.rows[1].request_id, "b");
    assert_eq!(log.rows[1].line, 4);
}

#[test]
fn a_quoted_value_may_span_lines() {
    let text = "#Fields: DateTime,RequestId,GenericErrors\r\n2023-01-07T08:00:00.000Z,a,\"line one\r\nline two\"\r\n2023-01-07T08:00:01.000Z,b,\r\n";
    let log = parse(text);
    assert_eq!(log.stats.unparsed, 0, "{:?}", log.stats.diagnostics);
    assert_eq!(log.rows[0].generic_errors, "line one\nline two");
    assert_eq!(log.rows[1].line, 4);
    let at = usize::try_from(log.rows[1].offset).unwrap();
    assert!(text[at..].starts_with("2023-01-07T08:00:01.000Z,b,"));
    assert_eq!(log.stats.lines, 4);
}

#[test]
fn a_row_cut_inside_a_quoted_value_does_not_swallow_the_rows_after_it() {
    // A row torn by a crash ends inside a quoted GenericErrors; the next rows are whole.
    let text = "#Fields: DateTime,RequestId,GenericErrors,HttpStatus\r\n\
                2023-01-07T08:00:00.000Z,a,,200\r\n\
                2023-01-07T08:00:01.000Z,b,\"WebException=System.Net.WebException: (401) Unauth\r\n\
                2023-01-07T08:00:02.000Z,c,,401\r\n\
                2023-01-07T08:00:03.000Z,d,\"x, y\",401\r\n\
                2023-01-07T08:00:04.000Z,e,,200\r\n";
    let log = parse(text);
    let ids: Vec<&str> = log.rows.iter().map(|r| r.request_id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "d", "e"]);
    assert_eq!(log.stats.events, 4);
    assert_eq!(log.stats.unparsed, 1);
    assert_eq!(log.stats.lines, 6);
    let d = &log.stats.diagnostics[0];
    assert_eq!(
        (d.line, d.reason.as_str()),
        (3, "quoted value never closed")
    );
    assert_eq!(log.rows[1].line, 4);
    let at = usize::try_from(log.rows[1].offset).unwrap();
    assert!(text[at..].starts_with("2023-01-07T08:00:02.000Z,c,"));
}

#[test]
fn a_row_or_directive_behind_a_zeroed_block_is_read_and_said() {
    // A crash leaves NULs; the writer goes on behind them with a row, or with a new header.
    let nuls = "\0".repeat(300);
    let text = format!(
        "#Fields: DateTime,RequestId,HttpStatus\r\n2023-01-07T08:00:00.000Z,a,200\r\n\
         {nuls}2023-01-07T08:00:01.000Z,b,401\r\n\
         {nuls}#Fields: RequestId,DateTime,HttpStatus\r\nc,2023-01-07T08:00:02.000Z,\"401\"\r\n"
    );
    let log = parse(&text);
    let ids: Vec<&str> = log.rows.iter().map(|r| r.request_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "{:?}", log.stats.diagnostics);
    assert_eq!(log.stats.unparsed, 0);
    let said: Vec<u64> = log.stats.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(said, [3, 4]);
    let at = usize::try_from(log.rows[1].offset).unwrap();
    assert!(text[at..].starts_with("2023-01-07T08:00:01.000Z,b,"));
}

#[test]
fn bad_rows_are_counted_diagnostics() {
    let text = "2023-01-07T08:00:00.000Z,early\n#Fields: DateTime,RequestId\nnot-a-date,a\n2023-01-07T08:00:00.000Z,a,extra\n2023-01-07T08:00:00.000Z,ok\n";
    let log = parse(text);
    assert_eq!(log.stats.unparsed, 3);
    assert_eq!(log.rows.len(), 1);
    let reasons: Vec<(u64, &str)> = log
        .stats
        .diagnostics
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (1, "data row before any #Fields line"),
            (3, "DateTime is not an ISO-8601 instant"),
            (4, "3 values, #Fields names 2"),
        ]
    );
}

#[test]
fn instants_are_utc_iso_8601() {
    let at = |s| parse_instant(s).map(|t| t.rfc3339());
    assert_eq!(
        at("2023-01-09T19:00:00.130Z").as_deref(),
        Some("2023-01-09T19:00:00.130Z")
    );
    assert_eq!(
        at("2023-01-09T19:00:00Z").as_deref(),
        Some("2023-01-09T19:00:00.000Z")
    );
    assert_eq!(
        at("2023-01-09T19:00:00.1234567Z").as_deref(),
        Some("2023-01-09T19:00:00.123Z")
    );
    assert_eq!(at("2023-01-09T19:00:00.Z"), None);
    assert_eq!(at("2023-13-09T19:00:00Z"), None);
    assert_eq!(at("2023-01-09T19:00:00+01:00"), None);
    assert_eq!(at("2023-01-09"), None);
    assert_eq!(at("２０２３-01-09T19:00:00Z"), None);
}

proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let log = parse(&text);
        prop_assert_eq!(log.stats.events as usize, log.rows.len());
    }

    #[test]
    fn any_rows_under_a_header_never_panic(
        rows in proptest::collection::vec("(2023-01-07T08:00:0[0-9](\\.[0-9]{1,4})?Z?)?[-0-9T:.Z,\"a\\r\\n%]{0,40}", 0..12)
    ) {
        let text = format!("#Fields: DateTime,RequestId,GenericErrors\n{}", rows.join("\n"));
        let log = parse(&text);
        prop_assert!(log.stats.unparsed + log.stats.events <= log.stats.lines);
        let none = parse_httpproxy_keeping(&text, SourceId(3), &|_| false);
        prop_assert_eq!(&none.stats, &log.stats);
        prop_assert_eq!(&none.header, &log.header);
    }

    #[test]
    fn fed_in_pieces_equals_parsed_whole(
        rows in proptest::collection::vec("(2023-01-07T08:00:0[0-9](\\.[0-9]{1,4})?Z?)?[-0-9T:.Z,\"a\\r\\n%#]{0,40}", 0..12),
        step in 1usize..90,
        keep_a in any::<bool>(),
    ) {
        let text = format!("#Fields: DateTime,RequestId,GenericErrors\n{}", rows.join("\n"));
        let keep = move |id: &str| keep_a || id.is_empty();
        let whole = parse_httpproxy_keeping(&text, SourceId(3), &keep);
        let mut parser = ProxyParser::new(SourceId(3), &keep);
        let (mut pos, mut end) = (0, 0);
        loop {
            end = (end + step).min(text.len());
            let last = end == text.len();
            pos += parser.feed(&text[pos..end], last);
            if last {
                break;
            }
        }
        prop_assert_eq!(parser.finish(), whole);
    }

    #[test]
    fn values_after_a_quoted_one_are_judged_alike_kept_or_not(
        rows in proptest::collection::vec("[\"a,]{0,6}(,2023-01-07T08:00:0[0-9]Z?)?[,\"b]{0,6}", 0..12)
    ) {
        let text = format!("#Fields: GenericErrors,RequestId,DateTime,GenericInfo\n{}", rows.join("\n"));
        let all = parse(&text);
        let none = parse_httpproxy_keeping(&text, SourceId(3), &|_| false);
        prop_assert_eq!(&none.stats, &all.stats);
        prop_assert_eq!(none.rows.len(), 0);
    }

    #[test]
    fn the_same_hour_check_agrees_with_parse_instant(
        stamps in proptest::collection::vec("2023-0[12]-[03]0T0[89][:.][0-69][0-9x][:.][0-69][0-9x](\\.[0-9]{0,4})?[Z+x]?", 1..24)
    ) {
        let mut check = row::InstantCheck::default();
        for s in &stamps {
            prop_assert_eq!(check.valid(s), row::parse_instant(s).is_some(), "{}", s);
        }
    }

    #[test]
    fn open_quote_agrees_with_a_byte_by_byte_scan(record in "[a,\"\n]{0,16}") {
        // Byte by byte: a quote at a value's start opens, `""` inside stays, a lone one closes.
        let b = record.as_bytes();
        let (mut inside, mut at_start, mut i) = (false, true, 0);
        while i < b.len() {
            if inside {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        inside = false;
                    }
                }
            } else if b[i] == b'"' && at_start {
                inside = true;
            }
            at_start = !inside && b[i] == b',';
            i += 1;
        }
        prop_assert_eq!(csv::open_quote(&record), inside);
    }

    #[test]
    fn counting_fields_agrees_with_splitting(record in "[a,\"]{0,12}") {
        prop_assert_eq!(csv::count_fields(&record), split(&record).ok().map(|f| f.len()));
    }

    #[test]
    fn quoting_round_trips(values in proptest::collection::vec("[a-z,\" \\n]{0,8}", 1..8)) {
        let record: Vec<String> = values
            .iter()
            .map(|v| format!("\"{}\"", v.replace('"', "\"\"")))
            .collect();
        let record = record.join(",");
        prop_assert!(!csv::open_quote(&record));
        let got = split(&record).unwrap();
        let got: Vec<&str> = got.iter().map(|c| c.as_ref()).collect();
        prop_assert_eq!(got, values.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

#[test]
fn rows_not_kept_are_still_checked_and_counted() {
    let text = "#Fields: DateTime,RequestId\n2023-01-07T08:00:00.000Z,a\n2023-01-07T08:00:00.000Z,B\nbad,c\n";
    let log = parse_httpproxy_keeping(text, SourceId(0), &|id| id == "B");
    assert_eq!((log.stats.events, log.stats.unparsed), (2, 1));
    let ids: Vec<&str> = log.rows.iter().map(|r| r.request_id.as_str()).collect();
    assert_eq!(ids, ["B"]);
}

#[test]
fn rows_not_kept_are_judged_like_kept_ones() {
    let text = "#Fields: DateTime,RequestId,ServerHostName,GenericInfo\n\
        2023-01-07T08:00:00.000Z,a,,\n\
        2023-01-07T08:00:00.000Z,b,EX01,\"x,y\"\n\
        2023-01-07T08:00:00.000Z,c,EX02\n\
        nope,d,EX03,\n\
        2023-01-07T08:00:00.000Z,e,\"EX04\",\"unterminated\n";
    let none = parse_httpproxy_keeping(text, SourceId(0), &|_| false);
    let all = parse_httpproxy(text, SourceId(0));
    assert_eq!(none.stats, all.stats);
    assert_eq!((none.stats.events, none.stats.unparsed), (2, 3));
    assert!(none.rows.is_empty());
    assert_eq!(none.header.server.as_deref(), Some("EX01"));
    assert_eq!(all.header.server.as_deref(), Some("EX01"));
}

#[test]
fn counts_fields_like_split() {
    for r in [
        "a,b,c",
        "",
        ",",
        r#"a,"b,c",d"#,
        r#""x""y",z"#,
        r#"a,b"c,d"#,
        r#"a,"b"#,
        r#""x"y,z"#,
        r#"a,"""#,
    ] {
        assert_eq!(csv::count_fields(r), split(r).ok().map(|f| f.len()), "{r}");
    }
}

proptest! {
    #[test]
    fn counting_commas_agrees_with_a_byte_by_byte_count(
        bytes in proptest::collection::vec(prop_oneof![Just(b','), Just(b'a'), Just(0u8), Just(0xacu8), any::<u8>()], 0..400),
        from in 0usize..40,
    ) {
        // Every start offset: the counter splits the bytes at 32-byte boundaries of memory.
        let part = &bytes[from.min(bytes.len())..];
        let naive = part.iter().filter(|&&b| b == b',').count();
        prop_assert_eq!(csv::count_commas(part), naive);
    }

    #[test]
    fn text_without_quotes_is_parsed_alike_by_both_loops(
        rows in proptest::collection::vec("(\u{feff})?(2023-01-07T08:00:0[0-9](\\.[0-9]{1,4})?Z?)?[-0-9T:.Z,a\\r#% ]{0,120}", 0..12),
        fields in "DateTime,RequestId(,GenericErrors){0,3}",
        keep_a in any::<bool>(),
        end_newline in any::<bool>(),
    ) {
        let nl = if end_newline { "\n" } else { "" };
        let text = format!("#Fields: {fields}\n{}{nl}", rows.join("\n"));
        let keep = move |id: &str| keep_a || id.is_empty();
        for last in [true, false] {
            let mut plain = ProxyParser::new(SourceId(3), &keep);
            let used_plain = plain.plain_lines(&text, last);
            let mut general = ProxyParser::new(SourceId(3), &keep);
            let used_general = general.lines_of(&text, last);
            prop_assert_eq!(used_plain, used_general);
            if !last {
                // (A last piece leaves the line count as it is: nothing follows.)
                prop_assert_eq!(plain.lines, general.lines);
            }
            prop_assert_eq!(plain.finish(), general.finish());
        }
    }
}
