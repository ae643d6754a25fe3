//! The HCW line shapes that name servers and endpoints (see `docs/log-formats.md` §1.6):
//! `ExchangeServer {Name='…' Fqdn='…' ServerRole='…'}` dumps, the `Exchange Servers` table, the
//! `Server: EX01 - Version …` detection line, `Client Access Server | …`, the EWS directory HCW
//! chose (`…\EWS (Default Web Site) Server=EX01 External=https://…`), `Action=ResetIIS`
//! (`Stopping IIS Admin Service on EX01.contoso.com...`), `RemoteServerForMigrationEndpoint`,
//! `TestedEndpoint='…'`, the `Server=` context key, `-Server`/`-…TransportServers` arguments and
//! the test call's
//! `-RemoteServer` and `-Credentials (Get-Credential -UserName …)`.

use super::{OrgNames, is_host};
use crate::analyze::cmdlet::CmdletCall;
use crate::record::HcwEntry;

/// Ranks of the sources of the published host: the test call's own argument is best.
const RANK_CALL: u8 = 1;
const RANK_ENDPOINT: u8 = 2;
const RANK_DIRECTORY: u8 = 3;

/// Command-line parameters whose values are Exchange server names.
const SERVER_PARAMS: &[&str] = &[
    "-Server",
    "-SendingTransportServers",
    "-ReceivingTransportServers",
    "-SourceTransportServers",
    "-ClientAccessServers",
];

/// The `Machine Name` of each HCW file's Process Info table.
pub(super) fn header_machines(n: &mut OrgNames, hcw: &[HcwEntry]) {
    for file in hcw.chunk_by(|a, b| a.source == b.source) {
        let machine = crate::parse::hcw::read_header(file).machine;
        if n.wizard_machine.is_none()
            && let Some(m) = machine.filter(|m| is_host(m))
        {
            n.wizard_machine = Some(m);
        }
    }
}

pub(super) fn entry(n: &mut OrgNames, e: &HcwEntry) {
    let text = e.full_text();
    if e.ctx("Action") == Some("ResetIIS")
        && let Some((_, host)) = e.message.rsplit_once(" on ")
    {
        n.add_server(host.trim().trim_end_matches('.'), None, false, true);
    }
    if let Some(server) = e.ctx("Server") {
        n.add_server(server, None, false, false);
    }
    exchange_server_table(n, &text);
    for line in text.lines() {
        let line = line.trim();
        for dump in objects(line, "ExchangeServer {") {
            server_dump(n, dump);
        }
        // The summary of the EWS directory HCW chose (`… Server=EX01 External=https://… Internal=…`),
        // not object dumps, which list every server's directory with `ExternalUrl=`.
        if line.contains("\\EWS (")
            && let Some(server) = word_after(line, " Server=")
            && let Some(url) = word_after(line, " External=")
        {
            n.add_server(server, None, false, true);
            n.offer_host(url_host(url), RANK_DIRECTORY);
        }
        if let Some(rest) = line.strip_prefix("Server: ")
            && let Some((server, _)) = rest.split_once(" - ")
        {
            n.add_server(server.trim(), None, false, false);
        }
        if let Some((key, value)) = line.split_once('|') {
            match key.trim() {
                "Client Access Server" => n.add_server(value.trim(), None, false, false),
                "RemoteServerForMigrationEndpoint" => n.offer_host(value.trim(), RANK_ENDPOINT),
                _ => {}
            }
        }
        if let Some(host) = quoted(line, "TestedEndpoint") {
            n.offer_host(host, RANK_ENDPOINT);
        }
        for host in agent_hosts(line) {
            n.offer_host(host, RANK_CALL);
        }
    }
}

pub(super) fn call(n: &mut OrgNames, c: &CmdletCall) {
    let migration = c
        .name
        .eq_ignore_ascii_case("Test-MigrationServerAvailability")
        || c.name.eq_ignore_ascii_case("New-MigrationEndpoint");
    if migration {
        if let Some(r) = &c.remote_server {
            n.offer_host(r, RANK_CALL);
        }
        if let Some(user) = credential_user(&c.command) {
            n.account = Some(user);
        }
    }
    for p in SERVER_PARAMS {
        for server in param_values(&c.command, p) {
            n.add_server(server, None, false, false);
        }
    }
}

