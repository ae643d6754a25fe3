//! Line grammars: the HCW text log, W3C extended logs (IIS and HTTPERR) and Exchange HttpProxy
//! CSV logs; Windows Security event logs (EVTX).

pub mod evtx;
pub mod hcw;
pub mod httpproxy;
pub mod w3c;
