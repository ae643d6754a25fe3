//! The one integration-test binary: every test file in `tests/` is a module of it (one
//! build and one link instead of one per file, which kept CI within its disk), and the
//! shared helpers in `tests/support/` are compiled once, here at the root, where the test
//! modules reach them as `crate::scenario`, `crate::tmux` and so on. `tests/wine_smoke.rs`
//! stays its own binary: `scripts/wine-test.sh` runs it alone on Linux against the `.exe`.
//! A new test file is listed below; `layering` checks that none is left out.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/explorer.rs"]
mod explorer;
#[path = "support/files.rs"]
mod files;
#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/report_json.rs"]
mod report_json;
#[path = "support/scenario.rs"]
mod scenario;
#[path = "support/sources.rs"]
mod sources;
#[path = "support/stable.rs"]
mod stable;
#[path = "support/tmux.rs"]
mod tmux;

mod agent_words25;
mod ansi_stream;
mod audit19;
mod audit20_screens;
mod audit20_tickets;
mod audit20_window;
mod audit22_auto;
mod audit22_html;
mod audit22_seclink;
mod auto;
mod boot_names;
mod call_outcome;
mod catalogue_probe;
mod cli;
mod clipboard_e2e;
mod copy;
mod crash26;
mod cut25;
mod damaged_logs;
mod dedupe_repeats;
mod details_80x24;
mod diag21_ep;
mod diag21_right;
mod diag26;
mod dst25_switch;
mod during25;
mod e2e_overview;
mod e2e_status;
mod e2e_tmux;
mod e2e_trust;
mod e2e_uncapped;
mod empty_pane;
mod encodings;
mod ep25_since;
mod ep_fix_folders;
mod ep_lead;
mod ep_partial_lb;
mod evtx;
mod evtx_scenario;
mod export;
mod export22_cr;
mod export22_nlb;
mod export22_split;
mod export_handshakes;
mod export_jsonl;
mod export_jsonl_values;
mod export_names;
mod export_rotation;
mod filters;
mod follow;
mod follow_names;
mod follow_proxy;
mod goto;
mod grouping;
mod hcw21_shapes;
mod hcw22_runs;
mod hcw22_shapes;
mod hcw23_cut;
mod hcw23_runs;
mod hcw8001_chain;
mod hcw8078_lead;
mod hcw8078_refers;
mod hcw_corpus;
mod hcw_diagnosis;
mod hcw_dst;
mod hcw_locales;
mod hcw_rows;
mod hcw_stamps;
mod hostile;
mod html_browser;
mod html_report;
mod html_span;
mod httperr_explorer;
mod httperr_names;
mod httpproxy;
mod iis_probe;
mod incremental;
mod ingest23_follow_names;
mod ingest23_line_ends;
mod jobs;
mod layering;
mod left26;
mod legs24;
mod line_cache;
mod live;
mod log_open;
mod long_line;
mod machine_names;
mod mrs_refused;
mod named_values;
mod names;
mod names22b_evtx;
mod names22b_filter;
mod names22b_ticket;
mod names22b_tree;
mod names24_apart;
mod names24_filter;
mod names24_sites;
mod names24_skew;
mod names_80;
mod overview_tui;
mod pending_line;
mod pool_wording;
mod post_load;
mod redact;
mod redact_report;
mod redact_seeds;
mod refusal_names;
mod refusals;
mod refused_during;
mod report_corpus;
mod report_listed;
mod report_scenarios;
mod report_summary;
mod report_tally;
mod runs22b_boot;
mod runs22b_cut;
mod runs22b_fixed;
mod runs_view;
mod screens;
mod screens_cut;
mod seclink_whose;
mod server_cells;
mod server_names;
mod skew24_runs;
mod skew_key;
mod skipping;
mod sources_view;
mod status_bar;
mod stepping;
mod strip;
mod stuck_clients;
mod stuck_rotation;
mod substatus_status;
mod ticket_citations;
mod tuiprobe_screens;
mod unanswered25;
mod unclocked25;
mod unseen24;
mod unseen25;
mod unseen26;
mod update;
mod w3c;
mod w3c21_damage;
mod w3c_edges;
mod w3c_first_line;
mod w3c_shapes;
mod watch;
mod watch_signal;
mod window;
mod window_local_clock;
mod window_proxy;
mod window_tui;
mod windows;
mod words25;

/// The name libtest runs a test of this binary by (`--exact`, for a test that runs another in a
/// child process): its `module_path!()` without the crate's name, then the function's name.
fn test_name(module_path: &str, test: &str) -> String {
    let module = module_path.split_once("::").map_or("", |(_, m)| m);
    format!("{module}::{test}")
}
mod unanswered26;
