/// A `{name}` an `exec_start` element may contain, replaced by a value from the app spec.
///
/// `{args...}` is not one of these: it is a whole element of its own (see `ExecTemplate`).
public enum Placeholder: String, Sendable, CaseIterable {
    /// The interpreter's absolute path, resolved from the definition.
    case interpreter
    /// The spec's `script_path`.
    case scriptPath = "script_path"
    /// The spec's `working_dir`.
    case workingDir = "working_dir"
    /// The script as a dotted module name relative to the working dir (`pkg/main.py` → `pkg.main`).
    case module
    /// The spec's `port` (required when the template uses it).
    case port
    /// The app's name.
    case name

    /// The placeholder as written in a template, e.g. `{script_path}`.
    public var token: String { "{\(rawValue)}" }
}
