//! Background jobs: loading (domain pipeline + lookups), regex search over a pane, filter scans,
//! re-merging IIS rows after an offset change, live follow polls ([`follow`]). Each job is a plain blocking body (tests call
//! them directly); the app loop runs them as one job type ([`job`]: newest wins per kind,
//! cancel flag, throttled progress, panics reported) on tokio's blocking pool.

pub mod follow;
pub mod job;
pub mod scan;
pub mod search;

use crate::index::{Merged, RequestIndex};
use crate::pipeline::{self, LoadOptions};
use crate::progress::Progress;
use crate::source::SourceInfo;
use crate::tui::clipboard::CopyReport;
use crate::tui::error::ShellError;
use crate::tui::model::clock::Clock;
use crate::tui::model::data::Data;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::{Timeline, merge};
use job::JobCtx;
use scan::{FilterJob, FilterOutcome};
pub use search::{PaneRows, SearchJob, search};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Loaded data with its offset-dependent orders, or why loading failed.
pub type LoadResult = Result<Box<(Arc<Data>, Timeline)>, ShellError>;

/// What a job reports.
#[derive(Debug)]
pub enum WorkerMsg {
    /// Load progress.
    Progress {
        /// Units done.
        done: u64,
        /// Units in all.
        total: u64,
    },
    /// One source finished loading.
    SourceLoaded(Box<SourceInfo>),
    /// The load finished.
    Loaded(LoadResult),
    /// Search progress.
    SearchProgress {
        /// The search's generation.
        generation: u64,
        /// Rows scanned.
        done: u64,
        /// Rows in all.
        total: u64,
    },
    /// A search finished.
    SearchDone {
        /// The search's generation.
        generation: u64,
        /// Matching rows in pane order.
        matches: Vec<RowRef>,
    },
    /// A job crashed (a bug); the message says which and why.
    Crashed(job::JobKind, String),
    /// Filter scan progress.
    FilterProgress {
        /// The pane.
        pane: PaneId,
        /// The stack's generation.
        generation: u64,
        /// Rows scanned.
        done: u64,
        /// Rows to scan.
        total: u64,
    },
    /// A filter scan finished.
    Filtered(Box<FilterOutcome>),
    /// Text was copied (or could not be).
    Copied {
        /// What was copied, for the message (`handshake`, `3 marks` …).
        what: String,
        /// Where it went.
        result: Result<CopyReport, ShellError>,
    },
    /// The notes file was written (or not).
    Written(Result<PathBuf, ShellError>),
    /// Lines read for the view.
    Lines {
        /// The data they were read from.
        data: crate::tui::model::lines::DataKey,
        /// Each line with its text (none: no such line).
        read: Vec<(crate::analyze::finding::Evidence, Option<String>)>,
    },
    /// A ticket text was built: copy it or write it.
    Built {
        /// Where it goes.
        to: crate::tui::ticket::Destination,
        /// The text.
        text: String,
    },
    /// Live follow started: how many sources are followed.
    Following(usize),
    /// A live follow poll finished (with the next data, when the logs changed it).
    Live(Box<follow::Followed>),
    /// A re-merge finished.
    Merged {
        /// The re-merge's generation.
        generation: u64,
        /// The new IIS order.
        merged: Merged,
        /// The offsets it was built with.
        clock: Box<Clock>,
    },
}

pub(crate) const PROGRESS_EVERY: Duration = Duration::from_millis(80);

/// Load progress through a job: throttled by the job, cancelled when a newer load starts.
struct LoadProgress<'a>(&'a JobCtx);

impl Progress for LoadProgress<'_> {
    fn report(&self, done: u64, total: u64) {
        self.0.progress(|| WorkerMsg::Progress { done, total });
    }

    fn is_cancelled(&self) -> bool {
        self.0.cancelled()
    }

    fn source_loaded(&self, info: &SourceInfo) {
        self.0.send(WorkerMsg::SourceLoaded(Box::new(info.clone())));
    }
}

/// Runs the pipeline and builds the UI's lookups (blocking). The IIS merge needs only the
/// indexes: it runs on another thread from the moment they are complete, beside the rest of
/// the load and the lookups.
pub fn load(paths: &[PathBuf], opts: &LoadOptions, progress: &dyn Progress) -> LoadResult {
    load_annotated(paths, opts, progress, &|_| {})
}

/// What a load adds to the analysis before the explorer sees it (`--auto`: what it found).
pub type Annotate = std::sync::Arc<dyn Fn(&mut crate::pipeline::Analysis) + Send + Sync>;

