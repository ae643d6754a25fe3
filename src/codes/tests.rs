//! Tests for the decode tables, lookups, query parsing and rendering (cross-checks against the
//! reference document live in `tests/reference.rs`).

use super::*;
use proptest::prelude::*;

mod reference;

fn decode_one(input: &str) -> Decoded {
    let items = decode_query(input).expect("decodes");
    assert_eq!(items.len(), 1, "{input} → {items:?}");
    items[0]
}

fn code_name(item: Decoded) -> (&'static str, u32, Via) {
    match item {
        Decoded::Code(found) => (found.info.name, found.value, found.via),
        other => panic!("expected a code, got {other:?}"),
    }
}

// ---- tables ------------------------------------------------------------------------------

#[test]
fn every_row_has_the_prefix_and_range_of_its_table() {
    for info in all_codes() {
        let ok = match info.kind {
            CodeKind::Win32 => info.name.starts_with("ERROR_") && info.value < 0x1_0000,
            CodeKind::Winsock => {
                info.name.starts_with("WSAE") && (10_000..11_100).contains(&info.value)
            }
            CodeKind::Sspi if info.name.starts_with("SEC_I_") => {
                info.value & 0xFFFF_FF00 == 0x0009_0300
            }
            CodeKind::Sspi if info.name == "SEC_E_OK" => info.value == 0,
            CodeKind::Sspi => info.value & 0xFFFF_FF00 == 0x8009_0300,
            CodeKind::Cert if info.name.starts_with("CRYPT_E_") => {
                info.value & 0xFFFF_F000 == 0x8009_2000
            }
            CodeKind::Cert => {
                info.name.starts_with("CERT_E_") && info.value & 0xFFFF_FF00 == 0x800B_0100
            }
            CodeKind::NtStatus => info.name.starts_with("STATUS_") && info.value >= 0xC000_0000,
        };
        assert!(
            ok,
            "{} {} does not belong to {:?}",
            info.name,
            info.hex(),
            info.kind
        );
        assert!(
            !info.meaning.is_empty() && info.meaning.is_ascii(),
            "{}",
            info.name
        );
        assert!(info.hint.is_none_or(|h| !h.is_empty()), "{}", info.name);
    }
}

#[test]
fn tables_are_sorted_and_names_unique() {
    for table in [win32::TABLE, sspi::TABLE, hresult::TABLE, ntstatus::TABLE] {
        for pair in table.windows(2) {
            assert!(
                pair[0].value < pair[1].value,
                "{} / {}",
                pair[0].name,
                pair[1].name
            );
        }
    }
    let mut names: Vec<&str> = all_codes().map(|i| i.name).collect();
    let total = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), total, "duplicate names");
}

#[test]
fn every_row_round_trips_through_hex_decimal_and_signed_input() {
    for info in all_codes() {
        assert_eq!(u32::from_str_radix(&info.hex()[2..], 16), Ok(info.value));
        assert_eq!(info.signed() as i64 & 0xFFFF_FFFF, i64::from(info.value));
        let expected = info.value;
        for input in [
            info.hex(),
            info.value.to_string(),
            info.signed().to_string(),
            info.name.to_string(),
        ] {
            let found = decode_query(&input).expect("decodes");
            let hit = found
                .iter()
                .any(|d| matches!(d, Decoded::Code(c) if c.value == expected));
            assert!(hit, "{input} did not decode to {}: {found:?}", info.name);
        }
        if info.value != 0 {
            assert!(win32_status(info.value).is_some(), "{}", info.name);
        }
    }
}

