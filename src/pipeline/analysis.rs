//! What a load hands back: every source's entries, requests, handshakes, calls and findings in
//! one [`Analysis`], which the report prints, the explorer shows and live follow updates.

use super::{Regroup, SecurityLog, window};
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use crate::index::RequestIndex;
use crate::record::HcwEntry;
use crate::source::{Skipped, SourceInfo};

/// Counts of handshakes by uri, outcome and failure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HandshakeCount {
    /// `cs-uri-stem`.
    pub uri: String,
    /// Outcome name.
    pub outcome: crate::analyze::handshake::HandshakeOutcome,
    /// `SEC_E_BAD_BINDINGS` etc., when failed.
    pub failure_name: Option<String>,
    /// Where abandoned handshakes stopped (`anonymous` or `challenge`), null otherwise.
    pub abandoned_at: Option<crate::analyze::handshake::AbandonedAt>,
    /// Abandoned ones whose log ends within their window after their last leg
    /// ([`Handshake::log_end`]): unanswered, not given up by their client, as the handshake
    /// list says ([`Analysis::handshake_counts`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub log_end: bool,
    /// How many.
    pub count: u64,
}

impl Analysis {
    /// [`Analysis::handshake_summary`] as the handshake list words its handshakes: the
    /// abandoned ones its log ends in ([`Handshake::log_end`]) counted apart, with
    /// [`HandshakeCount::log_end`] set, right after the row they leave.
    pub fn handshake_counts(&self) -> Vec<HandshakeCount> {
        use crate::analyze::handshake::HandshakeOutcome;
        let mut ended: Vec<HandshakeCount> = Vec::new();
        let abandoned = self
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Abandoned);
        for h in abandoned.filter(|h| h.log_end(&self.sources).is_some()) {
            match ended
                .iter_mut()
                .find(|c| c.uri == *h.uri && c.abandoned_at == h.abandoned_at)
            {
                Some(c) => c.count += 1,
                None => ended.push(HandshakeCount {
                    uri: h.uri.to_string(),
                    outcome: HandshakeOutcome::Abandoned,
                    failure_name: None,
                    abandoned_at: h.abandoned_at,
                    log_end: true,
                    count: 1,
                }),
            }
        }
        let mut out = Vec::with_capacity(self.handshake_summary.len() + ended.len());
        for c in &self.handshake_summary {
            let apart = ended.iter().position(|e| {
                !c.log_end
                    && c.outcome == HandshakeOutcome::Abandoned
                    && e.uri == c.uri
                    && e.abandoned_at == c.abandoned_at
            });
            let Some(at) = apart else {
                out.push(c.clone());
                continue;
            };
            let e = ended.swap_remove(at);
            let left = c.count.saturating_sub(e.count);
            if left > 0 {
                out.push(HandshakeCount {
                    count: left,
                    ..c.clone()
                });
            }
            out.push(e);
        }
        out
    }
}

