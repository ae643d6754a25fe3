//! The `host` object of a request: `host.name` is the server by the one name the report gives
//! its machine (`EX01` for a line that logs `ex01.contoso.com` beside HCW's machine or a
//! folder named `EX01`, [`crate::source::machine_names_with`]), so a SIEM that groups by it
//! sees one server, as the report's sources list does; `host.hostname` keeps the name as the
//! log spells it when that is another spelling. A folder label (`EX01/W3SVC1`) or an address
//! stays `host.name` alone.

use super::text;
use std::sync::Arc;

/// The machines of an export, one name each (shared by every file's frame).
pub type Machines = Arc<[String]>;

/// The `,"host":{…}` member of a request whose server is `server` (its logged
/// `s-computername`, else its file's label).
pub(super) fn write(out: &mut Vec<u8>, machines: &[String], server: &[u8]) {
    out.extend_from_slice(b",\"host\":{\"name\":");
    let logged = std::str::from_utf8(server).unwrap_or("");
    let name = crate::source::shown_name(machines, logged);
    if name.is_empty() || name == logged {
        text(out, server);
    } else {
        text(out, name);
        out.extend_from_slice(b",\"hostname\":");
        text(out, server);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::write;

    fn host(machines: &[&str], server: &str) -> String {
        let machines: Vec<String> = machines.iter().map(|m| m.to_string()).collect();
        let mut out = Vec::new();
        write(&mut out, &machines, server.as_bytes());
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_spelling_other_than_the_machine_s_name_is_the_hostname() {
        assert_eq!(
            host(&["EX01"], "ex01.contoso.com"),
            r#","host":{"name":"EX01","hostname":"ex01.contoso.com"}"#
        );
        assert_eq!(
            host(&["EX01"], "ex01"),
            r#","host":{"name":"EX01","hostname":"ex01"}"#
        );
        assert_eq!(host(&["EX01"], "EX01"), r#","host":{"name":"EX01"}"#);
        assert_eq!(host(&["EX01"], "EX02"), r#","host":{"name":"EX02"}"#);
        assert_eq!(
            host(&["EX01"], "ex01/W3SVC1"),
            r#","host":{"name":"ex01/W3SVC1"}"#
        );
        assert_eq!(
            host(&["EX01"], "10.0.0.5"),
            r#","host":{"name":"10.0.0.5"}"#
        );
        assert_eq!(
            host(&["ex01.contoso.com"], "ex01.contoso.com"),
            r#","host":{"name":"ex01.contoso.com"}"#
        );
    }
}
