//! `hcw-tls` when the failure's text names what was wrong with the certificate
//! ([`TlsFault`]: a name mismatch, an untrusted or incomplete chain, an expired, revoked or
//! missing certificate): the title, meaning and remedy say that fault, with the host that was
//! called, instead of the list of possible ones kept for a failure that names none.

use super::advice::Advice;
use crate::analyze::cmdlet::TlsFault;

impl Advice {
    /// What the certificate of the host is or does, a clause a fault (`does not name
    /// mail.contoso.com`), `past` for a failure a later run got past.
    fn tls_predicates(&self, past: bool) -> Vec<String> {
        let h = &self.hosts;
        let t = |now: &'static str, was: &'static str| if past { was } else { now };
        self.tls
            .iter()
            .map(|f| match f {
                TlsFault::NameMismatch => format!("{} not name {h}", t("does", "did")),
                TlsFault::UntrustedRoot => format!("{} from an untrusted root", t("is", "was")),
                TlsFault::PartialChain => {
                    format!("{} sent without its intermediate chain", t("is", "was"))
                }
                TlsFault::Expired => format!("{} expired or not yet valid", t("is", "was")),
                TlsFault::Revoked => format!("{} revoked", t("is", "was")),
                TlsFault::RevocationUnknown => {
                    format!("{} be checked for revocation", t("cannot", "could not"))
                }
                TlsFault::ChainErrors => format!(
                    "{} a chain that {} not validate",
                    t("has", "had"),
                    t("does", "did")
                ),
                TlsFault::NotAvailable => format!("{} not presented", t("is", "was")),
            })
            .collect()
    }

    /// The title when the log names the fault.
    pub(super) fn tls_title(&self, past: bool) -> Option<String> {
        (!self.tls.is_empty()).then(|| {
            format!(
                "The TLS certificate of {} {}",
                self.hosts,
                self.tls_predicates(past).join(" and ")
            )
        })
    }

    /// The meaning when the log names the fault.
    pub(super) fn tls_meaning(&self, past: bool) -> Option<String> {
        if self.tls.is_empty() {
            return None;
        }
        let (who, h) = (self.caller().trim_end_matches(','), &self.hosts);
        // Inside a sentence: "the on-premises Exchange server", "Exchange Online" (through
        // the agent too: the clause names no path).
        let mid = if self.agent {
            "Exchange Online".to_string()
        } else {
            who.strip_prefix("The ")
                .map_or_else(|| who.to_string(), |rest| format!("the {rest}"))
        };
        let t = |now: &'static str, was: &'static str| if past { was } else { now };
        let what: Vec<String> = self
            .tls
            .iter()
            .map(|f| match f {
                TlsFault::NameMismatch => format!(
                    "the names of the certificate presented for {h} (its subject and subject \
                     alternative names) {} not include {h}, the host {mid} called",
                    t("do", "did")
                ),
                TlsFault::UntrustedRoot => format!(
                    "its chain {} in a root {mid} {} not trust (self-signed, or issued by an \
                     internal CA)",
                    t("ends", "ended"),
                    t("does", "did")
                ),
                TlsFault::PartialChain => format!(
                    "its chain could not be completed: an intermediate certificate {} not sent \
                     with it",
                    t("is", "was")
                ),
                TlsFault::Expired => format!(
                    "it, or a certificate in its chain, {} expired or not yet valid",
                    t("is", "was")
                ),
                TlsFault::Revoked => format!(
                    "it, or a certificate in its chain, {} revoked",
                    t("is", "was")
                ),
                TlsFault::RevocationUnknown => format!(
                    "its revocation could not be checked (the CRL or OCSP address it names {} \
                     not answer {mid})",
                    t("does", "did")
                ),
                TlsFault::ChainErrors => format!(
                    "its chain {} not validate (the log does not say why: an untrusted or \
                     internal root, a missing intermediate, an expired or revoked certificate)",
                    t("does", "did")
                ),
                TlsFault::NotAvailable => format!("no certificate {} presented", t("is", "was")),
            })
            .collect();
        Some(format!(
            "{who} could not set up a trusted TLS channel to {h}, and the log says why: {}. \
             The certificate {mid} {} is the one bound to IIS on {} or, when a device ends TLS \
             in front of them (a load balancer, reverse proxy or TLS inspection), that device's.",
            what.join("; and "),
            t("meets", "met"),
            self.servers_behind(),
        ))
    }

    /// The remedy when the log names the fault.
    pub(super) fn tls_remedy(&self) -> Option<String> {
        if self.tls.is_empty() {
            return None;
        }
        let (h, host) = (&self.hosts, &self.host);
        let mut steps: Vec<String> = Vec::new();
        for f in &self.tls {
            let step = match f {
                TlsFault::NameMismatch => format!(
                    "See which names the certificate presented for {host} carries: openssl \
                     s_client -connect {host}:443 -servername {host} </dev/null | openssl x509 \
                     -noout -subject -ext subjectAltName (on the Exchange servers: \
                     Get-ExchangeCertificate | Format-List Thumbprint,Subject,CertificateDomains,\
                     Services). Bind a certificate whose subject or SAN names {h} (request one \
                     from a public CA if none does) to IIS on the servers behind {h} \
                     (Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services IIS) or on \
                     the device that ends TLS in front of them, and check that {h} resolves \
                     from outside to the address that presents it."
                ),
                TlsFault::UntrustedRoot | TlsFault::PartialChain | TlsFault::ChainErrors => {
                    // One step for every chain fault.
                    if steps.iter().any(|s| s.contains("-showcerts")) {
                        continue;
                    }
                    format!(
                        "See the chain {host} sends: openssl s_client -connect {host}:443 \
                         -servername {host} -showcerts. The certificate must come from a public \
                         CA and be sent with its intermediates: import the intermediates on the \
                         servers or the device that ends TLS, or replace an internal or \
                         self-signed certificate with a public one."
                    )
                }
                TlsFault::Expired => "Renew the certificate (or the expired one in its chain), \
                     bind the new one (Enable-ExchangeCertificate -Thumbprint <thumbprint> \
                     -Services IIS, or on the device that ends TLS) and remove the old one."
                    .to_string(),
                TlsFault::Revoked => "Replace the revoked certificate with a new one from the \
                     CA and bind it as the old one was."
                    .to_string(),
                TlsFault::RevocationUnknown => "Check that the CRL Distribution Point and \
                     Authority Information Access addresses in the certificate and its \
                     intermediates answer from the internet."
                    .to_string(),
                TlsFault::NotAvailable => format!(
                    "Check that a certificate is bound to port 443 for {host}: on the servers, \
                     the https binding of the Default Web Site; on a device in front, its TLS \
                     profile for {host}."
                ),
            };
            steps.push(step);
        }
        Some(steps.join(" "))
    }
}
