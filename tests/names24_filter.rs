//! The explorer's server filter for one machine that logs its name (`s-computername`) in two
//! IIS sites (`tui23/two-sites-logged`: EX01 in `W3SVC1` and `W3SVC3`). Rows name their site
//! (`EX01/W3SVC1`), so the quick menu and the finder offer the site, and `server=EX01/W3SVC1`
//! keeps that site's rows (the rows log `EX01` alone: the site is their log's folder), as it
//! does for a load of the same folders without the logged name; `server=EX01` keeps both.

use crate::explorer;
use crate::scenario;

use hcwlens::filter::{FilterField, FilterStack, MergedFields, Rule, RuleKind};
use hcwlens::index::{Field, Merged};
use hcwlens::pipeline::Analysis;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::{pane::PaneId, row::RowRef};
use std::collections::BTreeSet;

fn logged_two_sites() -> Model {
    explorer::loaded(
        &[explorer::repo("tests/fixtures/tui23/two-sites-logged")],
        (100, 40),
    )
}

/// The name row `r` of request index `k` is shown by (its site beside another site).
fn shown(a: &Analysis, k: usize, r: usize) -> String {
    let idx = &a.requests[k];
    a.server_names()
        .at(idx.field(Field::Server, r), idx.source)
        .into_owned()
}

/// The IIS pane's rows, each by the name the explorer shows its server by.
fn shown_servers(m: &Model) -> Vec<String> {
    let a = &m.data.analysis;
    (0..m.pane_len(PaneId::Iis))
        .filter_map(|p| match m.row_at(PaneId::Iis, p) {
            Some(RowRef::Iis(k, r)) => Some(shown(a, usize::from(k), r as usize)),
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
        .map(|(k, r)| shown(a, usize::from(k), r as usize))
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
fn the_quick_menu_offers_the_site_of_a_logged_name_and_keeps_that_site_s_rows() {
    let m = logged_two_sites();
    let all = shown_servers(&m);
    for site in ["EX01/W3SVC1", "EX01/W3SVC3"] {
        let n = all.iter().filter(|s| *s == site).count();
        assert!(n > 0 && n < all.len(), "{all:?}");
        let (value, after) = quick_server(logged_two_sites(), site);
        assert_eq!(value, site);
        assert_eq!(shown_servers(&after), vec![site.to_string(); n]);
        assert_eq!(typed(&m, site), vec![site.to_string(); n]);
    }
    assert_eq!(typed(&m, "EX01").len(), all.len());
    assert_eq!(typed(&m, "ex01").len(), all.len());
}

#[test]
fn the_finder_lists_each_site_of_a_logged_name() {
    let mut m = logged_two_sites();
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
    assert_eq!(servers, ["EX01/W3SVC1", "EX01/W3SVC3"].into());
}
