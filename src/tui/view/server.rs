//! The server cell of request and event rows when several servers are loaded: short, yet
//! telling the servers of one farm apart.

use crate::index::Field;
use crate::tui::model::Model;
use crate::tui::view::rows::clean;

/// The server cell of a request row when several servers are loaded: as wide as the widest
/// server's name needs, at most 8 columns (14 from 120 columns on), each cut by [`server_cell`].
pub fn server_column(model: &Model, idx: &crate::index::RequestIndex, row: usize) -> String {
    let cap = if model.size.0 >= 120 { 14 } else { 8 };
    let width = model
        .data
        .analysis
        .sources
        .iter()
        .filter(|s| s.kind != crate::source::SourceKind::Hcw)
        .map(|s| server_cell(&clean(&s.server), cap).chars().count())
        .max()
        .unwrap_or(cap)
        .clamp(4, cap);
    // The machine's one name, as the sources list gives it (`EX01`, not `ex01.contoso.com`).
    let name = model
        .data
        .analysis
        .server_shown(idx.field(Field::Server, row));
    let short = server_cell(&clean(name), width);
    format!(" {short:<width$}")
}

/// A server label in `width` characters that still tells servers apart: a site folder is
/// shortened to its number (`EX01/W3SVC2` → `EX01/2`, the default site's `/W3SVC1` dropped),
/// and a longer name keeps its head and its tail, where names of one farm differ
/// (`EXCHANGE-FE-01` → `EXC…E-01`).
pub fn server_cell(label: &str, width: usize) -> String {
    let (name, site) = match label.rsplit_once('/') {
        Some((name, folder))
            if folder.len() > 5
                && folder
                    .get(..5)
                    .is_some_and(|h| h.eq_ignore_ascii_case("W3SVC"))
                && folder.bytes().skip(5).all(|b| b.is_ascii_digit()) =>
        {
            let id = folder.get(5..).unwrap_or("");
            (
                name,
                if id == "1" {
                    String::new()
                } else {
                    format!("/{id}")
                },
            )
        }
        _ => (label, String::new()),
    };
    let n = name.chars().count();
    let room = width.saturating_sub(site.len());
    if n <= room {
        return format!("{name}{site}");
    }
    let tail = room.saturating_sub(1) / 2 + usize::from(room > 2);
    let head = room.saturating_sub(1 + tail);
    let mut out: String = name.chars().take(head).collect();
    out.push('…');
    out.extend(name.chars().skip(n - tail.min(n)));
    out.push_str(&site);
    out.chars().take(width.max(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::server_cell;

    #[test]
    fn server_cells_keep_servers_of_one_farm_apart() {
        let cells: Vec<String> = ["EXCHANGE-FE-01/W3SVC1", "EXCHANGE-FE-02/W3SVC1"]
            .iter()
            .map(|l| server_cell(l, 8))
            .collect();
        assert_eq!(cells, ["EXC…E-01", "EXC…E-02"]);
        assert_eq!(server_cell("EX01/W3SVC1", 8), "EX01");
        assert_eq!(server_cell("EX01/w3svc1", 8), "EX01");
        assert_eq!(server_cell("EX01/W3SVC2", 8), "EX01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01/W3SVC2", 8), "EX…-01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01/W3SVC1", 14), "EXCHANGE-FE-01");
        assert_eq!(server_cell("10.0.0.5", 8), "10.0.0.5");
        for w in 0..10 {
            for l in [
                "",
                "a",
                "EXCHANGE-FE-01",
                "ÄÖÜ-Ümlaut-Server-01/W3SVC3",
                "x/ÄÖÜ-Ü",
            ] {
                assert!(server_cell(l, w).chars().count() <= w.max(1), "{l} {w}");
            }
        }
    }
}