/// Everything known after loading.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Loaded sources, in load order (ids are indices).
    pub sources: Vec<SourceInfo>,
    /// Paths not loaded, with the reason.
    pub skipped: Vec<Skipped>,
    /// All HCW entries of all HCW sources, sorted by UTC instant.
    pub hcw: Vec<HcwEntry>,
    /// One request index per W3C source (empty unless [`LoadOptions::index`]). Shared, so the
    /// explorer can build the next data of a live follow on a worker without copying the
    /// indexes that did not change (one that grew is copied on write).
    pub requests: Vec<std::sync::Arc<RequestIndex>>,
    /// Cmdlet calls, by start.
    pub cmdlets: Vec<CmdletCall>,
    /// Handshakes: failed and abandoned always; successful ones too with [`LoadOptions::index`].
    pub handshakes: Vec<Handshake>,
    /// Handshake counts.
    pub handshake_summary: Vec<HandshakeCount>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// A suggested clock correction for HCW vs IIS, when the evidence supports one.
    pub skew: Option<crate::analyze::skew::SkewSuggestion>,
    /// Every `/EWS/mrsproxy.svc` request seen in the W3C sources.
    pub mrs: Vec<crate::analyze::mrs::MrsRequest>,
    /// Links of cmdlet calls to the IIS requests and handshakes in their window.
    pub links: Vec<crate::analyze::correlate::CallLink>,
    /// MRS requests not kept because the cap was reached.
    pub mrs_dropped: u64,
    /// Abandoned handshakes counted but not kept ([`LoadOptions::listed`]); 0 unless it was
    /// set.
    pub handshakes_unkept: u64,
    /// Per client: NTLM challenges left unanswered and handshakes completed, over every
    /// handshake (kept or only counted).
    pub clients: crate::analyze::handshake::ClientTallies,
    /// Windows Security events (4624/4625/4776) from `.evtx` files, and what each file held.
    pub security: SecurityLog,
    /// How to read a W3C line back, by source id (`LineText::None` for HCW sources).
    pub texts: Vec<crate::read::text::LineText>,
    /// Options that meant nothing for these logs (a `--tz` / `--skew` matching no source).
    pub warnings: Vec<String>,
    /// Rows of the Exchange HttpProxy sources, by instant: every row with [`LoadOptions::index`],
    /// else only those a kept handshake leg names.
    /// Shared: live follow copies the analysis on screen (HttpProxy files are not followed).
    pub proxy: std::sync::Arc<Vec<crate::parse::httpproxy::ProxyRequest>>,
    /// Legs of failed and abandoned handshakes joined to their [`Analysis::proxy`] row.
    pub proxy_links: crate::analyze::proxyjoin::ProxyLinks,
    /// What `--auto` found and skipped, one line ([`crate::discover::Selection::summary`]).
    pub found: Option<String>,
    /// The active time window and what it left out (None: everything was read).
    pub window: Option<window::WindowReport>,
    /// What live follow needs to group the handshakes again as lines arrive (empty unless
    /// loaded by [`Follow::load`]).
    pub regroup: Regroup,
    /// Followed logs whose last line is still being written (no newline yet, so not read):
    /// its bytes so far, by source ([`Follow::load`] and every poll).
    pub pending: Vec<(crate::source::SourceId, u64)>,
    /// The machines the loaded logs name, one name each ([`crate::source::machine_names`]),
    /// settled with the sources' names at every diagnosis.
    pub machines: Vec<String>,
}

impl Analysis {
    /// The name a server label is filtered and exported by: the one the load gives its machine
    /// (`EX01` for a row that logged `ex01.contoso.com` beside HCW's `EX01`), else the label as
    /// logged (a folder label whole, `EX01/W3SVC1`). Screens and reports name servers by
    /// [`Analysis::server_named`].
    pub fn server_shown<'a>(&'a self, label: &'a str) -> &'a str {
        crate::source::shown_name(&self.machines, label)
    }

    /// The names the load gives its servers on screens and in reports
    /// ([`crate::source::ServerNames`]: the site only beside another site of its machine).
    /// Build once, ask per row.
    pub fn server_names(&self) -> crate::source::ServerNames<'_> {
        crate::source::ServerNames::new(&self.sources, &self.machines)
    }

    /// The name a server label is shown by to an admin ([`Analysis::server_names`]): `FBEX1`
    /// for `FBEX1/W3SVC1`, unless another site of FBEX1 is loaded.
    pub fn server_named<'a>(&'a self, label: &'a str) -> &'a str {
        self.server_names().name(label)
    }

    /// A handshake's grouping in words, a split's servers named as [`Analysis::server_named`]
    /// names them ([`crate::analyze::handshake::Handshake::grouping_words`]).
    pub fn grouping_words(&self, h: &Handshake) -> String {
        let names = self.server_names();
        h.grouping_words_naming(|s| names.name(s))
    }

    /// Bytes of a last line of `source` still waiting for its newline (0: none).
    pub fn pending_of(&self, source: crate::source::SourceId) -> u64 {
        self.pending
            .iter()
            .find(|&&(id, _)| id == source)
            .map_or(0, |&(_, n)| n)
    }

    /// Notes that `source`'s last line now holds `bytes` without a newline (0: none).
    pub(crate) fn set_pending(&mut self, source: crate::source::SourceId, bytes: u64) {
        self.pending.retain(|&(id, _)| id != source);
        if bytes > 0 {
            self.pending.push((source, bytes));
        }
    }

    /// The HttpProxy row joined to an IIS line, if any.
    pub fn proxy_of(
        &self,
        source: crate::source::SourceId,
        line: u64,
    ) -> Option<&crate::parse::httpproxy::ProxyRequest> {
        self.proxy.get(self.proxy_links.get(source, line)?)
    }

    /// Reads a W3C line back by byte offset (not escaped).
    pub fn line_text(&self, source: crate::source::SourceId, offset: u64) -> Option<String> {
        let t = self.texts.get(usize::from(source.0))?;
        let s = t.line_at(offset);
        (!s.is_empty()).then_some(s)
    }
}
