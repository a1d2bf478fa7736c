//! The allocator of the `iam-audit` binary, in a crate of its own because configuring it is the
//! one call into C the binary makes (every other crate forbids `unsafe`).
//!
//! mimalloc (v3) keeps each thread's freed pages for a second before giving them back to the
//! system. An audit frees the collection's response buffers on the runtime's worker threads and
//! then, within that second, judges the run and writes the reports on another thread: both sets of
//! pages were resident at once. Purging at once took the 1,000-account benchmark's peak RSS from
//! 164 MB to 135 MB at the same CPU time (`scripts/bench`).

/// The allocator type, for `#[global_allocator]`.
pub use mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_purge_delay` (the enum `mi_option_e` in `mimalloc.h`); the Rust
/// bindings do not name it. [`tests::purge_delay_is_the_option_named`] checks it against the
/// linked library.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives freed memory back to the system at once instead of a second later. Call it first in
/// `main`, before any thread starts (mimalloc's options are not thread-safe to set).
pub fn return_freed_memory_at_once() {
    // SAFETY: sets an integer option of the linked mimalloc; called before other threads exist.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is mimalloc v3's purge delay: its default is v3's 1,000 ms (the other
    /// options near it are flags and counts), and setting it reads back.
    #[test]
    fn purge_delay_is_the_option_named() {
        // SAFETY: reads and sets an integer option; the test's thread is the only one using it.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(
            default, 1000,
            "option {PURGE_DELAY} is not mimalloc v3's purge_delay"
        );
        return_freed_memory_at_once();
        let set = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(set, 0);
    }
}
