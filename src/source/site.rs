//! How a server is named to an admin, the one rule of every screen and report: by its
//! machine's one name ([`super::shown_name`]), with the IIS site (`EX01/W3SVC2`) only when that
//! machine has more than one site's logs loaded — then on every name of its sites, so
//! `EX01/W3SVC1` and `EX01/W3SVC2` read apart. A load of one site per machine (the usual
//! collection: `EX01/W3SVC1`, `EX02/W3SVC1`) names `EX01` and `EX02`, as HCW and the sources
//! list do. An HTTPERR log's folder label (`EX01/HTTPERR`) names its machine (HTTP.sys logs
//! for the whole machine, not for a site).

use super::{SourceInfo, SourceKind};

/// The names a load gives its servers ([`ServerNames::name`]): built once per report or
/// screen, asked per row.
#[derive(Debug, Clone)]
pub struct ServerNames<'a> {
    /// The machines the loaded logs name, one name each ([`super::machine_names`]).
    machines: &'a [String],
    /// The machines (any spelling) with more than one site's logs loaded.
    sited: Vec<&'a str>,
    /// The loaded sources, for the site folder of a row of a machine that logs its name.
    sources: &'a [SourceInfo],
}

impl<'a> ServerNames<'a> {
    /// The names `sources` give their servers, `machines` their machines' one names.
    pub fn new(sources: &'a [SourceInfo], machines: &'a [String]) -> ServerNames<'a> {
        let mut sites: Vec<(&str, u32)> = Vec::new();
        for s in sources {
            if !matches!(s.kind, SourceKind::Iis | SourceKind::W3c) {
                continue;
            }
            // A log named by its folder carries its site in its label, one that logs its
            // machine's name in the folder it was found in.
            let folder = if crate::read::is_folder_label(&s.server) {
                s.server.as_str()
            } else {
                s.stats.folder.as_str()
            };
            let Some(id) = crate::read::site_id(folder) else {
                continue;
            };
            let machine = match crate::read::folder_server(&s.server) {
                Some(m) => m,
                None if crate::read::is_folder_label(&s.server) => continue,
                None => s.server.as_str(),
            };
            if !sites
                .iter()
                .any(|&(m, i)| i == id && super::same_machine(m, machine))
            {
                sites.push((machine, id));
            }
        }
        let sited = sites
            .iter()
            .filter(|&&(m, id)| {
                sites
                    .iter()
                    .any(|&(o, j)| j != id && super::same_machine(o, m))
            })
            .map(|&(m, _)| m)
            .collect();
        ServerNames {
            machines,
            sited,
            sources,
        }
    }

    /// The name source `s`'s rows are shown by: [`ServerNames::name`] of its server, and for
    /// a machine that logs its name (`s-computername`) in the site folders of more than one
    /// of its sites, the site folder it was found in too (`EX01/W3SVC3`), as a load of the same
    /// folders without the logged name says it.
    pub fn of_source<'b>(&self, s: &'b SourceInfo) -> std::borrow::Cow<'b, str>
    where
        'a: 'b,
    {
        self.of(&s.server, s)
    }

    /// [`ServerNames::of`] for a line of source `id` (a handshake's leg, a request row) whose
    /// server is `label`; [`ServerNames::name`] when no loaded source has that id.
    pub fn at<'b>(&self, label: &'b str, id: super::SourceId) -> std::borrow::Cow<'b, str>
    where
        'a: 'b,
    {
        match super::by_id(self.sources, id) {
            Some(s) => self.of(label, s),
            None => std::borrow::Cow::Borrowed(self.name(label)),
        }
    }

    /// [`ServerNames::of_source`] for a row of `s` whose server is `label` (a file's rows name
    /// the server its source does).
    pub fn of<'b>(&self, label: &'b str, s: &SourceInfo) -> std::borrow::Cow<'b, str>
    where
        'a: 'b,
    {
        let named = self.name(label);
        let logged = !crate::read::is_folder_label(label);
        let site = crate::read::site_id(&s.stats.folder)
            .filter(|_| logged && matches!(s.kind, SourceKind::Iis | SourceKind::W3c));
        match site {
            Some(id) if self.sited.iter().any(|m| super::same_machine(m, label)) => {
                std::borrow::Cow::Owned(format!("{named}/W3SVC{id}"))
            }
            _ => std::borrow::Cow::Borrowed(named),
        }
    }

    /// The machines (as the logs or folders spell them) with more than one site's logs loaded.
    pub fn sited(&self) -> &[&'a str] {
        &self.sited
    }

    /// The name `label` (a logged server name or a folder label) is shown by: its machine's
    /// one name, or the site folder's label when its machine has several sites loaded.
    pub fn name<'b>(&self, label: &'b str) -> &'b str
    where
        'a: 'b,
    {
        let Some(machine) = crate::read::folder_server(label) else {
            return super::shown_name(self.machines, label);
        };
        let site = crate::read::site_id(label).is_some();
        if site && self.sited.iter().any(|m| super::same_machine(m, machine)) {
            return label;
        }
        super::shown_name(self.machines, machine)
    }
}

