//! The server cell of request and event rows when several servers are loaded: short, yet
//! telling the servers of one farm apart.

use crate::index::Field;
use crate::source::ServerNames;
use crate::tui::model::Model;
use crate::tui::view::rows::clean;

/// The server column of request and event rows, the same for every row of a frame: built
/// once per frame ([`ServerColumn::of`]), asked per row ([`ServerColumn::cell`]).
pub struct ServerColumn<'a> {
    /// The names the load gives its servers.
    names: ServerNames<'a>,
    /// The loaded sources, for the site folder of a machine that logs its name.
    sources: &'a [crate::source::SourceInfo],
    /// The cells' width.
    width: usize,
    /// How a name too long is cut: the way that keeps the loaded servers' cells apart.
    cut: Cut,
}

impl<'a> ServerColumn<'a> {
    /// The column when the loaded logs name more than one server (an HTTPERR log beside its
    /// machine's IIS log names that one machine): as wide as the widest server's name needs,
    /// at most 8 columns (14 from 120 columns on), each cut by [`cut_cell`] the one way that
    /// keeps the loaded servers' cells apart ([`Cut::apart`]).
    pub fn of(model: &'a Model) -> Option<ServerColumn<'a>> {
        if model.data.analysis.requests.len() < 2 {
            return None;
        }
        let names = model.data.analysis.server_names();
        let labels = loaded_labels(model, &names);
        if labels.len() < 2 {
            return None;
        }
        let cap = if model.size.0 >= 120 { 14 } else { 8 };
        let width = labels
            .iter()
            .map(|l| server_cell(l, cap).chars().count())
            .max()
            .unwrap_or(cap)
            .clamp(4, cap);
        let cut = Cut::apart(&labels, width);
        Some(ServerColumn {
            names,
            width,
            cut,
            sources: &model.data.analysis.sources,
        })
    }

    /// The server cell of row `row` of `idx`: its machine's one name, as the sources list
    /// gives it (`EX01`, not `ex01.contoso.com`), its site beside another site of it
    /// (`EX01/W3SVC2`, [`ServerNames`]).
    pub fn cell(&self, idx: &crate::index::RequestIndex, row: usize) -> String {
        let label = idx.field(Field::Server, row);
        let name = match crate::source::by_id(self.sources, idx.source) {
            Some(s) => self.names.of(label, s),
            None => self.names.name(label).into(),
        };
        let short = cut_cell(&clean(&name), self.width, self.cut);
        format!(" {short:<w$}", w = self.width)
    }
}

/// The loaded request logs' servers, each once, as the rows name them (`names`).
pub fn loaded_labels(model: &Model, names: &ServerNames<'_>) -> Vec<String> {
    let a = &model.data.analysis;
    let mut out: Vec<String> = Vec::new();
    for s in a.sources.iter() {
        if s.kind == crate::source::SourceKind::Hcw {
            continue;
        }
        let label = clean(&names.of_source(s));
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

/// How a name too long for its cell is cut: [`Cut::Ends`] keeps its head and its tail (where
/// names of one farm differ), [`Cut::Tail`] a given number of its last characters, [`Cut::After`]
/// what follows the characters every loaded name begins with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Head and tail, about half each.
    Ends,
    /// This many last characters, the head before them.
    Tail(usize),
    /// `…`, then the name from this character on.
    After(usize),
}

impl Cut {
    /// The first cut, in the order [`Cut::Ends`], [`Cut::Tail`] of each length (the nearest to
    /// an even split first), [`Cut::After`] the names' common head, under which distinct `labels` get distinct cells of `width`
    /// (`EXCHANGE01-NYC`, `EXCHANGE02-NYC` → `EX…01-NYC`, not both `EXC…-NYC`); the last
    /// when none does.
    pub fn apart(labels: &[String], width: usize) -> Cut {
        let common = common_head(labels);
        // Tails nearest the even split first: a cut keeps as much of the head as it can.
        let even = width.saturating_sub(1) / 2 + usize::from(width > 2);
        let tails = (1..width)
            .flat_map(|d| [even.checked_add(d), even.checked_sub(d)])
            .flatten()
            .filter(|&t| t < width)
            .map(Cut::Tail);
        let mut cuts = std::iter::once(Cut::Ends)
            .chain(tails)
            .chain(std::iter::once(Cut::After(common)));
        let last = Cut::After(common);
        cuts.find(|&cut| {
            let cells: Vec<String> = labels.iter().map(|l| cut_cell(l, width, cut)).collect();
            cells.iter().enumerate().all(|(i, c)| {
                cells[..i]
                    .iter()
                    .zip(labels)
                    .all(|(d, l)| d != c || *l == labels[i])
            })
        })
        .unwrap_or(last)
    }
}

/// How many first characters every label's name shares (0 for fewer than two labels).
fn common_head(labels: &[String]) -> usize {
    let names: Vec<Vec<char>> = labels
        .iter()
        .map(|l| split_site(l).0.chars().collect())
        .collect();
    let Some((first, rest)) = names.split_first() else {
        return 0;
    };
    if rest.is_empty() {
        return 0;
    }
    (0..first.len())
        .take_while(|&i| rest.iter().all(|n| n.get(i) == first.get(i)))
        .count()
}

/// A label's machine name and its site cell: `EX01/W3SVC2` → (`EX01`, `/2`). A label keeps
/// its site only beside another site of its machine ([`crate::source::ServerNames`]).
fn split_site(label: &str) -> (&str, String) {
    match label.rsplit_once('/').zip(crate::read::site_id(label)) {
        Some(((name, _), id)) => (name, format!("/{id}")),
        None => (label, String::new()),
    }
}

/// A server label in `width` characters that still tells servers apart: a site folder is
/// shortened to its number (`EX01/W3SVC2` → `EX01/2`),
/// and a longer name keeps its head and its tail, where names of one farm differ
/// (`EXCHANGE-FE-01` → `EXC…E-01`). Beside other servers, [`cut_cell`] with [`Cut::apart`].
pub fn server_cell(label: &str, width: usize) -> String {
    cut_cell(label, width, Cut::Ends)
}

/// [`server_cell`] with a name too long cut as `cut` says.
pub fn cut_cell(label: &str, width: usize, cut: Cut) -> String {
    let (name, site) = split_site(label);
    let n = name.chars().count();
    let room = width.saturating_sub(site.len());
    if n <= room {
        return format!("{name}{site}");
    }
    let mut out = String::new();
    match cut {
        Cut::After(skip) => {
            out.push('…');
            let rest: Vec<char> = name.chars().skip(skip).collect();
            if rest.len() < room {
                out.extend(rest);
            } else {
                out.extend(rest.iter().take(room.saturating_sub(2)));
                out.push('…');
            }
        }
        Cut::Ends | Cut::Tail(_) => {
            let tail = match cut {
                Cut::Tail(t) => t.min(room.saturating_sub(1)),
                _ => room.saturating_sub(1) / 2 + usize::from(room > 2),
            };
            let head = room.saturating_sub(1 + tail);
            out.extend(name.chars().take(head));
            out.push('…');
            out.extend(name.chars().skip(n - tail.min(n)));
        }
    }
    out.push_str(&site);
    out.chars().take(width.max(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::{Cut, cut_cell, server_cell};

    fn cells(names: &[&str], width: usize) -> Vec<String> {
        let labels: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let cut = Cut::apart(&labels, width);
        labels.iter().map(|l| cut_cell(l, width, cut)).collect()
    }

    #[test]
    fn names_alike_at_both_ends_keep_the_part_that_differs() {
        // Same head and tail: the even cut read `EXC…-NYC` for both.
        assert_eq!(
            cells(&["EXCHANGE01-NYC", "EXCHANGE02-NYC"], 8),
            ["EX…1-NYC", "EX…2-NYC"]
        );
        assert_eq!(
            cells(&["EXCH-NYC-MBX-SRV", "EXCH-BOS-MBX-SRV"], 8),
            ["EXCH-N…V", "EXCH-B…V"]
        );
        // Longer alike ends than the cell: what follows the common head.
        assert_eq!(
            cells(&["EXCHANGE-NYC-MAILBOX", "EXCHANGE-BOS-MAILBOX"], 8),
            ["…NYC-MA…", "…BOS-MA…"]
        );
        // Names of one farm told apart at their ends keep the even cut; one label, too.
        assert_eq!(
            cells(&["EXCHANGE-FE-01", "EXCHANGE-FE-02"], 8),
            ["EXC…E-01", "EXC…E-02"]
        );
        assert_eq!(cells(&["EXCHANGE-FE-01"], 8), ["EXC…E-01"]);
        for w in 0..10 {
            for cut in [
                Cut::Ends,
                Cut::Tail(0),
                Cut::Tail(20),
                Cut::After(3),
                Cut::After(40),
            ] {
                for l in ["", "a", "EXCHANGE-FE-01", "ÄÖÜ-Ümlaut-Server-01/W3SVC3"] {
                    assert!(cut_cell(l, w, cut).chars().count() <= w.max(1), "{l} {w}");
                }
            }
        }
    }

    #[test]
    fn server_cells_keep_servers_of_one_farm_apart() {
        let cells: Vec<String> = ["EXCHANGE-FE-01", "EXCHANGE-FE-02"]
            .iter()
            .map(|l| server_cell(l, 8))
            .collect();
        assert_eq!(cells, ["EXC…E-01", "EXC…E-02"]);
        // A site the label keeps (its machine has another loaded) keeps its number.
        assert_eq!(server_cell("EX01/W3SVC1", 8), "EX01/1");
        assert_eq!(server_cell("EX01/w3svc1", 8), "EX01/1");
        assert_eq!(server_cell("EX01/W3SVC2", 8), "EX01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01/W3SVC2", 8), "EX…-01/2");
        assert_eq!(server_cell("EXCHANGE-FE-01", 14), "EXCHANGE-FE-01");
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
