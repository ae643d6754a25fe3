//! A request row: `HH:MM:SS [server] c-ip METHOD /uri status.sub win32 [reason] [user]`, and
//! how it fits a pane narrower than the row. An admin reads a row for its time, server,
//! status, the service it called (`/EWS/mrsproxy.svc` or `/EWS/Exchange.asmx`: the path's
//! last part) and the account: a row too wide first names the account without its domain
//! (`…\femke.vos`), then cuts the path's head (`…/mrsproxy.svc`), so the edge cuts neither.

use super::{Frame, RowVm, clean, status_role};
use crate::index::Field;
use crate::tui::model::Model;
use crate::tui::model::row::RowRef;
use crate::tui::view::theme::Role;

/// The row of request `i` of request index `k`, fitted to the frame's columns
/// ([`Parts::fit`]).
pub fn row(model: &Model, k: u16, i: u32, frame: &Frame<'_>) -> RowVm {
    let mut vm = RowVm::default();
    let Some(idx) = model.data.analysis.requests.get(usize::from(k)) else {
        return vm;
    };
    let r = RowRef::Iis(k, i);
    let row = i as usize;
    let t = model.fmt_time(model.time_of(r));
    vm.push(t.get(..8).unwrap_or(&t).to_string(), Role::Time);
    if let Some(servers) = &frame.servers {
        vm.push(servers.cell(idx, row), Role::Dim);
    }
    let st = idx.status(row);
    let reason = idx.field(Field::Reason, row);
    let mut role = status_role(model, r, st);
    if crate::codes::httperr::httperr_is_failure(reason) {
        role = Role::Error;
    } else if idx.numbers(row).absent(crate::index::Numbers::STATUS) && role == Role::Plain {
        role = Role::Dim;
    }
    let text_role = if role == Role::Error {
        Role::Error
    } else {
        Role::Plain
    };
    // A log without c-ip (or a `-`): the column says so, as IIS writes a missing value.
    let client = match clean(idx.field(Field::Client, row)) {
        c if c.is_empty() => "-".to_string(),
        c => c,
    };
    let mut parts = Parts {
        head: vm.text().chars().count(),
        client: format!(" {client} {} ", clean(idx.field(Field::Method, row))),
        uri: clean(idx.field(Field::Uri, row)),
        status: match crate::tui::decode::row_cut(&model.data.analysis.sources, idx, row) {
            // The log ends inside the value: its digits so far.
            true => format!("{}...", idx.status_text(row)),
            false => idx.status_text(row),
        },
        reason: Some(clean(reason)).filter(|r| !r.is_empty()),
        user: Some(clean(idx.field(Field::User, row))).filter(|u| !u.is_empty()),
    };
    if let Some(cols) = frame.cols {
        parts.fit(cols);
    }
    vm.push(format!("{}{} ", parts.client, parts.uri), text_role);
    vm.push(parts.status, role);
    if let Some(reason) = parts.reason {
        vm.push(format!(" {reason}"), role);
    }
    if let Some(user) = parts.user {
        vm.push(format!(" {user}"), text_role);
    }
    vm
}

/// The parts of a request row after its time and server cell (`head` columns).
struct Parts {
    head: usize,
    client: String,
    uri: String,
    status: String,
    reason: Option<String>,
    user: Option<String>,
}

impl Parts {
    fn width(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, |s| 1 + s.chars().count());
        self.head
            + self.client.chars().count()
            + self.uri.chars().count()
            + 1
            + self.status.chars().count()
            + opt(&self.reason)
            + opt(&self.user)
    }

    /// Gives up what an admin can spare until the row fits `cols`: the account's domain,
    /// then the path's head when that is enough, never its last part. What still does not fit
    /// is cut at the edge.
    fn fit(&mut self, cols: usize) {
        if self.width() <= cols {
            return;
        }
        if let Some(user) = &self.user {
            self.user = Some(without_domain(user));
        }
        let over = self.width().saturating_sub(cols);
        let n = self.uri.chars().count();
        let shortest = tail_of_path(&self.uri, 0).chars().count();
        // The path's head goes only when that lets the row fit: an account too long for any
        // row (`HealthMailbox…`) is cut at the edge, the path kept whole.
        if over > 0 && n.saturating_sub(shortest) >= over {
            self.uri = tail_of_path(&self.uri, n - over);
        }
    }
}

/// `…\femke.vos` for `FABRIKAM\femke.vos`, `femke.vos@…` for `femke.vos@fabrikam.com`; an
/// account without a domain as it is.
fn without_domain(user: &str) -> String {
    if let Some((_, name)) = user.rsplit_once('\\') {
        format!("…\\{name}")
    } else if let Some((name, _)) = user.split_once('@') {
        format!("{name}@…")
    } else {
        user.to_string()
    }
}

/// `uri` in about `room` columns: whole when it fits, else `…` and its tail, never shorter
/// than its last part (`…/mrsproxy.svc`).
fn tail_of_path(uri: &str, room: usize) -> String {
    let n = uri.chars().count();
    if n <= room {
        return uri.to_string();
    }
    let last = uri
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .map_or(0, |s| s.chars().count() + 1)
        .min(n);
    let keep = room.saturating_sub(1).max(last);
    if keep >= n {
        return uri.to_string();
    }
    let mut out = String::from("…");
    out.extend(uri.chars().skip(n - keep));
    out
}

#[cfg(test)]
mod tests {
    use super::{tail_of_path, without_domain};

    #[test]
    fn a_path_keeps_its_last_part_and_an_account_its_name() {
        assert_eq!(tail_of_path("/EWS/mrsproxy.svc", 40), "/EWS/mrsproxy.svc");
        assert_eq!(tail_of_path("/EWS/mrsproxy.svc", 15), "…S/mrsproxy.svc");
        assert_eq!(tail_of_path("/EWS/mrsproxy.svc", 14), "…/mrsproxy.svc");
        assert_eq!(tail_of_path("/EWS/mrsproxy.svc", 3), "…/mrsproxy.svc");
        assert_eq!(tail_of_path("/mapi/emsmdb/", 8), "…emsmdb/");
        assert_eq!(tail_of_path("", 0), "");
        assert_eq!(without_domain("FABRIKAM\\femke.vos"), "…\\femke.vos");
        assert_eq!(without_domain("femke.vos@fabrikam.com"), "femke.vos@…");
        assert_eq!(without_domain("femke"), "femke");
    }
}
