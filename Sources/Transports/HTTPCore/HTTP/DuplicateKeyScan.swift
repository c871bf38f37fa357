/// Finds the first object key that a JSON text repeats within one object
/// (`{"name":"a","name":"b"}`): Foundation's decoders keep the last value
/// silently, so a body could say one thing to a reader and another to the agent.
///
/// A single pass over the bytes, without building values; keys are compared
/// as written (escapes not decoded). Malformed JSON is left to the decoder.
enum DuplicateKeyScan {
    /// One open container: an object's keys so far (nil for an array) and the key it is the value of.
    private struct Container {
        var keys: Set<[UInt8]>?
        var name: String?
    }

    /// The dotted path of the first repeated key (`limits.memory_max`), or nil.
    static func firstDuplicate(in bytes: [UInt8]) -> String? {
        var stack: [Container] = []
        var expectingKey = false
        var lastKey: [UInt8]?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(Container(keys: [], name: lastKey.map { String(decoding: $0, as: UTF8.self) }))
                expectingKey = true
                lastKey = nil
            case UInt8(ascii: "["):
                stack.append(Container(keys: nil, name: lastKey.map { String(decoding: $0, as: UTF8.self) }))
                lastKey = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                expectingKey = false
                lastKey = nil
            case UInt8(ascii: ","):
                expectingKey = stack.last?.keys != nil
                lastKey = nil
            case UInt8(ascii: "\""):
                let (string, end) = readString(bytes, from: index)
                index = end
                if expectingKey, var keys = stack.last?.keys {
                    if !keys.insert(string).inserted {
                        let path = stack.compactMap(\.name) + [String(decoding: string, as: UTF8.self)]
                        return path.joined(separator: ".")
                    }
                    stack[stack.count - 1].keys = keys
                    lastKey = string
                    expectingKey = false
                }
                continue
            default:
                break
            }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// The bytes of the string starting at `start` (a quote), and the index after its closing quote.
    private static func readString(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int) {
        var string: [UInt8] = []
        var index = bytes.index(after: start)
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return (string, bytes.index(after: index)) }
            string.append(byte)
            if byte == UInt8(ascii: "\\") {
                index = bytes.index(after: index)
                guard index != bytes.endIndex else { break }
                string.append(bytes[index])
            }
            index = bytes.index(after: index)
        }
        return (string, index)
    }
}
