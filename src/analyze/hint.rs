//! What a parser thread works out about each request before the sinks see it: the handshake
//! leg it could be, its cell in the grouper's open-handshake filter and whether it is an MRS
//! proxy request. The thread that feeds the sinks (in file order, alone) asks them whether
//! they [`want`](crate::record::RequestSink::wants) a request from its hint, so on healthy
//! traffic most lines are passed over without their record being built or their text touched.

use super::handshake::{SEC_E_NO_CREDENTIALS, filter_cell};
use super::mrs::is_mrsproxy_bytes;
use crate::record::W3cRecord;

/// The part a request could play in an NTLM/Negotiate handshake, by its status codes alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Leg {
    /// Not a handshake 401 and no user name: no part.
    #[default]
    None,
    /// `401 2 …`: the anonymous first leg.
    Anonymous,
    /// `401 1 2148074254`: the normal challenge leg.
    Challenge,
    /// `401 1 <other>`: a failed final leg.
    Failure,
    /// Any other status with a user name: may complete an open handshake.
    Authenticated,
}

impl Leg {
    /// The leg of a request with these codes and `cs-username` (`-` or empty: none, unless
    /// `unlogged`: the log has no `cs-username`, so any other status may complete a handshake).
    pub fn of(
        status: Option<u16>,
        substatus: Option<u16>,
        win32: Option<u32>,
        user: &[u8],
        unlogged: bool,
    ) -> Leg {
        let Some(status) = status else {
            return Leg::None;
        };
        if status == 401 {
            return match substatus {
                Some(2) => Leg::Anonymous,
                Some(1) if win32 == Some(SEC_E_NO_CREDENTIALS) => Leg::Challenge,
                Some(1) => Leg::Failure,
                _ => Leg::None,
            };
        }
        if (user.is_empty() || user == b"-") && !unlogged {
            return Leg::None;
        }
        Leg::Authenticated
    }

    /// `sc-substatus` as far as it tells a leg: the number, or, when the log ends inside it
    /// (`cut`, its digits so far), the one 401 substatus those digits begin: `1` or `2` (IIS
    /// logs no 401.1x or 401.2x; 401.3 to 401.5 and 401.501 to 401.503 are no handshake leg),
    /// so a `401 1` a crash cut off is still the handshake's leg. Only the leg's kind is read
    /// from the digits; the leg shows them cut off.
    pub fn substatus_of(substatus: Option<u16>, cut: Option<&[u8]>) -> Option<u16> {
        substatus.or(match cut {
            Some(b"1") => Some(1),
            Some(b"2") => Some(2),
            _ => None,
        })
    }

    /// [`Leg::substatus_of`] a record's `sc-substatus` (its cut digits from its raw values).
    fn substatus_of_record(rec: &W3cRecord<'_>) -> Option<u16> {
        Leg::substatus_of(
            rec.substatus,
            rec.raw.and_then(|r| r.substatus_cut()).map(str::as_bytes),
        )
    }

    /// Whether a request's `sc-win32-status` may be the challenge's `2148074254` for all its
    /// line says: not logged at all (the field left out, or `-`; a value that is no number is
    /// logged), or the log ends inside it after digits that begin that code (`2148`): a
    /// `401 1` may then be the challenge or a failed leg.
    pub fn code_unknown(rec: &W3cRecord<'_>) -> bool {
        if rec.win32.is_some() {
            return false;
        }
        match rec.raw {
            None => true,
            Some(r) => match r.win32_cut() {
                Some(digits) => SEC_E_NO_CREDENTIALS.to_string().starts_with(digits),
                None => r.win32.is_empty(),
            },
        }
    }

    /// The leg of a built record.
    pub fn of_record(rec: &W3cRecord<'_>) -> Leg {
        Leg::of(
            rec.status,
            Leg::substatus_of_record(rec),
            rec.win32,
            rec.username.as_bytes(),
            rec.user_unlogged,
        )
    }
}

/// A request summarised for the sinks' quick decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hint {
    pub leg: Leg,
    /// Cell of the grouping key in the open-handshake filter (0 when `leg` is `None`).
    pub cell: u64,
    /// A request to `/EWS/mrsproxy.svc`.
    pub mrs: bool,
}