#[test]
fn decimals_named_in_the_doc_are_what_the_tables_compute() {
    for (decimal, name) in [
        (2_148_074_254_u32, "SEC_E_NO_CREDENTIALS"),
        (2_148_074_248, "SEC_E_INVALID_TOKEN"),
        (2_148_074_310, "SEC_E_BAD_BINDINGS"),
        (2_148_074_252, "SEC_E_LOGON_DENIED"),
        (2_148_081_680, "CRYPT_E_REVOKED"),
        (2_148_081_682, "CRYPT_E_NO_REVOCATION_CHECK"),
        (2_148_204_809, "CERT_E_UNTRUSTEDROOT"),
        (2_148_204_815, "CERT_E_CN_NO_MATCH"),
        (3_221_226_331, "STATUS_BAD_BINDINGS"),
        (3_221_225_581, "STATUS_LOGON_FAILURE"),
        (590_610, "SEC_I_CONTINUE_NEEDED"),
        (1326, "ERROR_LOGON_FAILURE"),
        (10054, "WSAECONNRESET"),
    ] {
        assert_eq!(
            win32_status(decimal).map(|i| i.name),
            Some(name),
            "{decimal}"
        );
        assert_eq!(by_name(name).map(|i| i.value), Some(decimal), "{name}");
    }
    assert_eq!(
        by_name("SEC_E_BAD_BINDINGS").map(CodeInfo::signed),
        Some(-2_146_892_986)
    );
}

// ---- lookups -----------------------------------------------------------------------------

#[test]
fn win32_status_follows_the_lookup_rule() {
    assert_eq!(win32_status(0).map(|i| i.name), Some("ERROR_SUCCESS"));
    assert_eq!(win32_status(5).map(|i| i.kind), Some(CodeKind::Win32));
    assert_eq!(
        win32_status(10_060).map(|i| i.kind),
        Some(CodeKind::Winsock)
    );
    assert_eq!(
        win32_status(0x0009_0312).map(|i| i.name),
        Some("SEC_I_CONTINUE_NEEDED")
    );
    assert_eq!(
        win32_status(0x8009_0317).map(|i| i.name),
        Some("SEC_E_CONTEXT_EXPIRED")
    );
    assert_eq!(
        win32_status(0x0009_0317).map(|i| i.name),
        Some("SEC_I_CONTEXT_EXPIRED")
    );
    assert_eq!(
        win32_status(0x800B_010F).map(|i| i.kind),
        Some(CodeKind::Cert)
    );
    assert_eq!(
        win32_status(0xC000_035B).map(|i| i.kind),
        Some(CodeKind::NtStatus)
    );
    assert_eq!(win32_status(0x8009_03FF), None);
    assert_eq!(win32_status(12_345), None);
    assert_eq!(failure_name(2_148_074_310), Some("SEC_E_BAD_BINDINGS"));
    assert_eq!(failure_name(0), None);
    assert_eq!(failure_name(4_000_000_000), None);
    assert_eq!(hex(2_148_074_310), "0x80090346");
    assert_eq!(hex(5), "0x00000005");
}

#[test]
fn iis_status_falls_back_to_the_http_phrase() {
    assert_eq!(iis_status(401, 1), Some("Logon failed"));
    assert_eq!(
        iis_status(401, 2),
        Some("Logon failed due to server configuration")
    );
    assert_eq!(iis_status(200, 0), Some("OK"));
    assert_eq!(iis_status(302, 0), Some("Found (redirect)"));
    assert_eq!(iis_status(500, 0), Some("Module or ISAPI error"));
    assert_eq!(iis_status(401, 77), Some("Unauthorized"));
    assert_eq!(iis_info(401, 77).map(|i| i.exact), Some(false));
    assert_eq!(iis_info(200, 0).map(|i| i.exact), Some(true));
    assert_eq!(iis_status(499, 0), Some("Client error (unassigned 4xx)"));
    assert_eq!(iis_status(99, 0), None);
    assert_eq!(iis_status(600, 0), None);
    for status in 100..=599 {
        assert!(iis_status(status, 0).is_some(), "{status}");
    }
}

#[test]
fn httperr_and_hcw_lookups_ignore_case() {
    assert_eq!(
        httperr_reason("timer_connectionidle").map(|r| r.reason),
        Some("Timer_ConnectionIdle")
    );
    assert_eq!(
        httperr_reason("Version_N/S").and_then(|r| r.status),
        Some("505")
    );
    assert_eq!(httperr_reason("Timer_Nothing"), None);
    assert_eq!(hcw_code("hcw8078").map(|c| c.code), Some("HCW8078"));
    assert_eq!(hcw_code("8103").map(|c| c.code), Some("HCW8103"));
    assert_eq!(hcw_code("HCW9999"), None);
    assert_eq!(hcw_code("HCW"), None);
}

