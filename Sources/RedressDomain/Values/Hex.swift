/// Lowercase hexadecimal: the one encoder for hashes, digests, key hashes and JSON's `\u00xx` escapes.
public enum Hex {
    /// Appends the two lowercase hex digits of `byte` to `bytes` (UTF-8).
    @inline(__always)
    public static func append(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(digit(byte >> 4))
        bytes.append(digit(byte & 0xF))
    }

    /// The lowercase hex digit (UTF-8) of a value below 16.
    @inline(__always)
    static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// Appends the lowercase hex digits of every byte of `data` to `bytes`, laid out on the stack and
    /// appended once (a hash's 64 digits appended one by one each checked the array's capacity).
    public static func append(_ data: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: data.count * 2) { text in
            for (i, byte) in data.enumerated() {
                text[2 * i] = digit(byte >> 4)
                text[2 * i + 1] = digit(byte & 0xF)
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
