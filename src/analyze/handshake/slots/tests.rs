use super::super::key::KeyView;
use super::super::pending::{Partial, PendingLeg};
use super::*;

fn view(client: &str) -> KeyView<'_> {
    KeyView {
        server: "EX01",
        client,
        via: "",
        port: "",
        method: "POST",
        uri: "/EWS/Exchange.asmx",
        agent: "ExchangeServicesClient/15.20",
        tied: false,
    }
}

fn partial(line: u64, ts: i64) -> Partial {
    let leg = PendingLeg {
        line,
        offset: line * 100,
        ts,
        status: 401,
        substatus: 2,
        win32: Some(5),
        unlogged: Default::default(),
    };
    Partial::new(leg, false)
}

fn lines(s: &Slots, at: usize) -> Vec<u64> {
    s.pool
        .iter(&s.get(at).open)
        .map(|(_, p)| p.first.line)
        .collect()
}

#[test]
fn keys_sharing_a_signature_stay_apart_and_release_cleanly() {
    let mut s = Slots::default();
    let (a, b, c) = (view("10.0.0.1"), view("10.0.0.2"), view("10.0.0.3"));
    let at_a = s.insert(7, a.cell(), &a, 0);
    let at_b = s.insert(7, b.cell(), &b, 0);
    let at_c = s.insert(7, c.cell(), &c, 0);
    assert_eq!(s.find(7, &a), Some(at_a));
    assert_eq!(s.find(7, &b), Some(at_b));
    assert_eq!(s.find(7, &c), Some(at_c));
    assert_eq!(s.find(8, &a), None);
    // b sits in the middle of the chain, c at its head
    s.release(at_b);
    assert_eq!((s.find(7, &a), s.find(7, &b)), (Some(at_a), None));
    s.release(at_c);
    assert_eq!((s.find(7, &a), s.find(7, &c)), (Some(at_a), None));
    s.release(at_a);
    assert_eq!((s.len(), s.heads.len()), (0, 0));
    // recycled slots take new keys
    let at = s.insert(9, c.cell(), &c, 5);
    assert!(at <= 2);
    assert_eq!(s.find(9, &c), Some(at));
}

#[test]
fn open_handshakes_keep_their_order_through_takes_and_sweeps() {
    let mut s = Slots::default();
    let k = view("10.0.0.1");
    let at = s.insert(k.sig(), k.cell(), &k, 0);
    assert!(!s.may_be_open(k.cell()));
    for i in 1..=5 {
        s.push(at, partial(i, i as i64 * 1000));
    }
    assert!(s.may_be_open(k.cell()));
    let third = s.pool.position(&s.get(at).open, |p| p.first.line == 3);
    assert_eq!(s.take(at, third).map(|p| p.first.line), Some(3));
    assert_eq!(s.take(at, None).map(|p| p.first.line), Some(1));
    assert_eq!(lines(&s, at), vec![2, 4, 5]);
    s.push(at, partial(6, 500));
    let mut gone = Vec::new();
    let closed = s.sweep(|ts| ts < 3000, |_| false, |_, p| gone.push(p.first.line));
    assert_eq!((closed, gone), (2, vec![2, 6]));
    assert_eq!(lines(&s, at), vec![4, 5]);
    let closed = s.sweep(|_| true, |_| true, |_, _| {});
    assert_eq!((closed, s.len()), (2, 0));
    assert!(!s.may_be_open(k.cell()));
}

#[test]
fn an_overfull_filter_cell_switches_the_filter_off() {
    let mut s = Slots::default();
    let k = view("10.0.0.1");
    let at = s.insert(k.sig(), k.cell(), &k, 0);
    for i in 0..=u64::from(u16::MAX) {
        s.push(at, partial(i, 0));
    }
    assert!(s.filter_off);
    assert!(s.may_be_open(view("10.9.9.9").cell()));
    assert_eq!(s.get(at).open.len(), usize::from(u16::MAX) + 1);
}
