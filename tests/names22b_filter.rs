//! The explorer's server filter speaks the name rows show. `audit20/lb-pair` loads one site
//! per machine (`FBEX1/W3SVC1`, `FBEX2/W3SVC1`, no `s-computername`): rows say `FBEX1`, so the
//! quick menu, the finder and `server=FBEX1` do too, and `server=FBEX1/W3SVC1` (the folder
//! label, as before) still keeps the same rows. `names22/two-sites` loads two sites of EX01:
//! rows name their site, so the menu offers `EX01/W3SVC1`, keeping that site only, and
//! `server=EX01` keeps the machine's rows of both sites.

use crate::explorer;
use crate::scenario;

use hcwlens::filter::{FilterField, FilterStack, MergedFields, Rule, RuleKind};
use hcwlens::index::{Field, Merged};
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::{pane::PaneId, row::RowRef};
use std::collections::BTreeSet;

fn lb_pair() -> Model {
    explorer::loaded(
        &[explorer::repo("tests/fixtures/audit20/lb-pair")],
        (100, 40),
    )
}

fn two_sites() -> Model {
    explorer::loaded(
        &[explorer::repo("tests/fixtures/names22/two-sites")],
        (100, 40),
    )
}

/// The IIS pane's rows, each by the name the explorer shows its server by.
fn shown_servers(m: &Model) -> Vec<String> {
    let a = &m.data.analysis;
    (0..m.pane_len(PaneId::Iis))
        .filter_map(|p| match m.row_at(PaneId::Iis, p) {
            Some(RowRef::Iis(k, r)) => Some(
                a.server_named(a.requests[usize::from(k)].field(Field::Server, r as usize))
                    .to_string(),
            ),
            _ => None,
        })
        .collect()
}

/// The rows of every request index a typed `server=value` keeps, by shown name.
fn typed(m: &Model, value: &str) -> Vec<String> {
    let a = &m.data.analysis;
    let merged = Merged::build(&a.requests);
    let fields = MergedFields {
        indexes: &a.requests,
        merged: &merged,
        machines: &a.machines,
        sources: &a.sources,
    };
    let mut s = FilterStack::new();
    s.push(Rule::field(RuleKind::Include, FilterField::Server, value));
    s.prepare(&fields);
    (0..merged.len())
        .filter(|&r| s.matches(r, "", &fields))
        .filter_map(|r| merged.get(r))
        .map(|(k, r)| {
            a.server_named(a.requests[usize::from(k)].field(Field::Server, r as usize))
                .to_string()
        })
        .collect()
}

/// The quick menu's server value on the IIS row showing `server`, and the model after `v`.
fn quick_server(mut m: Model, server: &str) -> (String, Model) {
    let p = shown_servers(&m)
        .iter()
        .position(|s| s == server)
        .expect("a row of that server");
    if m.focus != PaneId::Iis {
        scenario::press(&mut m, &["<Tab>"]);
    }
    scenario::press(&mut m, &["g"]);
    for _ in 0..p {
        scenario::press(&mut m, &["j"]);
    }
    scenario::press(&mut m, &["c"]);
    let Some(Overlay::Quick { row }) = m.overlay else {
        panic!("no quick menu: {:?}", m.overlay)
    };
    let choices = hcwlens::tui::update::quick::choices(&m, row);
    let value = choices
        .iter()
        .find(|c| c.key == 'v')
        .map(|c| c.value.clone())
        .expect("a server choice");
    scenario::press(&mut m, &["v"]);
    (value, m)
}

#[test]
fn the_quick_menu_offers_the_server_as_rows_name_it_and_keeps_its_rows() {
    let m = lb_pair();
    let all = shown_servers(&m);
    let fbex1 = all.iter().filter(|s| *s == "FBEX1").count();
    assert!(fbex1 > 0 && fbex1 < all.len(), "{all:?}");
    let (value, m) = quick_server(m, "FBEX1");
    assert_eq!(value, "FBEX1");
    assert_eq!(shown_servers(&m), vec!["FBEX1".to_string(); fbex1]);
}

#[test]
fn a_typed_server_filter_keeps_the_shown_name_s_rows_and_the_folder_label_s() {
    let m = lb_pair();
    let fbex1 = shown_servers(&m).iter().filter(|s| *s == "FBEX1").count();
    assert_eq!(typed(&m, "FBEX1"), vec!["FBEX1".to_string(); fbex1]);
    assert_eq!(typed(&m, "FBEX1/W3SVC1"), vec!["FBEX1".to_string(); fbex1]);
}

#[test]
fn the_finder_lists_servers_as_rows_name_them() {
    let mut m = lb_pair();
    scenario::press(&mut m, &["f"]);
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!("no finder")
    };
    let servers: BTreeSet<&str> = p
        .all
        .iter()
        .filter(|c| c.kind == hcwlens::filter::CandidateKind::Server)
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(servers, ["FBEX1", "FBEX2"].into());
}

#[test]
fn beside_another_site_the_menu_offers_the_site_and_the_machine_keeps_both() {
    let m = two_sites();
    let all = shown_servers(&m);
    let one = all.iter().filter(|s| *s == "EX01/W3SVC1").count();
    assert!(one > 0 && one < all.len(), "{all:?}");
    assert_eq!(typed(&m, "EX01").len(), all.len());
    let (value, m) = quick_server(m, "EX01/W3SVC1");
    assert_eq!(value, "EX01/W3SVC1");
    assert_eq!(shown_servers(&m), vec!["EX01/W3SVC1".to_string(); one]);
}
