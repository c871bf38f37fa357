import Foundation
import Kernel

/// Loads runtime definitions (`*.json`) from directories into a `RuntimeCatalog`.
public enum RuntimeLoader {
    /// Files larger than this are refused (a definition is a few hundred bytes).
    public static let maxFileBytes = 256 * 1024

    /// Loads every `*.json` of each directory, directories in order and files by
    /// name; a later definition with the same id replaces an earlier one.
    ///
    /// A file that cannot be loaded becomes an issue and is skipped; the others
    /// still load. A directory that does not exist is skipped silently (the
    /// configured `runtime_dirs` are optional).
    public static func load(
        directories: [String], searchPath: [String] = InterpreterSearchPath.standard()
    ) -> (catalog: RuntimeCatalog, issues: [RuntimeLoadIssue]) {
        var runtimes: [any Runtime] = []
        var issues: [RuntimeLoadIssue] = []
        for directory in directories {
            do {
                for file in try definitionFiles(in: directory) {
                    do {
                        runtimes.append(JSONRuntime(
                            definition: try definition(at: file), definitionDirectory: (file as NSString).deletingLastPathComponent,
                            searchPath: searchPath))
                    } catch {
                        issues.append(error)
                    }
                }
            } catch {
                issues.append(error)
            }
        }
        return (RuntimeCatalog(runtimes), issues)
    }

    /// Reads and decodes one definition file; every problem names the file, and the key when one is at fault.
    public static func definition(at file: String) throws(RuntimeLoadIssue) -> RuntimeDefinition {
        func issue(_ key: String?, _ message: String) -> RuntimeLoadIssue {
            RuntimeLoadIssue(file: file, key: key, message: message)
        }
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
            if size > maxFileBytes { throw issue(nil, "is larger than \(maxFileBytes) bytes") }
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as RuntimeLoadIssue {
            throw error
        } catch {
            throw issue(nil, "cannot be read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(RuntimeDefinition.self, from: data)
        } catch {
            if case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw issue(nil, "is not valid JSON: \(syntaxError(in: data) ?? context.debugDescription)")
            }
            let (path, message) = describe(error)
            throw issue(path.isEmpty ? nil : path, message)
        }
    }

    /// The key path and message of a decoding error, in the words of the config loader's errors.
    private static func describe(_ error: any Error) -> (path: String, message: String) {
        let (path, message) = StrictKeys.describe(error)
        switch error {
        case DecodingError.typeMismatch(let type, _) where type is [Any].Type:
            return (path, "expected a list")
        case DecodingError.typeMismatch(let type, _) where type is [String: Any].Type:
            return (path, "expected an object")
        default:
            return (path, message)
        }
    }

    /// Where the JSON syntax breaks (e.g. `Unexpected end of file`); `JSONDecoder` does not say.
    private static func syntaxError(in data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return nil
        } catch {
            return (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        }
    }

    /// The `*.json` files of `directory`, sorted by name; hidden files are ignored.
    static func definitionFiles(in directory: String) throws(RuntimeLoadIssue) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw RuntimeLoadIssue(file: directory, key: nil, message: "is not a directory") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw RuntimeLoadIssue(file: directory, key: nil, message: "cannot be listed: \(error.localizedDescription)")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(base)/\($0)" }
    }
}
