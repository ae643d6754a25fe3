//! A 403 or 404 that IIS logged with a substatus (403.6 IP address rejected, 404.7 file
//! extension denied …) names its own cause: an IIS setting refused the request before the MRS
//! proxy ran, so the finding says which one instead of guessing "MRS proxy disabled".

use super::super::refusal::Refusal;
use super::advice::Advice;
use crate::codes::iis::iis_status;

impl Advice {
    /// The first (status, substatus) with a substatus that IIS logged for the refusal.
    pub(super) fn iis_sub(&self) -> Option<(u16, u16)> {
        self.iis.iter().copied().find(|&(_, sub)| sub != 0)
    }

    fn sub_words(&self) -> String {
        self.iis_sub()
            .map(|(st, sub)| match iis_status(st, sub) {
                Some(m) => format!("{st}.{sub} ({m})"),
                None => format!("{st}.{sub}"),
            })
            .unwrap_or_default()
    }

    pub(super) fn iis_sub_title(&self) -> String {
        format!(
            "{} refused /EWS/mrsproxy.svc: IIS logged {}",
            self.hosts,
            self.sub_words()
        )
    }

    pub(super) fn iis_sub_meaning(&self) -> String {
        let cause = match self.iis_sub() {
            Some((403, sub)) => Refusal::ForbiddenBy(sub).cause(),
            _ => "an IIS setting on the server refused the request before the MRS proxy ran",
        };
        format!(
            "{} reached {} and was refused; IIS logged the refusal as {}: {cause}, so the MRS \
             proxy setting is not what answered.",
            self.caller(),
            self.url,
            self.sub_words()
        )
    }

    pub(super) fn iis_sub_remedy(&self) -> String {
        let specific = match self.iis_sub() {
            Some((403, sub)) => format!(
                "On the servers behind {}: {}",
                self.host,
                Refusal::ForbiddenBy(sub).remedy(&self.servers)
            ),
            _ => format!(
                "On the servers behind {}, fix the IIS setting that {} names on Default Web \
                 Site and its EWS application (compare them with a working server).",
                self.host,
                self.sub_words()
            ),
        };
        let status = self.iis_sub().map_or(403, |(st, _)| st);
        format!(
            "{specific} Then open {} from outside: it must answer 401 (asking for \
             credentials), not {status}.",
            self.url
        )
    }
}
