#include "fault_around.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Debian 12's kernel headers (6.1) predate these.
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)
#endif

/// The userfaultfd the ranges are registered with. It stays open for the life
/// of the process: closing it would end the registrations.
static int registrations = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/// User-mode faults only: needs no privilege, and the kernel's own accesses are left alone.
static const int userfaultfd_flags = O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY;

/// Opens the userfaultfd in asynchronous write-protect mode; a negative errno on failure.
static int open_registrations(void) {
    int fd = (int)syscall(SYS_userfaultfd, userfaultfd_flags);
    if (fd < 0) return -errno;
    struct uffdio_api api = {.api = UFFD_API, .features = UFFD_FEATURE_WP_ASYNC};
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int siax_fault_around_off(const unsigned long *starts, const unsigned long *ends, int count) {
    pthread_mutex_lock(&lock);
    if (registrations < 0) registrations = open_registrations();
    int result = registrations;
    if (registrations >= 0) {
        result = 0;
        for (int i = 0; i < count; i++) {
            struct uffdio_register range = {
                .range = {.start = starts[i], .len = ends[i] - starts[i]},
                .mode = UFFDIO_REGISTER_MODE_WP,
            };
            if (ioctl(registrations, UFFDIO_REGISTER, &range) == 0) result++;
        }
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int siax_userfaultfd_allowed(void) {
    pid_t child = fork();
    if (child < 0) return 0;
    if (child == 0) {
        // Only async-signal-safe calls here (the parent has threads). No core dump if the filter kills.
        prctl(PR_SET_DUMPABLE, 0);
        _exit(syscall(SYS_userfaultfd, userfaultfd_flags) >= 0 ? 0 : 1);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return 0;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
