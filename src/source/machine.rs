//! Server identity: when two names a load reads name one machine. Windows names are
//! case-insensitive (`EX01`, `ex01`), and a machine is named by its NetBIOS or host name
//! (`EX01`: HCW's Process Info, the folder a log was copied into, IIS's `s-computername`) or by
//! its FQDN (`ex01.contoso.com`: an `s-computername` on some servers, the names HCW lists):
//! an FQDN and a short name are one machine when the FQDN's first label is the short name.
//! Two FQDNs are one machine only when equal (`ex01.contoso.com` and `ex01.fabrikam.com` are
//! two). A folder label (`EX01/W3SVC1`) stands for the server folder above its site folder.

/// The machine a server label names, for comparing: the server folder of a folder label
/// (`EX01/W3SVC1` → `EX01`), else the label; `None` for an address (`10.0.0.5`) or nothing.
fn machine_of(label: &str) -> Option<&str> {
    let name = crate::read::folder_server(label).unwrap_or(label).trim();
    let address = name.parse::<std::net::IpAddr>().is_ok();
    (!name.is_empty() && name != "-" && !address && !crate::read::is_folder_label(name))
        .then_some(name)
}

/// Whether two server labels (logged names, folder labels) name the same machine:
/// equal ignoring ASCII case, or an FQDN whose first label is the other, short, name.
pub fn same_machine(a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (machine_of(a), machine_of(b)) else {
        return a.eq_ignore_ascii_case(b);
    };
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    match (a.split_once('.'), b.split_once('.')) {
        (Some((head, _)), None) => head.eq_ignore_ascii_case(b),
        (None, Some((head, _))) => head.eq_ignore_ascii_case(a),
        _ => false,
    }
}

/// A key equal for labels of one machine as far as the label alone tells (lower case, an FQDN
/// by its first label): to group a load's servers before [`same_machine`] settles two FQDNs.
pub fn machine_key(label: &str) -> String {
    let name = machine_of(label).unwrap_or(label);
    let short = if name.parse::<std::net::IpAddr>().is_ok() {
        name
    } else {
        name.split('.').next().unwrap_or(name)
    };
    short.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_is_one_whatever_the_case_and_whether_short_or_fqdn() {
        assert!(same_machine("EX01", "ex01"));
        assert!(same_machine("EX01", "ex01.contoso.com"));
        assert!(same_machine("EX01.contoso.com", "ex01"));
        assert!(same_machine("EX01.CONTOSO.COM", "ex01.contoso.com"));
        assert!(same_machine("EX01/W3SVC1", "ex01.contoso.com"));
        assert!(same_machine("ex01/HTTPERR", "EX01"));
        assert!(!same_machine("ex01.contoso.com", "ex01.fabrikam.com"));
        assert!(!same_machine("EX01", "EX02"));
        assert!(!same_machine("EX01", "EX01-DR"));
        assert!(!same_machine("10.0.0.5", "10.0.0"));
        assert!(same_machine("10.0.0.5", "10.0.0.5"));
        assert_eq!(machine_key("EX01.contoso.com"), "ex01");
        assert_eq!(machine_key("ex01/W3SVC1"), "ex01");
        assert_eq!(machine_key("10.0.0.5"), "10.0.0.5");
    }
}