/// The raw fields a [`Hint`] is made from, as logged (`-` allowed).
#[derive(Debug, Clone, Copy, Default)]
pub struct HintFields<'a> {
    pub status: Option<u16>,
    pub substatus: Option<u16>,
    pub win32: Option<u32>,
    pub username: &'a [u8],
    /// No `cs-username` in the line's `#Fields`.
    pub user_unlogged: bool,
    pub client_ip: &'a [u8],
    pub forwarded_for: &'a [u8],
    pub uri_stem: &'a [u8],
}

impl Hint {
    /// The hint of a request from its raw fields.
    pub fn new(f: &HintFields<'_>) -> Hint {
        let leg = Leg::of(f.status, f.substatus, f.win32, f.username, f.user_unlogged);
        let cell = match leg {
            Leg::None => 0,
            _ => filter_cell(f.forwarded_for, f.client_ip, f.uri_stem),
        };
        let mrs = is_mrsproxy_bytes(f.uri_stem);
        Hint { leg, cell, mrs }
    }

    /// The hint of a built record (the same as from its raw fields).
    #[cfg(test)]
    pub fn of(rec: &W3cRecord<'_>) -> Hint {
        Hint::new(&HintFields {
            status: rec.status,
            substatus: Leg::substatus_of_record(rec),
            win32: rec.win32,
            username: rec.username.as_bytes(),
            user_unlogged: rec.user_unlogged,
            client_ip: rec.client_ip.as_bytes(),
            forwarded_for: rec.forwarded_for.as_bytes(),
            uri_stem: rec.uri_stem.as_bytes(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec<'a>(status: u16, sub: u16, win32: u32, user: &'a str) -> W3cRecord<'a> {
        W3cRecord {
            status: Some(status),
            substatus: Some(sub),
            win32: Some(win32),
            username: user,
            client_ip: "10.0.5.20",
            uri_stem: "/EWS/mrsproxy.svc",
            ..W3cRecord::default()
        }
    }

    fn leg(r: &W3cRecord<'_>) -> Leg {
        Hint::of(r).leg
    }

    #[test]
    fn classifies_the_legs_of_a_handshake() {
        assert_eq!(leg(&rec(401, 2, 5, "")), Leg::Anonymous);
        assert_eq!(leg(&rec(401, 1, 2_148_074_254, "")), Leg::Challenge);
        assert_eq!(leg(&rec(401, 1, 2_148_074_310, "")), Leg::Failure);
        assert_eq!(leg(&rec(200, 0, 0, "CONTOSO\\mig")), Leg::Authenticated);
        assert_eq!(leg(&rec(200, 0, 0, "-")), Leg::None);
        assert_eq!(leg(&rec(401, 3, 5, "")), Leg::None);
        let mut no_status = rec(200, 0, 0, "CONTOSO\\mig");
        no_status.status = None;
        assert_eq!(leg(&no_status), Leg::None);
        // A log without cs-username: a 200 may be the authenticated leg, a 401.3 still is none.
        let unlogged = |mut r: W3cRecord<'static>| {
            r.user_unlogged = true;
            leg(&r)
        };
        assert_eq!(unlogged(rec(200, 0, 0, "")), Leg::Authenticated);
        assert_eq!(unlogged(rec(401, 2, 5, "")), Leg::Anonymous);
        assert_eq!(unlogged(rec(401, 3, 5, "")), Leg::None);
    }

    #[test]
    fn legs_of_one_key_share_a_cell_and_healthy_lines_have_none() {
        let a = Hint::of(&rec(401, 2, 5, ""));
        let b = Hint::of(&rec(200, 0, 0, "CONTOSO\\mig"));
        assert!(a.mrs && b.mrs);
        assert_eq!(a.cell, b.cell);
        assert_ne!(a.cell, 0);
        let mut other = rec(200, 0, 0, "");
        other.uri_stem = "/mapi/emsmdb/";
        let h = Hint::of(&other);
        assert_eq!((h.leg, h.cell, h.mrs), (Leg::None, 0, false));
        let mut proxied = rec(401, 2, 5, "");
        proxied.forwarded_for = "10.9.9.9";
        assert_ne!(Hint::of(&proxied).cell, a.cell);
    }
}
