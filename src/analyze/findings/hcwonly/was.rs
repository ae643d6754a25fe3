//! The title and meaning of an HCW-only class said of a failure a later run got past: what the wizard's
//! call met, in the past tense (`The name mail.contoso.com did not resolve in DNS`), so a
//! finding marked fixed does not state the failure as present ([`crate::analyze::finding::Finding::title_fixed`]).
//! Titles that already say only what happened (`… answered (401) Unauthorized`, `… timed out`)
//! are the same either way.

use super::advice::Advice;
use crate::analyze::cmdlet::CauseKind;

impl Advice {
    /// The meaning in the past tense for a finding marked fixed: `None` when
    /// [`Advice::meaning`] already says only what happened.
    pub(super) fn meaning_was(&self) -> Option<String> {
        let was = self.meaning_said(true);
        (was != self.meaning()).then_some(was)
    }

    /// The title in the past tense: `None` when [`Advice::title`] already says only what
    /// happened.
    pub(super) fn title_was(&self) -> Option<String> {
        let h = &self.hosts;
        Some(match self.kind {
            CauseKind::NameNotResolved if self.online => {
                format!("The published name {h} did not resolve in public DNS")
            }
            CauseKind::NameNotResolved => format!("The name {h} did not resolve in DNS"),
            CauseKind::NoEndpoint if self.iis_sub().is_none() && self.forbidden() => format!(
                "{h} refused /EWS/mrsproxy.svc with (403) Forbidden: the MRS proxy endpoint was \
                 probably disabled"
            ),
            CauseKind::MethodNotAllowed | CauseKind::RequestTooLarge => self.refusal_title(true),
            CauseKind::Unauthorized if self.basic_only() => format!(
                "{h} answered (401) Unauthorized offering only Basic: Windows authentication \
                 did not reach EWS"
            ),
            CauseKind::TlsTrust if self.handshake_only => return None,
            CauseKind::TlsTrust => self
                .tls_title(true)
                .unwrap_or_else(|| format!("The TLS certificate of {h} was not trusted")),
            _ => return None,
        })
    }
}