#[test]
fn leg_notes_match_the_handshake_legs() {
    assert!(leg_note(401, 2, 5).is_some_and(|n| n.benign));
    assert!(leg_note(401, 1, 2_148_074_254).is_some_and(|n| n.benign));
    assert!(leg_note(401, 1, 2_148_074_310).is_some_and(|n| !n.benign));
    assert!(leg_note(401, 1, 2_148_074_248).is_some_and(|n| !n.benign));
    assert!(leg_note(200, 0, 64).is_some_and(|n| n.benign));
    assert!(leg_note(200, 0, 1236).is_some_and(|n| n.benign));
    assert_eq!(leg_note(401, 2, 2_148_074_254), None);
    assert_eq!(leg_note(200, 0, 0), None);
}

#[test]
fn describe_leg_lines() {
    // The meaning first, IIS's own words last: a normal step never opens with "Logon failed".
    assert_eq!(
        describe_leg(401, 1, 2_148_074_310),
        "401.1 SEC_E_BAD_BINDINGS: client channel bindings incorrect (Extended Protection) · 0x80090346 · Logon failed"
    );
    assert_eq!(
        describe_leg(401, 1, 2_148_074_254),
        "401.1 NTLM challenge sent (normal leg 1) · 0x8009030E SEC_E_NO_CREDENTIALS · Logon failed"
    );
    assert_eq!(
        describe_leg(401, 2, 5),
        "401.2 normal anonymous challenge (leg 0) · 5 ERROR_ACCESS_DENIED · Logon failed due to server configuration"
    );
    assert_eq!(describe_leg(200, 0, 0), "200.0 OK");
    assert_eq!(
        describe_leg(503, 0, 0),
        "503.0 Application pool unavailable"
    );
    assert_eq!(
        describe_leg(401, 1, 12_345),
        "401.1 Logon failed · 12345 (unknown code)"
    );
    assert_eq!(
        describe_leg(500, 0, 0x8007_0005),
        "500.0 Module or ISAPI error · 0x80070005 ERROR_ACCESS_DENIED (as HRESULT): Access is denied"
    );
}

#[test]
fn reports_and_the_explorer_word_a_leg_alike() {
    use super::{Style, leg_words};
    // Every pattern in the notes table and a few without one: the same words, only the
    // separator differs (and the report's line is shortened past its maximum).
    for (status, sub, win32) in [
        (401, 2, 5),
        (401, 1, 2_148_074_254),
        (401, 1, 2_148_074_310),
        (401, 1, 2_148_074_248),
        (401, 1, 2_148_074_252),
        (401, 1, 1326),
        (401, 3, 5),
        (405, 0, 1),
        (200, 0, 64),
        (200, 0, 1236),
        (200, 0, 995),
        (404, 0, 2),
        (500, 0, 0x8007_0005),
        (401, 1, 12_345),
        (200, 0, 0),
    ] {
        let report = describe_leg(status, sub, win32);
        let screen = leg_words(status, sub, win32, Style::Screen);
        if report.ends_with("...") {
            let kept = report.trim_end_matches("...").replace(" · ", " - ");
            assert!(screen.starts_with(&kept), "{report} / {screen}");
        } else {
            assert_eq!(report.replace(" · ", " - "), screen);
        }
        assert!(screen.is_ascii(), "{screen}");
    }
}

// ---- queries -----------------------------------------------------------------------------

