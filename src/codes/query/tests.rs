use super::*;

fn reason(d: &Decoded) -> Option<&'static str> {
    match d {
        Decoded::HttpErr(r) => Some(r.reason),
        _ => None,
    }
}

#[test]
fn an_httperr_tail_as_logged_decodes_its_status_and_reason() {
    // `sc-status s-siteid s-reason s-queuename`: the site id is no Win32 code and the queue
    // name no code at all (the call failed on it).
    let d = decode_query("503 1 AppOffline MSExchangeServicesAppPool").expect("decodes");
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(matches!(d[0], Decoded::Iis(m) if m.status == 503 && m.win32.is_none()));
    assert_eq!(reason(&d[1]), Some("AppOffline"));
    let d = decode_query("- - Timer_ConnectionIdle -").expect("decodes");
    assert_eq!(
        d.iter().map(reason).collect::<Vec<_>>(),
        [Some("Timer_ConnectionIdle")]
    );
    let d = decode_query("400 - BadRequest -").expect("decodes");
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(reason(&d[1]), Some("BadRequest"));
}

#[test]
fn numbers_beside_no_reason_keep_their_meanings() {
    let d = decode_query("401 1 2148074310").expect("decodes");
    assert!(matches!(d.as_slice(), [Decoded::Iis(m)] if m.win32 == Some(2_148_074_310)));
    let d = decode_query("1 AppOffline").expect("decodes");
    assert!(matches!(d[0], Decoded::Code(c) if c.value == 1), "{d:?}");
    assert_eq!(reason(&d[1]), Some("AppOffline"));
}
