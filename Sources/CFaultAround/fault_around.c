#include "fault_around.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
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

/// Opens the userfaultfd in asynchronous write-protect mode; a negative errno on failure.
static int open_registrations(void) {
    // User-mode faults only: needs no privilege, and the kernel's own accesses are left alone.
    int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
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
