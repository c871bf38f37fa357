#ifndef SIAX_FAULT_AROUND_H
#define SIAX_FAULT_AROUND_H

/// Turns the kernel's fault-around off for the given page-aligned address
/// ranges (`starts[i]` to `ends[i]`), so that a page fault there maps the one
/// page touched instead of up to 64 KiB around it. Done by registering the
/// ranges with a userfaultfd for asynchronous write-protect tracking
/// (`UFFD_FEATURE_WP_ASYNC`, Linux 6.7): the kernel does no fault-around in a
/// registered range, and in asynchronous mode it needs no handler thread.
/// Meant for read-only mappings, where there are no writes to track.
///
/// Returns how many ranges were registered, or a negative errno when
/// userfaultfd is not available (older kernel, seccomp filter).
int siax_fault_around_off(const unsigned long *starts, const unsigned long *ends, int count);

/// Whether the userfaultfd system call is allowed in this process, tried in a
/// forked child (which inherits the process's seccomp filter): under a filter,
/// a call it does not allow may kill the caller, as systemd's
/// `SystemCallFilter=` does by default. Returns 1 when the child's call
/// succeeded, 0 when it failed or the child was killed.
int siax_userfaultfd_allowed(void);

#endif
