/// Lowercase hexadecimal: the one encoder for hashes, digests, key hashes and JSON's `\u00xx` escapes.
public enum Hex {
    /// Appends the two lowercase hex digits of `byte` to `bytes` (UTF-8).
    @inline(__always)
    public static func append(_ byte: UInt8, to bytes: inout [UInt8]) {
        let high = byte >> 4
        let low = byte & 0xF
        bytes.append(high < 10 ? 0x30 + high : 0x57 + high)
        bytes.append(low < 10 ? 0x30 + low : 0x57 + low)
    }

    /// Appends the lowercase hex digits of every byte of `data` to `bytes`, laid out on the stack and
    /// appended once (a hash's 64 digits appended one by one each checked the array's capacity).
    public static func append(_ data: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: data.count * 2) { text in
            for (i, byte) in data.enumerated() {
                let high = byte >> 4
                let low = byte & 0xF
                text[2 * i] = high < 10 ? 0x30 + high : 0x57 + high
                text[2 * i + 1] = low < 10 ? 0x30 + low : 0x57 + low
            }
            bytes.append(contentsOf: text)
        }
    }

    /// The bytes as lowercase hex digits.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for byte in bytes { append(byte, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
