/// What the libFuzzer targets share (built only by tools/fuzz).
///
/// SwiftPM links a debug executable with `main` renamed to `<module>_main`, so libFuzzer's
/// own `main` is never used: each target's entry point starts libFuzzer's driver with this.
// swift-format-ignore: AlwaysUseLowerCamelCase
// The name is libFuzzer's C symbol.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver with the process arguments and one input callback.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}