/// [`load`], with `annotate` applied to the analysis before the lookups are built.
pub fn load_annotated(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &dyn Progress,
    annotate: &(dyn Fn(&mut crate::pipeline::Analysis) + Sync),
) -> LoadResult {
    let clock = Clock::default();
    let (loaded, merged) = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<Arc<RequestIndex>>>();
        let clock = &clock;
        let merging = s.spawn(move || rx.recv().ok().map(|r| merge(&r, clock)));
        let loaded = {
            let mut ready = |r: &[Arc<RequestIndex>]| {
                let _ = tx.send(r.to_vec());
            };
            pipeline::Follow::load_with(paths, opts, progress, &mut ready)
        };
        // Never told (a failed load): the merging thread ends.
        drop(tx);
        let loaded = loaded.map(|(mut analysis, follow)| {
            annotate(&mut analysis);
            (Data::new(analysis), follow)
        });
        match merging.join() {
            Ok(merged) => (loaded, merged),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (data, follow) = loaded?;
    let merged = merged.unwrap_or_else(|| merge(&data.analysis.requests, &clock));
    if let Ok(mut slot) = data.follow.lock() {
        *slot = Some(follow);
    }
    let timeline = Timeline::with_merged(&data, &clock, merged);
    Ok(Box::new((Arc::new(data), timeline)))
}

/// A load job: given a progress sink, produce the data.
pub type Loader = Box<dyn FnOnce(&dyn Progress) -> LoadResult + Send>;

/// The pipeline as a load job.
pub fn pipeline_loader(paths: Vec<PathBuf>, opts: LoadOptions) -> Loader {
    annotated_loader(paths, opts, std::sync::Arc::new(|_| {}))
}

/// The pipeline as a load job, the analysis annotated before the lookups are built.
pub fn annotated_loader(paths: Vec<PathBuf>, mut opts: LoadOptions, annotate: Annotate) -> Loader {
    opts.index = true;
    Box::new(move |progress: &dyn Progress| {
        load_annotated(&paths, &opts, progress, annotate.as_ref())
    })
}

/// The body of a load job: the loader with the job's throttled progress and cancel flag (a
/// panic reaches the model as a crashed [`job::JobKind::Load`]).
pub fn load_job(loader: Loader, ctx: &JobCtx) -> Option<WorkerMsg> {
    Some(WorkerMsg::Loaded(loader(&LoadProgress(ctx))))
}

/// The text a search looks at: an HCW entry's context, message and body; an IIS line as logged.
pub fn search_text(data: &Data, row: RowRef) -> String {
    match row {
        RowRef::Hcw(e) => {
            let Some(entry) = data.analysis.hcw.get(e as usize) else {
                return String::new();
            };
            let ctx: Vec<String> = entry
                .context
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!("[{}] {}", ctx.join(", "), entry.full_text())
        }
        RowRef::Iis(k, r) => data
            .analysis
            .requests
            .get(usize::from(k))
            .map(|i| i.text(r as usize))
            .unwrap_or_default(),
    }
}

/// The body of a search job: stops early when a newer search started.
pub fn search_job(job: &SearchJob, ctx: &JobCtx) -> Option<WorkerMsg> {
    let generation = job.generation;
    let mut report = |done: u64, total: u64| {
        ctx.progress(|| WorkerMsg::SearchProgress {
            generation,
            done,
            total,
        });
        !ctx.cancelled()
    };
    search(job, &mut report).map(|matches| WorkerMsg::SearchDone {
        generation,
        matches,
    })
}

/// The body of a filter scan job: the flag stops it between two chunks.
pub fn filter_job(job: &FilterJob, ctx: &JobCtx) -> Option<WorkerMsg> {
    let (pane, generation, total) = (job.pane, job.generation, job.total());
    let mut report = |done: u64| {
        ctx.progress(|| WorkerMsg::FilterProgress {
            pane,
            generation,
            done,
            total,
        });
    };
    scan::filter(job, ctx.flag(), &mut report).map(|o| WorkerMsg::Filtered(Box::new(o)))
}

/// The body of a re-merge job: the IIS rows merged with new offsets.
pub fn remerge_job(data: &Data, clock: Clock, generation: u64) -> Option<WorkerMsg> {
    let merged = merge(&data.analysis.requests, &clock);
    Some(WorkerMsg::Merged {
        generation,
        merged,
        clock: Box::new(clock),
    })
}

/// Runs a job, turning a panic into an error message (the panic hook kept the screen).
pub fn guarded<T>(job: impl FnOnce() -> T) -> Result<T, ShellError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).map_err(|_| ShellError::Crashed {
        report_to: crate::tui::terminal::report_to().to_string(),
        detail: crate::tui::terminal::take_worker_panic().unwrap_or_default(),
    })
}
