//! Line grammars: the HCW text log and W3C extended logs (IIS and HTTPERR); Windows Security
//! event logs (EVTX).

pub mod evtx;
pub mod hcw;
pub mod w3c;
