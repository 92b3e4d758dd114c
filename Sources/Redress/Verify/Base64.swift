import Crypto
import Foundation
import RedressDomain
import RedressStore

/// Standard base64, as checkpoints write roots.
enum Base64 {
    /// `bytes` in standard base64 with padding.
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
