# Sourced by scripts/setup and scripts/test: where the integration tests' Python venv
# (fastapi, uvicorn) lives. Services run with PrivateTmp=yes, so a repo cloned under /tmp
# cannot hold it (the app would not see it): then it goes under /var/lib instead.
test_venv_path() {
    local repo=$1
    case "$repo/" in
        /tmp/*) printf '/var/lib/siax-agent-test/venv-%s\n' "$(printf '%s' "$repo" | md5sum | cut -c1-8)" ;;
        *) printf '%s/.venv-test\n' "$repo" ;;
    esac
}
