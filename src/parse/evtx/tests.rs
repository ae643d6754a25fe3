//! Unit tests for the EVTX record mapping (shapes as the `evtx` crate renders them).

use super::map::{parse_number, parse_system_time};
use super::*;
use crate::time::UtcMs;
use proptest::prelude::*;
use serde_json::{Value, json};

fn record(id: Value, data: Value) -> Value {
    json!({"Event": {
        "#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
        "System": {
            "Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},
            "EventID": id,
            "EventRecordID": 4242,
            "TimeCreated": {"#attributes": {"SystemTime": "2016-06-29T12:38:52.123456Z"}},
            "Computer": "EX01.contoso.com"
        },
        "EventData": data
    }})
}

fn security(value: &Value) -> SecurityEvent {
    match map_record(value) {
        Ok(Mapped::Security(e)) => *e,
        other => panic!("expected a security event, got {other:?}"),
    }
}

#[test]
fn maps_a_4625_with_every_field() {
    let e = security(&record(
        json!(4625),
        json!({
            "TargetUserName": "Student", "TargetDomainName": "CONTOSO",
            "Status": "0xc000006d", "SubStatus": "0xc0000064", "LogonType": 3,
            "AuthenticationPackageName": "NTLM", "LmPackageName": "-",
            "WorkstationName": "IT104-3", "IpAddress": "10.20.0.118", "IpPort": "49731"
        }),
    ));
    assert_eq!(e.kind, SecurityEventKind::LogonFailure);
    assert_eq!(e.record_id, 4242);
    assert_eq!(
        e.time,
        UtcMs::from_civil(2016, 6, 29, 12, 38, 52, 123).expect("time")
    );
    assert_eq!(e.account().as_deref(), Some("CONTOSO\\Student"));
    assert_eq!(e.status, Some(0xC000_006D));
    assert_eq!(e.sub_status, Some(0xC000_0064));
    assert_eq!(e.reason_code(), Some(0xC000_0064));
    assert_eq!(e.logon_type, Some(3));
    assert_eq!(e.auth_package.as_deref(), Some("NTLM"));
    assert_eq!(e.lm_package, None, "`-` is absent");
    assert_eq!(e.workstation.as_deref(), Some("IT104-3"));
    assert_eq!(e.ip.as_deref(), Some("10.20.0.118"));
    assert_eq!(e.port, Some(49731));
    assert_eq!(e.computer.as_deref(), Some("EX01.contoso.com"));
    assert!(e.is_failure());
}

#[test]
fn maps_a_4624_ntlm_v1_with_qualified_event_id_and_string_numbers() {
    let e = security(&record(
        json!({"#attributes": {"Qualifiers": ""}, "#text": 4624}),
        json!({"TargetUserName": "alice", "LogonType": "3", "AuthenticationPackageName": "NTLM",
               "LmPackageName": "NTLM V1", "IpAddress": "::1", "IpPort": "0"}),
    ));
    assert_eq!(e.kind, SecurityEventKind::LogonSuccess);
    assert_eq!(e.logon_type, Some(3));
    assert!(e.is_ntlm_v1());
    assert_eq!(e.port, None, "port 0 is absent");
    assert!(!e.is_failure());
}

#[test]
fn maps_a_4776_package_workstation_and_answer() {
    let e = security(&record(
        json!(4776),
        json!({"PackageName": "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", "TargetUserName": "bob",
               "Workstation": "WS7", "Status": "0xc000006a"}),
    ));
    assert_eq!(e.kind, SecurityEventKind::CredentialValidation);
    assert_eq!(e.workstation.as_deref(), Some("WS7"));
    assert_eq!(
        e.auth_package.as_deref(),
        Some("MICROSOFT_AUTHENTICATION_PACKAGE_V1_0")
    );
    assert_eq!(e.reason_code(), Some(0xC000_006A));
    assert!(e.is_failure());
    let ok = security(&record(json!(4776), json!({"Status": "0x0"})));
    assert!(!ok.is_failure());
}

