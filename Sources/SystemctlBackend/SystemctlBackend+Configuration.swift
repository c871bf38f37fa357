extension SystemctlBackend {
    /// Settings of the `systemctl`/`journalctl` backend.
    public struct Configuration: Sendable, Equatable {
        /// Run `systemctl` and `journalctl` through `sudo -n` (agent not running as root).
        public var useSudo: Bool
        /// The `systemctl` binary.
        public var systemctlPath: String
        /// The `journalctl` binary.
        public var journalctlPath: String
        /// The `sudo` binary, when `useSudo` is set.
        public var sudoPath: String
        /// Longest time one `systemctl`/`journalctl` call may take (start/stop wait for their job).
        public var operationTimeout: Duration
        /// Time between two status polls of `stateChanges(of:)`.
        public var pollInterval: Duration

        /// Creates a configuration; every setting has a default.
        public init(
            useSudo: Bool = false, systemctlPath: String = "/usr/bin/systemctl",
            journalctlPath: String = "/usr/bin/journalctl", sudoPath: String = "/usr/bin/sudo",
            operationTimeout: Duration = .seconds(90), pollInterval: Duration = .seconds(2)
        ) {
            self.useSudo = useSudo
            self.systemctlPath = systemctlPath
            self.journalctlPath = journalctlPath
            self.sudoPath = sudoPath
            self.operationTimeout = operationTimeout
            self.pollInterval = pollInterval
        }
    }
}
