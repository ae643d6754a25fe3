use super::*;
use crate::analyze::handshake::{AuthKind, Confidence, Leg};
use crate::time::UtcMs;
use std::sync::Arc;

const PROXY: &str = "#Fields: DateTime,RequestId,AuthenticationType,IsAuthenticated,AuthenticatedUser,HttpStatus,BackEndStatus,TargetServer,GenericErrors\n\
2024-11-05T13:23:13.100Z,AAAAAAAA-0000-4000-8000-000000000001,NTLM,false,,401,,,\n\
2024-11-05T13:23:13.300Z,aaaaaaaa-0000-4000-8000-000000000002,NTLM,false,,401,401,EX02.contoso.com,\"WebExceptionStatus=ProtocolError;ResponseStatusCode=401\"\n";

const IIS: &str = "2024-11-05 13:23:13 10.0.0.1 POST /EWS/mrsproxy.svc &cafeReqId=aaaaaaaa-0000-4000-8000-000000000001; 443 - 10.0.5.20 UA - 401 1 2148074254 5\n\
2024-11-05 13:23:13 10.0.0.1 POST /EWS/mrsproxy.svc &CorrelationID=<empty>;&cafeReqId=AAAAAAAA-0000-4000-8000-000000000002; 443 - 10.0.5.20 UA - 401 1 2148074310 5\n\
2024-11-05 13:23:14 10.0.0.1 POST /EWS/mrsproxy.svc &cafeReqId=ffffffff-0000-4000-8000-000000000009; 443 - 10.0.5.20 UA - 401 1 2148074254 5\n";

fn proxy_rows() -> Vec<ProxyRequest> {
    let log = crate::parse::httpproxy::parse_httpproxy(PROXY, SourceId(1));
    assert_eq!(log.stats.unparsed, 0, "{:?}", log.stats.diagnostics);
    log.rows
}

fn leg(line: u64) -> Leg {
    let offset = IIS
        .split_inclusive('\n')
        .take(usize::try_from(line - 1).unwrap())
        .map(str::len)
        .sum::<usize>() as u64;
    Leg::new(
        SourceId(0),
        Leg::line_of(line),
        offset,
        UtcMs(0),
        Default::default(),
        (401, 1, 0),
    )
}

fn handshake(outcome: HandshakeOutcome, legs: Vec<Leg>) -> Handshake {
    Handshake {
        key: std::sync::Arc::new(crate::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: "10.0.5.20".into(),
            method: "POST".into(),
            uri: "/EWS/mrsproxy.svc".into(),
            user_agent: "UA".into(),
            split: None,
            via: None,
        }),
        start: UtcMs(0),
        legs: legs.into(),
        outcome,
        auth: AuthKind::Ntlm,
        failure_code: None,
        confidence: Confidence::High,
        cmdlet: None,
        concurrent: 0,
        abandoned_at: None,
        shared_users: 0,
        untied: false,
    }
}

fn texts() -> Vec<LineText> {
    vec![LineText::Memory(Arc::from(IIS)), LineText::None]
}

#[test]
fn finds_the_cafe_request_id_in_a_front_end_line() {
    let line = "2023-04-19 11:22:56 192.168.20.198 POST /Autodiscover/Autodiscover.xml &CorrelationID=<empty>;&ClientId=VXRIEZFV0YQQFWRSGGW&cafeReqId=4e73377c-eca8-4fc9-9383-88765ed99457; 443 - 192.168.20.38 UA - 401 1 2148074254 1";
    assert_eq!(
        cafe_req_id(line),
        Some("4e73377c-eca8-4fc9-9383-88765ed99457")
    );
    assert_eq!(cafe_req_id("x CAFEREQID=abc-1 y"), Some("abc-1"));
    assert_eq!(cafe_req_id("x &cafeReqId=; y"), None);
    assert_eq!(cafe_req_id("2023-04-19 11:22:56 GET /owa/ - 443"), None);
    assert_eq!(cafe_req_id("cafeReqId=é"), None);
}

#[test]
fn joins_failed_legs_by_request_id_whatever_the_case() {
    let proxy = proxy_rows();
    let hs = [handshake(
        HandshakeOutcome::Failed,
        vec![leg(1), leg(2), leg(3)],
    )];
    let links = join(&hs, &texts(), &proxy);
    assert_eq!(links.len(), 2, "the third line's id has no HttpProxy row");
    assert_eq!(links.get(SourceId(0), 1), Some(0));
    assert_eq!(links.get(SourceId(0), 2), Some(1));
    assert_eq!(links.get(SourceId(0), 3), None);
    assert_eq!(links.get(SourceId(1), 1), None);
}

#[test]
fn successful_handshakes_and_a_missing_proxy_log_join_nothing() {
    let proxy = proxy_rows();
    let ok = [handshake(HandshakeOutcome::Success, vec![leg(1), leg(2)])];
    assert!(join(&ok, &texts(), &proxy).is_empty());
    let failed = [handshake(HandshakeOutcome::Abandoned, vec![leg(1)])];
    assert_eq!(join(&failed, &texts(), &proxy).len(), 1);
    assert!(join(&failed, &texts(), &[]).is_empty());
    assert!(
        join(&failed, &[], &proxy).is_empty(),
        "no text: nothing read"
    );
}

#[test]
fn describes_the_front_end_view() {
    let proxy = proxy_rows();
    assert_eq!(
        describe(&proxy[1]),
        "HttpProxy aaaaaaaa-0000-4000-8000-000000000002: NTLM, not authenticated; 401 to the client; \
         back end EX02.contoso.com answered 401; errors: WebExceptionStatus=ProtocolError;ResponseStatusCode=401"
    );
    assert_eq!(
        describe(&proxy[0]),
        "HttpProxy AAAAAAAA-0000-4000-8000-000000000001: NTLM, not authenticated; 401 to the client; \
         not proxied to a back end"
    );
}