/// The account in `-Credentials (Get-Credential -UserName DOM\user)`, escaped.
pub fn credential_user(command: &str) -> Option<String> {
    let at = command.find("-UserName ")? + "-UserName ".len();
    let rest = command[at..].trim_start_matches(['\'', '"']);
    let end = rest
        .find(|c: char| c == ')' || c == '\'' || c == '"' || c.is_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| crate::escape::escape_control(&rest[..end]).into_owned())
}

fn server_dump(n: &mut OrgNames, dump: &str) {
    let Some(name) = quoted(dump, "Name").or_else(|| quoted(dump, "Identity")) else {
        return;
    };
    let role = quoted(dump, "ServerRole").unwrap_or("");
    let edge = role.contains("Edge") || dump.contains(" IsEdgeServer=1");
    n.add_server(name, quoted(dump, "Fqdn"), edge, false);
}

/// The rows of a table titled `Exchange Servers` (columns `Fqdn`, `Identity`, `ServerRole`).
fn exchange_server_table(n: &mut OrgNames, text: &str) {
    let mut lines = text.lines().map(str::trim);
    if !lines.any(|l| l == "Exchange Servers") {
        return;
    }
    let Some(header) = lines.find(|l| l.contains('|')).map(cells) else {
        return;
    };
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let Some(id) = col("Identity").or_else(|| col("Name")) else {
        return;
    };
    let (fqdn, role) = (col("Fqdn"), col("ServerRole"));
    for row in lines.filter(|l| l.contains('|')).map(cells) {
        if row.len() != header.len() {
            continue;
        }
        let edge = role.is_some_and(|r| row[r].contains("Edge"));
        n.add_server(row[id], fqdn.map(|f| row[f]), edge, false);
    }
}

fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

/// Each `Type {…}` object on a line.
fn objects<'a>(line: &'a str, open: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    line.match_indices(open).map(move |(i, _)| {
        let body = &line[i + open.len()..];
        body.find('}').map_or(body, |end| &body[..end])
    })
}

/// The value of ` Key='value'` (or `{Key='value'`), not of a longer key ending in `Key`.
fn quoted<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("{key}='");
    text.match_indices(&pat).find_map(|(i, _)| {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let rest = &text[i + pat.len()..];
        rest.find('\'').map(|end| &rest[..end])
    })
}

/// The whitespace-delimited word after a marker.
fn word_after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &line[line.find(marker)? + marker.len()..];
    rest.split_whitespace().next()
}

/// The host of `https://host:443/path`.
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', ':', '\'', '"']).unwrap_or(rest.len());
    &rest[..end]
}

/// Every `*.msappproxy.net` host on a line.
fn agent_hosts(line: &str) -> Vec<&str> {
    const SUFFIX: &str = "msappproxy.net";
    let lower = line.to_ascii_lowercase();
    lower
        .match_indices(SUFFIX)
        .filter_map(|(i, _)| {
            let start = line[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
                .map_or(0, |(p, c)| p + c.len_utf8());
            (start < i).then(|| &line[start..i + SUFFIX.len()])
        })
        .collect()
}

/// The quoted values of a parameter (`-Server 'EX01'`, `-SendingTransportServers 'A','B'`).
fn param_values<'a>(command: &'a str, param: &str) -> Vec<&'a str> {
    let lower = command.to_ascii_lowercase();
    let p = param.to_ascii_lowercase();
    let Some(at) = lower
        .match_indices(&p)
        .map(|(i, _)| i + p.len())
        .find(|&end| command[end..].starts_with(' '))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = command[at..].trim_start();
    while let Some(body) = rest.strip_prefix('\'') {
        let Some(end) = body.find('\'') else { break };
        out.push(&body[..end]);
        rest = &body[end + 1..];
        match rest.strip_prefix(',') {
            Some(r) => rest = r.trim_start(),
            None => break,
        }
    }
    out
}
