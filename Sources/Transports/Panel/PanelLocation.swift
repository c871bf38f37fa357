import Foundation
import Kernel

/// Where the web panel's files are on disk. Looked up without `Bundle.module`,
/// which stops the process when its bundle is not beside the executable: an
/// installed agent whose panel is missing gets a clear error at start instead.
enum PanelLocation {
    /// The folder that holds `index.html`:
    /// 1. `$SIAX_PANEL_DIR` when set (and then nothing else);
    /// 2. SwiftPM's resource bundle of this target beside the executable
    ///    (`siax-agent_WebPanel.resources`: the development tree, and a release installed with it);
    /// 3. `share/siax-agent/panel` under an ancestor of the executable's folder
    ///    (`/opt/siax-agent/releases/<v>/bin/siax-agent` → `<v>/share/siax-agent/panel`).
    static func directory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String? = currentExecutable()
    ) throws -> URL {
        if let configured = environment["SIAX_PANEL_DIR"], !configured.isEmpty {
            guard hasIndex(configured) else {
                throw SiaxError(.internal, "SIAX_PANEL_DIR=\(configured): no index.html there", field: "SIAX_PANEL_DIR")
            }
            return URL(fileURLWithPath: configured)
        }
        var tried: [String] = []
        if let executable {
            let folder = (executable as NSString).deletingLastPathComponent
            let bundle = "\(folder)/siax-agent_WebPanel.resources"
            if hasIndex(bundle) { return URL(fileURLWithPath: bundle) }
            tried.append(bundle)
            var ancestor = folder
            while !ancestor.isEmpty && ancestor != "/" {
                let candidate = "\(ancestor)/share/siax-agent/panel"
                if hasIndex(candidate) { return URL(fileURLWithPath: candidate) }
                tried.append(candidate)
                ancestor = (ancestor as NSString).deletingLastPathComponent
            }
        }
        throw SiaxError(
            .internal,
            "the web panel's files are missing (no index.html in \(tried.isEmpty ? "any known place" : tried.joined(separator: ", "))): install them beside the binary, or set SIAX_PANEL_DIR",
            field: "SIAX_PANEL_DIR")
    }

    /// The running executable's real path.
    static func currentExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }

    private static func hasIndex(_ folder: String) -> Bool {
        FileManager.default.isReadableFile(atPath: "\(folder)/index.html")
    }
}
