# The smallest managed app for scripts/bench (runtime posix-sh, Tests/Bench/runtimes/):
# one process that sleeps until it is stopped.
exec sleep infinity
