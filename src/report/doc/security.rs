//! The text and Markdown report's Security events: per exported `.evtx` file its counts, how
//! many events the time window left out, and the machine that wrote it (said to be another
//! machine when no loaded IIS log is that machine's: its failed logons were tried there, so
//! they explain none of the loaded handshakes); the NTLM V1 logons; then the failures, each
//! with the handshake it explains.

use super::Doc;
use crate::analyze::seclink::another_machine;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::SourceKind;
use crate::wording::count;

impl Doc {
    /// Windows Security events (only when `.evtx` files were loaded): counts, then failures.
    pub(super) fn security(&mut self, a: &Analysis) {
        let log = &a.security;
        if log.sources.is_empty() {
            return;
        }
        self.heading(2, "Security events");
        let (labels, servers) = iis_servers(a);
        for s in &log.sources {
            let counts: Vec<String> = [4624, 4625, 4776]
                .iter()
                .map(|id| format!("{id}: {}", s.counts.get(id).copied().unwrap_or(0)))
                .collect();
            // The machine its events name (a file without any names none: its label is a
            // placeholder).
            let named = log
                .events
                .iter()
                .any(|e| e.source == s.source && e.computer.is_some());
            let machine = a
                .sources
                .get(usize::from(s.source.0))
                .filter(|_| named)
                .map_or("", |i| i.server.as_str());
            let by = if machine.is_empty() {
                String::new()
            } else {
                let m = escape_control(machine);
                if another_machine(machine, &labels) {
                    let these = escape_control(&servers.join(", ")).into_owned();
                    format!(
                        "; written by {m}, not by {these} whose IIS log is loaded: its failed \
                         logons (4625) were tried on {m} and explain no handshake of {these}"
                    )
                } else {
                    format!("; written by {m}")
                }
            };
            let outside = if s.outside > 0 {
                format!(
                    "; {} outside the time window left out (not listed, not linked)",
                    count(usize::try_from(s.outside).unwrap_or(usize::MAX), "event")
                )
            } else {
                String::new()
            };
            let line = format!(
                "{}: {} records ({}), {} unreadable{outside}{by}",
                self.code(&escape_control(&s.path.display().to_string())),
                s.records,
                counts.join(", "),
                s.unparsed
            );
            self.bullet(0, &line);
        }
        let v1 = log.ntlm_v1_logons();
        if v1 > 0 {
            let anonymous = match log.ntlm_v1_anonymous() {
                0 => String::new(),
                n if n == v1 => " (all anonymous: no password sent)".to_string(),
                n => format!(" ({n} anonymous: no password sent)"),
            };
            self.bullet(
                0,
                &format!("{} used NTLM V1{anonymous}", count(v1, "successful logon")),
            );
        }
        const SHOWN: usize = 50;
        let failures: Vec<_> = log
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_failure())
            .collect();
        for (i, e) in failures.iter().take(SHOWN) {
            let res = crate::source::resolution(&a.sources, e.source);
            let mut line = format!("{} {}", crate::time::stamp_utc(e.time, res), e.describe());
            if let Some(h) = log.handshake_for(*i).and_then(|h| a.handshakes.get(h)) {
                line.push_str(&format!(
                    " - explains the failed handshake {} {} from {} at {}",
                    escape_control(&h.method),
                    escape_control(&h.uri),
                    escape_control(&h.client),
                    crate::time::sentence_utc(h.start)
                ));
            }
            self.bullet(0, &line);
        }
        if failures.len() > SHOWN {
            let more = format!("… and {} more", count(failures.len() - SHOWN, "failure"));
            self.bullet(0, &more);
        }
        self.out.push('\n');
    }
}

/// The labels of the IIS logs loaded, each once, and the names to show for them (the server of
/// a folder label: `EX01/W3SVC1` is shown EX01).
fn iis_servers(a: &Analysis) -> (Vec<&str>, Vec<String>) {
    let mut labels: Vec<&str> = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    for s in a.sources.iter().filter(|s| s.kind == SourceKind::Iis) {
        if !labels.contains(&s.server.as_str()) {
            labels.push(&s.server);
        }
        let label = crate::read::folder_server(&s.server).unwrap_or(&s.server);
        let name = crate::source::shown_name(&a.machines, label);
        if !shown.iter().any(|m| crate::source::same_machine(m, name)) {
            shown.push(name.to_string());
        }
    }
    (labels, shown)
}