#[test]
fn every_number_notation_decodes() {
    let bad_bindings = ("SEC_E_BAD_BINDINGS", 0x8009_0346, Via::Direct);
    for input in [
        "2148074310",
        "0x80090346",
        "0X80090346",
        "0x80090346,",
        "-2146892986",
        "SEC_E_BAD_BINDINGS",
        "sec_e_bad_bindings",
        "`2148074310`",
    ] {
        assert_eq!(code_name(decode_one(input)), bad_bindings, "{input}");
    }
    assert_eq!(
        code_name(decode_one("80090346")),
        ("SEC_E_BAD_BINDINGS", 0x8009_0346, Via::HexDigits)
    );
    assert_eq!(
        code_name(decode_one("8009030e")),
        ("SEC_E_NO_CREDENTIALS", 0x8009_030E, Via::Direct)
    );
    assert_eq!(
        code_name(decode_one("1326")),
        ("ERROR_LOGON_FAILURE", 1326, Via::Direct)
    );
    assert_eq!(
        code_name(decode_one("0xC000035B")),
        ("STATUS_BAD_BINDINGS", 0xC000_035B, Via::Direct)
    );
    assert_eq!(
        code_name(decode_one("C000035B")),
        ("STATUS_BAD_BINDINGS", 0xC000_035B, Via::Direct)
    );
    assert_eq!(
        code_name(decode_one("0x80070005")),
        ("ERROR_ACCESS_DENIED", 0x8007_0005, Via::Win32InHresult)
    );
    assert_eq!(
        code_name(decode_one("SEC_E_NO_SPM")),
        ("SEC_E_INTERNAL_ERROR", 0x8009_0304, Via::Direct)
    );
    assert_eq!(
        code_name(decode_one("WSAECONNRESET")),
        ("WSAECONNRESET", 10054, Via::Direct)
    );
}

#[test]
fn a_name_suffix_finds_every_matching_code() {
    let found = decode_query("BAD_BINDINGS").expect("decodes");
    let names: Vec<&str> = found.into_iter().map(|d| code_name(d).0).collect();
    assert_eq!(names, ["SEC_E_BAD_BINDINGS", "STATUS_BAD_BINDINGS"]);
}

#[test]
fn iis_forms_decode() {
    let Decoded::Iis(single) = decode_one("401.2") else {
        panic!("401.2")
    };
    assert_eq!(
        (single.status, single.substatus, single.win32),
        (401, Some(2), None)
    );
    assert_eq!(
        single.info.meaning,
        "Logon failed due to server configuration"
    );

    for input in [
        "401 1 2148074310",
        "401.1 2148074310",
        "  401   1\t2148074310 ",
        "401 1 0x80090346",
    ] {
        let Decoded::Iis(triple) = decode_one(input) else {
            panic!("{input}")
        };
        assert_eq!(
            (triple.status, triple.substatus, triple.win32),
            (401, Some(1), Some(2_148_074_310)),
            "{input}"
        );
        assert_eq!(
            triple.win32_code.map(|c| c.info.name),
            Some("SEC_E_BAD_BINDINGS")
        );
        assert!(triple.note.is_some_and(|n| !n.benign));
    }

    let Decoded::Iis(pair) = decode_one("404 2") else {
        panic!("404 2")
    };
    assert_eq!(
        (pair.status, pair.substatus, pair.win32),
        (404, Some(2), None)
    );

    let Decoded::Iis(status) = decode_one("404") else {
        panic!("404")
    };
    assert_eq!((status.status, status.substatus), (404, None));

    let Decoded::Iis(unknown) = decode_one("401 1 12345") else {
        panic!("unknown win32")
    };
    assert_eq!((unknown.win32, unknown.win32_code), (Some(12_345), None));
}

