//! Line grammars: the HCW text log and W3C extended logs (IIS and HTTPERR).

pub mod hcw;
pub mod w3c;