/// Whether a `server=` filter of `value` keeps a row whose server is `label` (a logged name
/// or a folder label) in a log found in `folder` (its [`super::SourceStats::folder`], empty
/// when unknown). A folder label (`EX01/W3SVC1`, `EX01/HTTPERR`) keeps its own rows, as it
/// always did, and a site's label the rows of that site's logs that log its machine's name (the
/// name rows show for them beside another site, [`ServerNames::of`]); any other value names a
/// machine and keeps every row of that machine, in every spelling and every folder — so the
/// name rows show (`EX01` for `EX01/W3SVC1` when one site of EX01 is loaded) keeps the rows
/// that show it.
pub fn server_filter_keeps(machines: &[String], label: &str, folder: &str, value: &str) -> bool {
    if crate::read::is_folder_label(value) {
        if let (Some(site), Some(machine), false) = (
            crate::read::site_id(value),
            crate::read::folder_server(value),
            crate::read::is_folder_label(label),
        ) {
            return crate::read::site_id(folder) == Some(site)
                && super::shown_name(machines, label) == super::shown_name(machines, machine);
        }
        return super::shown_name(machines, label) == super::shown_name(machines, value);
    }
    let machine = crate::read::folder_server(label).unwrap_or(label);
    super::shown_name(machines, machine) == super::shown_name(machines, value)
}

#[cfg(test)]
mod tests {
    use super::ServerNames;
    use crate::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
    use crate::time::ZoneSpec;

    fn iis(server: &str, folder: &str) -> SourceInfo {
        SourceInfo {
            id: SourceId(0),
            path: format!("{folder}/u_ex250218.log").into(),
            kind: SourceKind::Iis,
            encoding: TextEncoding::Utf8,
            server: server.to_string(),
            zone: ZoneSpec::Fixed(0),
            zone_origin: ZoneOrigin::Utc,
            skew_ms: 0,
            stats: SourceStats {
                folder: folder.to_string(),
                ..SourceStats::default()
            },
            span: None,
        }
    }

    #[test]
    fn a_site_s_label_keeps_the_rows_of_that_site_s_logs_that_log_the_machine_s_name() {
        use super::server_filter_keeps as keeps;
        let machines = vec!["EX01".to_string()];
        // A line logging `EX01` (any spelling) in a W3SVC1 or W3SVC3 folder.
        assert!(keeps(
            &machines,
            "ex01.contoso.com",
            "EX01/W3SVC1",
            "EX01/W3SVC1"
        ));
        assert!(!keeps(&machines, "EX01", "EX01/W3SVC3", "EX01/W3SVC1"));
        assert!(keeps(&machines, "EX01", "EX01/W3SVC3", "EX01"));
        // Another machine's line in a folder of that site number, and a log of no site folder.
        assert!(!keeps(&machines, "EX02", "EX02/W3SVC1", "EX01/W3SVC1"));
        assert!(!keeps(&machines, "EX01", "", "EX01/W3SVC1"));
        // Folder labels keep their own rows, as before; HTTPERR names no site.
        assert!(keeps(
            &machines,
            "EX01/W3SVC1",
            "EX01/W3SVC1",
            "EX01/W3SVC1"
        ));
        assert!(!keeps(
            &machines,
            "EX01/W3SVC3",
            "EX01/W3SVC3",
            "EX01/W3SVC1"
        ));
        assert!(!keeps(&machines, "EX01", "EX01/W3SVC1", "EX01/HTTPERR"));
    }

    #[test]
    fn the_site_is_named_only_beside_another_site_of_its_machine() {
        let machines = vec!["EX01".to_string()];
        // One site per machine: the machines' names.
        let one = [iis("FBEX1/W3SVC1", "FBEX1/W3SVC1"), iis("FBEX2/W3SVC1", "")];
        let names = ServerNames::new(&one, &machines);
        assert_eq!(names.name("FBEX1/W3SVC1"), "FBEX1");
        assert_eq!(names.name("FBEX2/W3SVC1"), "FBEX2");
        assert_eq!(names.name("FBEX2/HTTPERR"), "FBEX2");
        assert_eq!(names.name("ex01.contoso.com"), "EX01");
        // Two sites of one machine: both named by their site, the other machine not.
        let two = [
            iis("FBEX1/W3SVC1", ""),
            iis("fbex1/W3SVC2", ""),
            iis("FBEX2/W3SVC2", ""),
        ];
        let names = ServerNames::new(&two, &machines);
        assert_eq!(names.name("FBEX1/W3SVC1"), "FBEX1/W3SVC1");
        assert_eq!(names.name("fbex1/W3SVC2"), "fbex1/W3SVC2");
        assert_eq!(names.name("FBEX2/W3SVC2"), "FBEX2");
        assert_eq!(names.name("FBEX1/HTTPERR"), "FBEX1");
        // A machine that logs its name, in two site folders, counts as two sites.
        let logged = [iis("EX01", "EX01/W3SVC1"), iis("EX01", "EX01/W3SVC2")];
        let names = ServerNames::new(&logged, &machines);
        assert_eq!(names.name("EX01/W3SVC2"), "EX01/W3SVC2");
    }
}
