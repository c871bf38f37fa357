# The smallest managed app for scripts/bench (runtime posix-sh, Tests/Bench/runtimes/):
# a shell that waits for a `sleep`. The shell stays the main process (no `exec`): the
# agent recognises an app's processes by the runtime's executables (sh, dash).
sleep infinity &
wait
