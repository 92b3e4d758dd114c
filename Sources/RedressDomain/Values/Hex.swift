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

    /// The bytes as lowercase hex digits.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for byte in bytes { append(byte, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