#[test]
fn lines_read_back_from_a_file_equal_those_read_one_by_one() {
    // Short lines, a line longer than a read window, lines far apart, a last line without `\n`.
    let mut text = String::new();
    let mut offsets = Vec::new();
    for i in 0..3000 {
        offsets.push(text.len() as u64);
        match i {
            7 => text.push_str(&format!("long {}&cafeReqId=abc-{i};\n", "x".repeat(40_000))),
            _ => text.push_str(&format!(
                "line {i} &cafeReqId=0000-{i:04}; {}\r\n",
                "y".repeat(i % 97)
            )),
        }
    }
    offsets.push(text.len() as u64);
    text.push_str("last &CAFEREQID=FFFF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    std::fs::write(&path, &text).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let reader = LineText::File(Arc::new(crate::read::text::FileReader::new(path, file)));
    let memory = LineText::Memory(Arc::from(text.as_str()));
    let wanted: Vec<u64> = offsets
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 0 || (6..9).contains(i) || *i > 2990)
        .map(|(_, &o)| o)
        .collect();
    for source in [&reader, &memory] {
        let mut seen = Vec::new();
        lines::each_line(source, &wanted, &mut |k, line| {
            seen.push((k, cafe_req_id_bytes(line).map(str::to_string)));
            let one = source.line_at(wanted[k]);
            assert_eq!(String::from_utf8_lossy(line).trim_end_matches('\r'), one);
        });
        assert_eq!(seen.len(), wanted.len());
        assert_eq!(seen[0].1.as_deref(), Some("0000-0000"));
        assert_eq!(seen.last().unwrap().1.as_deref(), Some("FFFF"));
        assert!(seen.iter().any(|(_, id)| id.as_deref() == Some("abc-7")));
    }
}

#[test]
fn leg_ids_read_in_runs_on_several_threads_are_every_legs_in_file_order() {
    // More legs than one run holds, on two files, handed over out of order.
    let lines = 3 * RUN + 17;
    let mut text = String::new();
    let mut offsets = Vec::new();
    for i in 0..lines {
        offsets.push(text.len() as u64);
        text.push_str(&format!(
            "2024-11-05 13:23:13 POST /EWS/x &cafeReqId=AB-{i:05}; 443 - 10.0.5.20 {}\r\n",
            "u".repeat(i % 300)
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    std::fs::write(&path, &text).unwrap();
    let file = |p: &std::path::Path| {
        LineText::File(Arc::new(crate::read::text::FileReader::new(
            p.to_path_buf(),
            std::fs::File::open(p).unwrap(),
        )))
    };
    let texts = vec![file(&path), LineText::Memory(Arc::from(text.as_str()))];
    let at = |source: u16, i: usize| {
        let mut l = leg(i as u64 + 1);
        l.source = SourceId(source);
        l.set_offset(offsets[i]);
        l
    };
    let mut hs: Vec<Handshake> = (0..lines)
        .rev()
        .step_by(2)
        .map(|i| {
            let legs = vec![at(1, i), at(0, i), at(0, i.saturating_sub(1))];
            handshake(HandshakeOutcome::Failed, legs)
        })
        .collect();
    hs.push(handshake(HandshakeOutcome::Success, vec![at(0, 5)]));
    let ids = leg_request_ids(&hs, &texts);
    let mut expected = Vec::new();
    for source in [0u16, 1] {
        for i in 0..lines {
            let used =
                (lines - 1 - i).is_multiple_of(2) || (source == 0 && (lines - i).is_multiple_of(2));
            if used {
                expected.push(LegId {
                    source: SourceId(source),
                    line: i as u64 + 1,
                    id: format!("ab-{i:05}"),
                });
            }
        }
    }
    assert_eq!(ids.len(), expected.len());
    assert_eq!(ids, expected);
}

proptest::proptest! {
    /// Each leg is linked to the first row whose request id is its own whatever the case, as a
    /// search of the rows for every leg finds it.
    #[test]
    fn a_leg_joins_the_first_row_of_its_id_whatever_the_case(
        rows in proptest::collection::vec(
            proptest::sample::select(vec!["ab", "AB", "Ab", "cd", "CD", ""]), 0..12),
        legs in proptest::collection::vec(
            proptest::sample::select(vec!["ab", "cd", "ef"]), 0..8),
    ) {
        let mut text = String::from(
            "#Fields: DateTime,RequestId,AuthenticationType,IsAuthenticated,AuthenticatedUser,HttpStatus\n",
        );
        for id in &rows {
            text.push_str(&format!("2024-11-05T13:23:13.100Z,{id},NTLM,false,,401\n"));
        }
        let proxy = crate::parse::httpproxy::parse_httpproxy(&text, SourceId(1)).rows;
        proptest::prop_assert_eq!(proxy.len(), rows.len());
        let legs: Vec<LegId> = legs
            .iter()
            .enumerate()
            .map(|(k, id)| LegId { source: SourceId(0), line: k as u64 + 1, id: id.to_string() })
            .collect();
        let expected = ProxyLinks::new(
            legs.iter()
                .filter_map(|l| {
                    let row = proxy.iter().position(|r| {
                        !r.request_id.is_empty() && r.request_id.to_ascii_lowercase() == l.id
                    })?;
                    Some(ProxyLink { source: l.source, line: l.line, proxy: row })
                })
                .collect(),
        );
        proptest::prop_assert_eq!(link(&legs, &proxy), expected);
    }
}
