# A managed app for scripts/soak (runtime posix-sh, Tests/Bench/runtimes/): one log line a
# second, so that every WebSocket follower has something to read. The shell stays the main
# process; its `sleep` is a child.
n=0
while :; do
    n=$((n + 1))
    echo "tick $n"
    sleep 1
done
