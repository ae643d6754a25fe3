//! Server names for sentences: a log label as the server the organisation's names say it is,
//! else the log folder's server (without its IIS site or HTTPERR folder) or its address, said
//! as such; and the virtual directory of a uri stem.

use super::{distinct, esc, list, unique};
use crate::analyze::correlate::starts_with_ci;
use crate::analyze::names::OrgNames;

/// The server label without the IIS site or HTTPERR folder (`EX01/W3SVC1`, `EX01/HTTPERR`,
/// `EX01\\HTTPERR` → `EX01`: [`crate::read::folder_server`], the one home), escaped.
pub fn server_name(label: &str) -> String {
    esc(crate::read::folder_server(label).unwrap_or(label))
}

/// The virtual directory of a uri stem as Exchange names it (`/EWS/mrsproxy.svc` → `/EWS`,
/// `/microsoft-server-activesync` → `/Microsoft-Server-ActiveSync`); one that is not
/// Exchange's, lower case (so that case variants are one).
pub fn vdir(uri: &str) -> String {
    let rest = uri.strip_prefix('/').unwrap_or(uri);
    let seg = rest.split('/').next().unwrap_or("");
    let known = EXCHANGE_VDIRS
        .iter()
        .find(|v| v.eq_ignore_ascii_case(seg))
        .map(|v| v.to_string());
    format!("/{}", known.unwrap_or_else(|| seg.to_ascii_lowercase()))
}

/// Exchange's virtual directories, spelled as `Get-*VirtualDirectory` names them.
const EXCHANGE_VDIRS: [&str; 10] = [
    "EWS",
    "mapi",
    "owa",
    "ecp",
    "OAB",
    "Autodiscover",
    "Microsoft-Server-ActiveSync",
    "rpc",
    "PowerShell",
    "API",
];

/// Whether a uri stem is under EWS.
pub fn is_ews(uri: &str) -> bool {
    starts_with_ci(uri, "/ews/")
}

/// A server label for a sentence: the server's name when a log names it, else the label
/// (a folder, for display only).
pub fn display_server(names: &OrgNames, label: &str) -> String {
    names
        .server_for_label(label)
        .unwrap_or_else(|| server_name(label))
}

/// A server label for a sentence as [`iis_on`] names it, without `IIS on`: [`display_server`],
/// with the site (`EX01/W3SVC3`) when its machine has more than one site loaded.
pub fn display_site(names: &OrgNames, label: &str) -> String {
    with_site(names, display_server(names, label), label)
}

/// `EX01` of label `EX01/W3SVC3` as `EX01/W3SVC3` when EX01 has several sites loaded
/// ([`OrgNames::sited`]), else `name`.
fn with_site(names: &OrgNames, name: String, label: &str) -> String {
    match crate::read::site_id(label) {
        Some(id)
            if names
                .sited
                .iter()
                .any(|m| crate::source::same_machine(m, &name)) =>
        {
            format!("{name}/W3SVC{id}")
        }
        _ => name,
    }
}

/// Server names the logs give for these labels (never a folder name), sorted, distinct.
pub fn named_servers<'a>(
    names: &OrgNames,
    labels: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    distinct(
        unique(labels)
            .into_iter()
            .filter_map(|l| names.server_for_label(l)),
    )
}

/// `IIS on EX01 and EX02`; servers known only by the folder their log was found in are marked
/// so (`IIS on EX01 (named after the log folder)`), and those known only by the address their
/// log wrote (`s-ip`) as such (`IIS on 10.0.0.5 (its address: the log names no server)`).
///
/// A machine with more than one site's logs loaded ([`OrgNames::sited`]) is named by the site
/// of each label (`IIS on EX01/W3SVC1 and EX01/W3SVC3`), as the rows name it
/// ([`crate::source::ServerNames`]); a logged name gets its site from
/// [`super::handshake_label`].
pub fn iis_on<'a>(names: &OrgNames, labels: impl IntoIterator<Item = &'a str>) -> String {
    let labels = unique(labels);
    let with_site = |name: String, label: &str| with_site(names, name, label);
    let named = distinct(
        labels
            .iter()
            .filter_map(|l| names.server_for_label(l).map(|n| with_site(n, l))),
    );
    let unnamed: Vec<&str> = labels
        .iter()
        .copied()
        .filter(|l| names.server_for_label(l).is_none())
        .collect();
    let (addresses, folders): (Vec<&str>, Vec<&str>) = unnamed
        .iter()
        .partition(|l| l.parse::<std::net::IpAddr>().is_ok());
    let addresses = distinct(addresses.iter().map(|l| esc(l)));
    // A server one log names and another's folder names (`EX01` beside `EX01/HTTPERR`), or two
    // folders name in different case (`EX01/W3SVC1`, `ex01/HTTPERR`), is named once.
    let mut folders = distinct(folders.iter().map(|l| with_site(server_name(l), l)));
    let mut seen: Vec<String> = named.iter().map(|n| n.to_ascii_lowercase()).collect();
    folders.retain(|f| {
        let key = f.to_ascii_lowercase();
        let first = !seen.contains(&key);
        seen.push(key);
        first
    });
    let mut parts = Vec::new();
    if !named.is_empty() {
        parts.push(list(&named));
    }
    match folders.len() {
        0 => {}
        1 => parts.push(format!("{} (named after the log folder)", folders[0])),
        _ => parts.push(format!("{} (named after the log folders)", list(&folders))),
    }
    match addresses.len() {
        0 => {}
        1 => parts.push(format!(
            "{} (its address: the log names no server)",
            addresses[0]
        )),
        _ => parts.push(format!(
            "{} (their addresses: the logs name no server)",
            list(&addresses)
        )),
    }
    if parts.is_empty() {
        return "IIS".to_string();
    }
    format!("IIS on {}", parts.join(" and on "))
}

#[cfg(test)]
mod tests {
    use super::vdir;

    #[test]
    fn virtual_directories_are_named_as_exchange_names_them() {
        assert_eq!(vdir("/EWS/mrsproxy.svc"), "/EWS");
        assert_eq!(vdir("/ews/Exchange.asmx"), "/EWS");
        assert_eq!(
            vdir("/Microsoft-Server-ActiveSync/default.eas"),
            "/Microsoft-Server-ActiveSync"
        );
        assert_eq!(vdir("/autodiscover/autodiscover.xml"), "/Autodiscover");
        assert_eq!(vdir("/mapi/emsmdb/"), "/mapi");
        assert_eq!(vdir("/CustomApp/x"), "/customapp");
    }
}