#[test]
fn other_ids_are_counted_not_kept_and_broken_records_are_errors() {
    assert_eq!(
        map_record(&record(json!(4672), json!({}))),
        Ok(Mapped::Other(4672))
    );
    assert!(map_record(&json!({"Event": {}})).is_err());
    assert!(map_record(&json!([1, 2])).is_err());
    let mut no_time = record(json!(4625), json!({}));
    no_time["Event"]["System"]["TimeCreated"] = json!({});
    assert!(map_record(&no_time).is_err());
}

#[test]
fn numbers_and_times_parse_in_every_form_and_reject_junk() {
    assert_eq!(parse_number("0xC000006D"), Some(0xC000_006D));
    assert_eq!(parse_number("0X1f"), Some(31));
    assert_eq!(parse_number("10"), Some(10));
    assert_eq!(parse_number("zz"), None);
    assert_eq!(
        parse_system_time("2019-02-06T20:00:01Z"),
        UtcMs::from_civil(2019, 2, 6, 20, 0, 1, 0)
    );
    assert_eq!(
        parse_system_time("2019-02-06T20:00:01.5Z"),
        UtcMs::from_civil(2019, 2, 6, 20, 0, 1, 500)
    );
    assert_eq!(parse_system_time("2019-02-06T20:00:01.5+02:00"), None);
    assert_eq!(parse_system_time("2019-02-06T20:00:0é"), None);
    assert_eq!(parse_system_time("yesterday"), None);
}

#[test]
fn a_non_evtx_buffer_is_one_diagnostic() {
    let read = read_evtx(b"not an event log at all".to_vec());
    assert!(read.events.is_empty());
    assert_eq!(read.stats.unparsed, 1);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "[ -~é]{0,24}".prop_map(Value::String),
        prop_oneof![
            Just("0xc000006d"),
            Just("4625"),
            Just("2016-06-29T12:38:52.1Z"),
            Just("-")
        ]
        .prop_map(|s| json!(s)),
    ];
    let keys = prop_oneof![
        Just("Event"),
        Just("System"),
        Just("EventData"),
        Just("EventID"),
        Just("#text"),
        Just("#attributes"),
        Just("TimeCreated"),
        Just("SystemTime"),
        Just("Status"),
        Just("IpPort"),
        Just("LogonType"),
        Just("TargetUserName"),
        Just("x")
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

proptest! {
    #[test]
    fn the_mapping_never_panics(value in arb_json(), id in any::<i64>(), t in "[0-9TZ:.+-]{0,30}") {
        let _ = map_record(&value);
        let _ = map_record(&record(json!(id), value.clone()));
        let mut r = record(json!(4625), value);
        r["Event"]["System"]["TimeCreated"]["#attributes"]["SystemTime"] = json!(t);
        let _ = map_record(&r);
    }
}

/// Windows logs an IPv4 client of a dual-stack listener as `::ffff:10.0.5.20`; the IIS side
/// reads it as `10.0.5.20`, so the explorer's address filter finds both sides.
#[test]
fn an_ipv4_mapped_ip_address_is_the_ipv4_address() {
    let e = security(&record(
        json!(4625),
        json!({"TargetUserName": "bob", "IpAddress": "::FFFF:10.0.5.20", "IpPort": "50001"}),
    ));
    assert_eq!(e.ip.as_deref(), Some("10.0.5.20"));
    let v6 = security(&record(
        json!(4625),
        json!({"TargetUserName": "bob", "IpAddress": "::ffff:10.0.5", "IpPort": "50001"}),
    ));
    assert_eq!(
        v6.ip.as_deref(),
        Some("::ffff:10.0.5"),
        "not a mapped address"
    );
}

#[test]
fn a_record_of_any_event_id_names_its_computer() {
    let other = record(json!(4688), json!({}));
    assert_eq!(
        super::map::record_computer(&other).as_deref(),
        Some("EX01.contoso.com")
    );
    let none = json!({"Event": {"System": {"EventID": 4688, "Computer": "-"}}});
    assert_eq!(super::map::record_computer(&none), None);
}
