//! Work over many files on the machine's cores, results in the order of
//! the files: `check` of many drafts, the review desk's folder.

/// `f` over `items` on the machine's cores, results in order. Each worker
/// takes the next item when it is done with one (a slow file does not
/// hold up a share of the others); the items of a worker that panicked
/// are done again here, so every item has its result.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads =
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    // A worker that panicked leaves its items unchecked: do them here.
    slots.into_iter().zip(items).map(|(r, item)| r.unwrap_or_else(|| f(item))).collect()
}
