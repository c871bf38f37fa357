#!/usr/bin/env python3
"""Drops a file's clean pages from the page cache (posix_fadvise DONTNEED), so that the next
process to read it is charged for them, as after a boot. Pages some process maps stay.

Usage: evict_page_cache.py FILE...
"""

import os
import sys


def main():
    for path in sys.argv[1:]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


if __name__ == "__main__":
    main()
