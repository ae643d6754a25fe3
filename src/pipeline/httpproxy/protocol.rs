//! Which HttpProxy protocol folders the report needs: Exchange writes one folder per protocol
//! (`Logging\HttpProxy\Ews`, `Mapi`, `Owa`…), and a request to `/EWS/…` is only ever logged
//! under `Ews`. The report keeps only the rows named by the failed and abandoned handshake
//! legs, so a folder whose protocol none of those legs used holds nothing it would print.
//! When a leg's virtual directory or a folder's name is not one of the known protocols,
//! nothing is ruled out.

use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use std::collections::HashSet;
use std::path::Path;

/// `(virtual directory prefix of cs-uri-stem, lower case; protocol)`.
const BY_URI: [(&str, &str); 10] = [
    ("/ews/", "ews"),
    ("/mapi/", "mapi"),
    ("/owa/", "owa"),
    ("/ecp/", "ecp"),
    ("/microsoft-server-activesync/", "eas"),
    ("/autodiscover/", "autodiscover"),
    ("/rpc/", "rpchttp"),
    ("/oab/", "oab"),
    ("/powershell/", "powershell"),
    ("/api/", "rest"),
];

/// `(folder name, lower case; protocol)`.
const BY_FOLDER: [(&str, &str); 11] = [
    ("ews", "ews"),
    ("mapi", "mapi"),
    ("owa", "owa"),
    ("owacalendar", "owa"),
    ("ecp", "ecp"),
    ("eas", "eas"),
    ("autodiscover", "autodiscover"),
    ("rpchttp", "rpchttp"),
    ("oab", "oab"),
    ("powershell", "powershell"),
    ("rest", "rest"),
];

/// The protocol whose HttpProxy folder logs a request to `stem`; `None` when unknown.
pub(crate) fn of_uri(stem: &str) -> Option<&'static str> {
    // With a `/` added, `/owa` and `/owa/…` both match `/owa/`, and `/owax` does not.
    let stem = format!("{}/", stem.to_ascii_lowercase());
    BY_URI
        .iter()
        .find(|(prefix, _)| stem.starts_with(prefix))
        .map(|&(_, p)| p)
}

/// The protocol of an HttpProxy file, from the folder it sits in; `None` when unknown.
pub(crate) fn of_file(path: &Path) -> Option<&'static str> {
    let folder = path
        .parent()?
        .file_name()?
        .to_string_lossy()
        .to_ascii_lowercase();
    BY_FOLDER
        .iter()
        .find(|(name, _)| *name == folder)
        .map(|&(_, p)| p)
}

/// The protocols of the failed and abandoned handshakes; `None` (read every folder) when one
/// of them is on a virtual directory no known protocol serves.
pub(crate) fn needed(handshakes: &[Handshake]) -> Option<HashSet<&'static str>> {
    handshakes
        .iter()
        .filter(|h| h.outcome != HandshakeOutcome::Success)
        .map(|h| of_uri(&h.uri))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_directories_and_folders_name_the_same_protocols() {
        assert_eq!(of_uri("/EWS/mrsproxy.svc"), Some("ews"));
        assert_eq!(of_uri("/mapi/emsmdb/"), Some("mapi"));
        assert_eq!(
            of_uri("/Microsoft-Server-ActiveSync/default.eas"),
            Some("eas")
        );
        assert_eq!(of_uri("/owa/calendar/x"), Some("owa"));
        assert_eq!(of_uri("/owa"), Some("owa"));
        assert_eq!(of_uri("/PowerShell"), Some("powershell"));
        assert_eq!(of_uri("/owax/"), None);
        assert_eq!(of_uri("/custom/app"), None);
        let file = |p: &str| of_file(Path::new(p));
        assert_eq!(
            file("L/HttpProxy/Ews/HttpProxy_2024110513-1.LOG"),
            Some("ews")
        );
        assert_eq!(file("L/HttpProxy/OwaCalendar/HttpProxy_1.LOG"), Some("owa"));
        assert_eq!(file("L/HttpProxy/RpcHttp/HttpProxy_1.LOG"), Some("rpchttp"));
        assert_eq!(file("L/HttpProxy/NewThing/HttpProxy_1.LOG"), None);
        assert_eq!(file("HttpProxy_1.LOG"), None);
    }
}
