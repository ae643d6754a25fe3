//! How the server's `WWW-Authenticate` offer reads in a `(401) Unauthorized` finding: Basic
//! only (Windows authentication does not reach EWS) or the header as quoted.

use super::super::common::esc;
use super::advice::Advice;

impl Advice {
    /// Whether every authentication header the server sent offered Basic only.
    pub(super) fn basic_only(&self) -> bool {
        !self.headers.is_empty()
            && self
                .headers
                .iter()
                .all(|h| h.trim_start().to_ascii_lowercase().starts_with("basic"))
    }

    /// ` (the server offered 'Basic realm="…"')`, or nothing when the log names no header.
    pub(super) fn offered_words(&self) -> String {
        if self.headers.is_empty() {
            return String::new();
        }
        format!(
            " (the server offered '{}')",
            self.headers
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join("', '")
        )
    }

    pub(super) fn offered(&self) -> String {
        let mut s = self.offered_words();
        if self.basic_only() {
            s.push_str(
                "; only Basic was offered, so a reverse proxy pre-authenticates or Windows \
                 authentication is off on EWS, and Exchange Online needs Negotiate or NTLM on \
                 /EWS/mrsproxy.svc",
            );
        }
        s
    }
}
