/// Sizes and time spans as `systemctl status` prints them.
enum SystemdQuantity {
    /// `1.2M` → 1258291 (systemd's suffixes are powers of 1024; `B` is bytes).
    static func bytes(_ text: String) -> UInt64? {
        let units: [Character: Double] = ["B": 1, "K": 1024, "M": 1_048_576, "G": 1_073_741_824,
                                           "T": 1_099_511_627_776, "P": 1_125_899_906_842_624]
        guard let suffix = text.last else { return nil }
        if let number = Double(text), number >= 0 { return UInt64(number) }
        guard let scale = units[suffix], let number = Double(text.dropLast()), number >= 0 else { return nil }
        return UInt64((number * scale).rounded())
    }

    /// `1min 2.345s`, `35ms`, `1h 2min`, `120us` → seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("us", 1e-6), ("ms", 1e-3), ("min", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
            ("month", 2_629_800), ("y", 31_557_600), ("s", 1),
        ]
        var total = 0.0
        let words = text.split(separator: " ")
        guard !words.isEmpty else { return nil }
        for word in words {
            guard let (suffix, scale) = units.first(where: { word.hasSuffix($0.0) && Double(word.dropLast($0.0.count)) != nil }),
                  let number = Double(word.dropLast(suffix.count))
            else { return nil }
            total += number * scale
        }
        return total
    }
}
