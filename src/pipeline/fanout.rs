//! One job per file on a few threads (at most four, one per core): the threads take the files
//! in turn, and the results come back in file order. A W3C file parsed on one of them knows
//! how many are parsed at once (`parse::w3c::shared_by`) and budgets its own threads and
//! buffers to its share of the cores; a thread that finds no file left gives its core to the
//! files still parsed (`parse::w3c::Cores`).

use std::sync::Mutex;

/// `work(state, k, item)` for each of `items` (`k` its index), on up to four threads that each
/// keep one `state` (made by `state()`) across their jobs; the results in `items`' order.
pub(super) fn in_order<T: Send, R: Send, S>(
    items: Vec<T>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, T) -> R + Sync,
) -> Vec<R> {
    let count = items.len();
    let jobs: Mutex<Vec<(usize, T)>> = Mutex::new(items.into_iter().enumerate().rev().collect());
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4)
        .min(count.max(1));
    let cores = crate::parse::w3c::Cores::for_fanout(workers);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                crate::parse::w3c::shared_by(workers, (workers > 1).then(|| cores.clone()));
                let mut own = state();
                loop {
                    let job = jobs.lock().ok().and_then(|mut j| j.pop());
                    let Some((k, item)) = job else { break };
                    let r = work(&mut own, k, item);
                    if let Ok(mut res) = results.lock() {
                        res.push((k, r));
                    }
                }
                // No file left for this thread: the streams still parsed may take its core.
                cores.leave();
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(k, _)| *k);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_item_once_in_order_with_state_per_thread() {
        let items: Vec<u32> = (0..100).collect();
        let out = super::in_order(
            items,
            || 0u32,
            |seen, k, item| {
                *seen += 1;
                (k, item * 2, *seen)
            },
        );
        assert_eq!(out.len(), 100);
        for (i, (k, doubled, seen)) in out.iter().enumerate() {
            assert_eq!((*k, *doubled), (i, 2 * i as u32));
            assert!(*seen >= 1);
        }
        assert!(super::in_order(Vec::<u8>::new(), || (), |_, _, x| x).is_empty());
    }

    /// A file parsed alone may use every core; files parsed at once share them (each parse
    /// starts fewer workers and circulates fewer buffers, `parse::w3c::shared_by`).
    #[test]
    fn each_job_knows_how_many_files_are_parsed_at_once() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let alone = super::in_order(vec![()], || (), |_, _, ()| crate::parse::w3c::sharing());
        assert_eq!(alone, vec![1]);
        let many = super::in_order(vec![(); 9], || (), |_, _, ()| crate::parse::w3c::sharing());
        assert!(many.iter().all(|&n| n == cores.clamp(1, 4)), "{many:?}");
    }

    /// A thread that finds no file left frees its cores for the files still parsed: the
    /// second job sees them come free once the other thread has nothing more to take.
    #[test]
    fn a_thread_without_files_frees_its_cores_for_the_others() {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return; // one thread: nothing is shared
        }
        let at_start = crate::parse::w3c::Cores::for_fanout(2).free();
        let seen = super::in_order(
            vec![0, 1],
            || (),
            |_, _, item| {
                if item == 0 {
                    return None;
                }
                // Bounded (some seconds of yields): with the cores never given, the test fails.
                let mut free = crate::parse::w3c::free_here();
                for _ in 0..10_000_000 {
                    if free.is_none_or(|n| n > at_start) {
                        break;
                    }
                    std::thread::yield_now();
                    free = crate::parse::w3c::free_here();
                }
                free
            },
        );
        let free = seen[1].expect("the job knows the fan-out's cores");
        assert!(
            free > at_start,
            "no core came free: {free} of {at_start} at the start"
        );
    }
}
