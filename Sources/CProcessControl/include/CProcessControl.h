#ifndef SIAX_PROCESS_CONTROL_H
#define SIAX_PROCESS_CONTROL_H

/// Turns transparent huge pages off for this process and the children it forks
/// (`prctl(PR_SET_THP_DISABLE, 1)`; `prctl` is variadic, so Swift cannot call it).
/// Returns 0, or -1 with `errno` set.
int siax_disable_transparent_huge_pages(void);

#endif