#[test]
fn one_line_with_several_items_decodes_each() {
    let items = decode_query("401 2 5 401 1 2148074254 HCW8078 Timer_ConnectionIdle 1236")
        .expect("decodes");
    assert_eq!(items.len(), 5);
    assert!(matches!(items[0], Decoded::Iis(m) if m.win32 == Some(5)));
    assert!(matches!(items[1], Decoded::Iis(m) if m.win32 == Some(2_148_074_254)));
    assert!(matches!(items[2], Decoded::Hcw(c) if c.code == "HCW8078"));
    assert!(matches!(items[3], Decoded::HttpErr(r) if r.reason == "Timer_ConnectionIdle"));
    assert_eq!(code_name(items[4]).0, "ERROR_CONNECTION_ABORTED");
    let json = serde_json::to_string(&items).expect("serializes");
    assert!(
        json.contains(r#""type":"iis""#) && json.contains(r#""type":"http_err""#),
        "{json}"
    );
    // Two separate codes after a status that has no such substatus stay separate.
    let items = decode_query("401 1326").expect("decodes");
    assert!(matches!(items[0], Decoded::Iis(m) if m.substatus.is_none()));
    assert_eq!(code_name(items[1]).0, "ERROR_LOGON_FAILURE");
}

/// A quoted triple is one item: its status never pairs with the argument before it
/// (`decode 401.1 "401 1 2148074254"` read "401 1 401", then `1` as ERROR_INVALID_FUNCTION);
/// a comma or semicolon ends an item in a line the same way.
#[test]
fn a_quoted_triple_or_a_comma_keeps_items_apart() {
    let triple = |d: &Decoded| match d {
        Decoded::Iis(m) => (m.status, m.substatus, m.win32),
        other => panic!("not IIS: {other:?}"),
    };
    let args = |a: &[&str]| decode_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    for items in [
        args(&["401.1", "401 1 2148074254"]).expect("decodes"),
        decode_query("401.1, 401 1 2148074254").expect("decodes"),
        decode_query("401.1; 401 1 2148074254").expect("decodes"),
    ] {
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(triple(&items[0]), (401, Some(1), None));
        assert_eq!(triple(&items[1]), (401, Some(1), Some(2_148_074_254)));
    }
    // Unquoted, one token per argument: still the triple, and a status with its code.
    let items = args(&["401", "1", "2148074310"]).expect("decodes");
    assert_eq!(items.len(), 1);
    assert_eq!(triple(&items[0]), (401, Some(1), Some(2_148_074_310)));
    let items = args(&["401.1", "1326"]).expect("decodes");
    assert_eq!(triple(&items[0]), (401, Some(1), Some(1326)));
    // Quoted triples one after another, and loose codes after a quoted one.
    let items = args(&["401 2 5", "401 1 2148074310", "1326"]).expect("decodes");
    assert_eq!(items.len(), 3);
    assert_eq!(triple(&items[0]), (401, Some(2), Some(5)));
    assert_eq!(triple(&items[1]), (401, Some(1), Some(2_148_074_310)));
    assert_eq!(code_name(items[2]).0, "ERROR_LOGON_FAILURE");
    // A comma typed in an argument ends an item too (`401.1 ,1326`: two codes).
    let items = args(&["401.1", ",1326"]).expect("decodes");
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(triple(&items[0]), (401, Some(1), None));
    assert_eq!(code_name(items[1]).0, "ERROR_LOGON_FAILURE");
    assert!(args(&[" ", ""]).is_err());
}

#[test]
fn unknown_input_is_an_error_naming_it() {
    for input in [
        "foo",
        "HCW9999",
        "12345",
        "0x800903FF",
        "99999999999",
        "SEC_E_NOPE",
        "401.1 frobnicate",
        "ABCDEF",
    ] {
        let err = decode_query(input).expect_err(input);
        let named = input.split_whitespace().last().expect("token");
        assert!(err.contains(named), "{input}: {err}");
    }
    assert!(
        decode_query("12345")
            .expect_err("unknown")
            .contains("0x00003039")
    );
    assert!(decode_query("   ").is_err());
    let err = decode_query("bad\u{1b}]52;c;x\u{7}").expect_err("control");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

// ---- rendering ---------------------------------------------------------------------------

#[test]
fn render_of_a_bare_code() {
    let items = decode_query("2148074310").expect("decodes");
    let expected = "\
SEC_E_BAD_BINDINGS (SSPI status)
  hex       0x80090346
  unsigned  2148074310
  signed    -2146892986
  meaning   Client channel bindings incorrect (Extended Protection)
  hint      Extended Protection failure: the NTLM/Kerberos token is bound to a
            different TLS channel, so something terminates TLS between client
            and Exchange (Hybrid Agent / App Proxy connector, SSL-offloading
            load balancer, inspection proxy). For servers published via the
            Hybrid Agent the supported fix is to leave EP off on the front-end
            EWS vdir only: ExchangeExtendedProtectionManagement.ps1
            -ExcludeVirtualDirectories \"EWSFrontEnd\". For SSL offloading: TLS
            pass-through or bridging with the Exchange certificate.
";
    assert_eq!(render_decoded(&items), expected);
}

#[test]
fn render_of_an_iis_triple() {
    let items = decode_query("401 1 2148074310").expect("decodes");
    let expected = "\
IIS 401 1 2148074310
  verdict   The final NTLM/Kerberos leg was rejected by Extended Protection:
            the token is bound to another TLS channel, so TLS is terminated
            between client and Exchange (Hybrid Agent / App Proxy, SSL
            offloading, inspection proxy).
  status    401.1 Logon failed
  detail    Credentials or SSPI failure; the win32 column says which
            (2148074254 = normal NTLM challenge leg, 2148074310 = Extended
            Protection, 2148074248 = legs split).
  win32     2148074310
    SEC_E_BAD_BINDINGS (SSPI status)
      hex       0x80090346
      unsigned  2148074310
      signed    -2146892986
      meaning   Client channel bindings incorrect (Extended Protection)
      hint      Extended Protection failure: the NTLM/Kerberos token is bound
                to a different TLS channel, so something terminates TLS
                between client and Exchange (Hybrid Agent / App Proxy
                connector, SSL-offloading load balancer, inspection proxy).
                For servers published via the Hybrid Agent the supported fix
                is to leave EP off on the front-end EWS vdir only:
                ExchangeExtendedProtectionManagement.ps1
                -ExcludeVirtualDirectories \"EWSFrontEnd\". For SSL offloading:
                TLS pass-through or bridging with the Exchange certificate.
";
    assert_eq!(render_decoded(&items), expected);
}

#[test]
fn a_benign_verdict_replaces_the_code_hint_and_blocks_are_separated() {
    let text = render_decoded(&decode_query("401 2 5 HCW8103").expect("decodes"));
    assert!(text.contains("  verdict   The request had no (acceptable) Authorization header"));
    assert!(!text.contains("      hint"), "{text}");
    assert!(text.contains(
        "\n\nHCW8103 (Hybrid Configuration Wizard)\n  message   The certificate provided"
    ));
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

proptest! {
    #[test]
    fn decode_query_never_panics(input in any::<String>()) {
        let _ = decode_query(&input).map(|items| render_decoded(&items));
    }

    #[test]
    fn decode_query_never_panics_on_code_like_text(input in "[0-9a-fA-FxX.\\- _HCWSEChcw]{0,40}") {
        if let Ok(items) = decode_query(&input) {
            prop_assert!(!items.is_empty());
            let _ = render_decoded(&items);
        }
    }

    #[test]
    fn describe_leg_is_short_for_any_triple(status in 0u16..1000, sub in 0u16..1000, win32 in any::<u32>()) {
        let line = describe_leg(status, sub, win32);
        prop_assert!(line.chars().count() <= leg::LEG_LINE_MAX);
        let prefix = format!("{status}.{sub} ");
        prop_assert!(line.starts_with(&prefix));
    }

    #[test]
    fn every_u32_renders_in_all_notations_alike(value in any::<u32>()) {
        let hexed = decode_query(&hex(value));
        let decimal = decode_query(&value.to_string());
        let signed = decode_query(&signed(value).to_string());
        let codes = |r: Result<Vec<Decoded>, String>| -> Option<u32> {
            r.ok()?.into_iter().find_map(|d| match d { Decoded::Code(c) => Some(c.value), _ => None })
        };
        prop_assert_eq!(codes(hexed.clone()), codes(signed));
        // Eight bare digits fall back to hex when unknown as decimal.
        if value.to_string().len() != 8 {
            prop_assert_eq!(codes(hexed), codes(decimal));
        }
    }
}

#[test]
fn benign_challenges_are_the_normal_401_legs_only() {
    use sspi::{SEC_E_BAD_BINDINGS, SEC_E_NO_CREDENTIALS};
    assert!(is_benign_challenge(401, 2, 5));
    assert!(is_benign_challenge(401, 1, SEC_E_NO_CREDENTIALS));
    assert!(!is_benign_challenge(401, 1, SEC_E_BAD_BINDINGS));
    assert!(!is_benign_challenge(401, 1, 1326));
    // A client that went away is benign traffic, but no challenge: its status colour stays.
    assert!(!is_benign_challenge(200, 0, 64));
}
