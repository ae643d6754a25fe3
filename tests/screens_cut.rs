//! What must survive at 80x24 when a line is too long for its row: findings wrap long host
//! names whole.

#[path = "support/explorer.rs"]
mod explorer;
#[path = "support/scenario.rs"]
mod scenario;

use explorer::screen;
use hcwlens::tui::model::Model;
use scenario::*;

/// A finding whose text names a long host (an Exchange Online or a hybrid namespace).
fn long_host(size: (u16, u16)) -> Model {
    let mut a = analysis();
    a.findings[0].explanation = "The HCW machine could not resolve \
        hybrid-migration-endpoint.mail.contoso-international-holdings.example.com, the name \
        the wizard uses, nor autodiscover-s.outlook.com."
        .into();
    a.findings[0].remedy = "Check DNS for \
        hybrid-migration-endpoint.mail.contoso-international-holdings.example.com from \
        the HCW machine, then for \
        a-host-name-longer-than-any-popup-row-for-the-test.hybrid-namespace.contoso-international-holdings.example.com."
        .into();
    Model::ready(a, settings(None), size)
}

#[test]
fn findings_wrap_host_names_whole() {
    let mut m = long_host((80, 24));
    press(&mut m, &["F"]);
    let s = screen(&m);
    let host = "hybrid-migration-endpoint.mail.contoso-international-holdings.example.com";
    assert_eq!(
        s.lines().filter(|l| l.contains(host)).count(),
        2,
        "the host name broken over rows:\n{s}"
    );
    // A name longer than a row is broken after a dot, every character kept, so it can still
    // be read and copied in parts.
    let rows: Vec<&str> = s.lines().collect();
    let at = rows
        .iter()
        .position(|l| l.contains("a-host-name-longer"))
        .unwrap_or(rows.len());
    assert!(at + 1 < rows.len(), "{s}");
    let row = rows[at].trim_matches('│').trim_end();
    let next = rows[at + 1].trim_matches('│').trim();
    assert!(row.ends_with('.'), "broken after a dot: {row}\n{s}");
    let joined = format!(
        "{}{}",
        row.rsplit(' ').next().unwrap_or_default(),
        next.split(' ').next().unwrap_or_default()
    );
    assert!(
        joined.starts_with("a-host-name-longer-than-any-popup-row-for-the-test.hybrid-namespace."),
        "{joined}\n{s}"
    );
    insta::assert_snapshot!("findings_long_host_80x24", s);
}
